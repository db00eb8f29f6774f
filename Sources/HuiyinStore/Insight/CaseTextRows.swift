import Foundation
import HuiyinCore
import HuiyinInsight

/// What a case's text becomes for search and similarity, the same for every engine: the bigram
/// documents of the title and of the rest (content and every written answer), a signature hash to tell
/// whether they changed, and — at insert, when the text is new — the MinHash signature and its bands.
public struct CaseTextRows: Sendable {
    public var searchTitle: String
    public var searchBody: String
    /// Changes exactly when the searchable text changes (an answer was written).
    public var searchSig: Int64

    public init(_ c: Case) {
        let answers = [c.reply?.text, c.reviewOpinion?.text, c.recheckOpinion?.text].compactMap { $0 }
        let body = ([c.content] + answers).joined(separator: "\n")
        searchSig = Int64(bitPattern: StableHash.hash(c.title + "\u{1}" + body))
        searchTitle = SearchGrams.document(c.title)
        searchBody = SearchGrams.document(body)
    }

    /// The MinHash signature (bytes) and LSH bands of a new case's matter (title and content).
    public static func similarity(_ c: Case) -> (signature: Data, bands: [Int64])? {
        guard let sig = MinHash.signature(of: c.title + "\n" + c.content) else { return nil }
        return (Data(MinHash.encode(sig)), MinHash.bands(of: sig))
    }
}
