import Foundation
import HuiyinCore
import HuiyinInsight
import HuiyinStore

/// One search result: the case as the searcher may see it, with the matched places marked.
public struct SearchHit: Sendable {
    public var view: CaseView
    public var title: [Highlighter.Piece]
    /// Where the text matched: 内容, 答复, 复查意见, 复核意见.
    public var field: String?
    public var snippet: [Highlighter.Piece]
}

/// Full-text search over cases and their answers, ranked, within what the searcher may see.
extension CaseService {
    public func search(_ text: String, page: Int = 1, perPage: Int = 20, by user: User, now: Date)
        async throws -> (total: Int, totalCapped: Bool, hits: [SearchHit]) {
        guard !text.trimmed.isEmpty else { throw HuiyinError.missing("q", "搜索内容") }
        var filter = CaseFilter()
        filter.q = text
        filter.page = String(page)
        filter.perPage = String(perPage)
        let result = try await list(filter, by: user, now: now)
        let needles = SearchGrams.query(text)?.needles ?? [text.trimmed]
        let hits = result.views.map { v -> SearchHit in
            let c = v.case
            let fields = [("内容", c.content), ("答复", c.reply?.text), ("复查意见", c.reviewOpinion?.text), ("复核意见", c.recheckOpinion?.text)]
            for (name, body) in fields {
                if let body, let pieces = Highlighter.snippet(body, needles: needles, width: 90) {
                    return SearchHit(view: v, title: Highlighter.snippet(c.title, needles: needles, width: 200) ?? [.init(c.title, hit: false)],
                                     field: name, snippet: pieces)
                }
            }
            return SearchHit(view: v, title: Highlighter.snippet(c.title, needles: needles, width: 200) ?? [.init(c.title, hit: false)],
                             field: nil, snippet: [.init(String(c.content.prefix(90)), hit: false)])
        }
        return (result.total, result.totalCapped, hits)
    }
}
