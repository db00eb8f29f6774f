import Foundation
import Hummingbird
import HuiyinCore
import HuiyinInsight
import HuiyinService
import HuiyinStore

/// 全文检索, 热点预警 and the 敏感期 calendar (admin).
struct InsightPages {
    let api: API
    let web: WebRenderer
    let security: WebSecurity

    struct Piece { var text: String; var hit: Bool }
    struct HitRow { var number: String; var state: String; var receivedOn: String; var title: [Piece]; var field: String?; var snippet: [Piece] }
    struct SearchModel { var q: String; var hits: [HitRow]; var total: String; var searched: Bool; var page: Int; var next: Int?; var prev: Int? }
    struct CaseRef { var number: String; var title: String; var receivedOn: String }
    struct IssueRow { var rank: Int; var label: String; var terms: String; var territory: String; var category: String; var volume: Int
        var people: Int; var likes: Int; var growth: String; var heat: String; var burst: Bool; var cases: [CaseRef] }
    struct AlertRow { var at: String; var kind: String; var title: String; var period: String? }
    struct HotModel { var days: [Option]; var territory: String; var territories: [Option]; var from: String; var to: String; var period: String?
        var issues: [IssueRow]; var alerts: [AlertRow]; var csrf: String; var canScan: Bool; var scanned: String? }
    struct PeriodsModel { var csrf: String; var json: String; var error: String?; var saved: Bool; var rows: [PeriodJSON] }

    func register(_ group: RouterGroup<HuiyinRequestContext>) {
        group.get("search") { request, _ -> Response in
            let s = try await security.staffContext(request, "/staff/search")
            let q = api.query(request)
            let text = (q["q"] ?? "").trimmed
            let page = max(1, Int(q["page"] ?? "1") ?? 1)
            var model = SearchModel(q: text, hits: [], total: "0", searched: !text.isEmpty, page: page, next: nil, prev: page > 1 ? page - 1 : nil)
            if !text.isEmpty {
                let r = try await api.huiyin.cases.search(text, page: page, by: s.user, now: api.now)
                func pieces(_ p: [Highlighter.Piece]) -> [Piece] { p.map { Piece(text: $0.text, hit: $0.hit) } }
                model.hits = r.hits.map {
                    HitRow(number: $0.view.case.number, state: $0.view.case.state.label, receivedOn: $0.view.case.receivedOn.description,
                           title: pieces($0.title), field: $0.field, snippet: pieces($0.snippet))
                }
                model.total = r.totalCapped ? "\(r.total)+" : String(r.total)
                if page * 20 < r.total { model.next = page + 1 }
            }
            return web.page("search", model, title: "全文检索", staff: s.nav, csrf: s.csrf)
        }

        group.get("hot") { request, _ -> Response in
            let s = try await security.staffContext(request, "/staff/hot")
            return try await hotPage(s, query: api.query(request), scanned: nil)
        }

        group.post("hot/scan") { request, _ -> Response in
            let s = try await security.staffContext(request, "/staff/hot")
            let form = try await WebForm.read(request, limit: api.options.maxBodyBytes)
            try security.verify(request, form, session: s.token)
            guard [.admin, .leader, .supervisor].contains(s.user.role) else {
                throw HuiyinError.forbidden("role_not_allowed", "只有领导、督查人员或管理员可以立即扫描热点")
            }
            let raised = try await api.huiyin.warnings.scan(now: api.now)
            return try await hotPage(s, query: [:], scanned: raised > 0 ? "新增预警 \(raised) 条" : "没有新的激增热点")
        }

        group.get("settings/sensitive") { request, _ -> Response in
            let s = try await security.staffContext(request, "/staff/settings/sensitive")
            guard s.user.role == .admin else { throw HuiyinError.forbidden("role_not_allowed", "只有系统管理员可以维护敏感期日历") }
            let periods = try await api.huiyin.warnings.periods().map(PeriodJSON.init)
            return web.page("sensitive", PeriodsModel(csrf: s.csrf, json: Self.json(periods), error: nil, saved: api.query(request)["saved"] != nil,
                                                      rows: periods), title: "敏感期", staff: s.nav, csrf: s.csrf)
        }

        group.post("settings/sensitive") { request, _ -> Response in
            let s = try await security.staffContext(request, "/staff/settings/sensitive")
            let form = try await WebForm.read(request, limit: api.options.maxBodyBytes)
            try security.verify(request, form, session: s.token)
            let text = form["periods"] ?? ""
            do {
                let body = try JSONDecoder().decode([PeriodJSON].self, from: Data(text.utf8))
                _ = try await api.huiyin.warnings.savePeriods(try body.enumerated().map { try $1.period($0) }, by: s.user, now: api.now)
                return WebRenderer.redirect("/staff/settings/sensitive?saved=1")
            } catch let e as HuiyinError {
                if e.kind == .forbidden { throw e }
                return web.page("sensitive", PeriodsModel(csrf: s.csrf, json: text, error: e.message, saved: false, rows: []),
                                title: "敏感期", staff: s.nav, csrf: s.csrf, status: .unprocessableContent)
            } catch {
                return web.page("sensitive", PeriodsModel(csrf: s.csrf, json: text, error: "格式不正确（应为 JSON 数组）：\(error)", saved: false, rows: []),
                                title: "敏感期", staff: s.nav, csrf: s.csrf, status: .unprocessableContent)
            }
        }
    }

    static func json(_ periods: [PeriodJSON]) -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .withoutEscapingSlashes, .sortedKeys]
        return String(decoding: (try? e.encode(periods)) ?? Data("[]".utf8), as: UTF8.self)
    }

    private func hotPage(_ s: StaffContext, query q: [String: String], scanned: String?) async throws -> Response {
        let days = Int(q["days"] ?? "7") ?? 7
        let territory = q["territory"].flatMap { $0.isEmpty ? nil : $0 }
        let report = try await api.huiyin.warnings.hot(for: s.user, territory: territory, days: days, now: api.now)
        let alerts = try await api.huiyin.warnings.alerts(for: s.user, limit: 20)
        let dir = api.huiyin.reference.snapshot.directory
        let home = s.user.unitCode.flatMap { dir.unit($0)?.territoryCode }
        let issues = report.issues.prefix(20).enumerated().map { i, issue in
            let c = issue.cluster
            return IssueRow(rank: i + 1, label: c.label, terms: c.terms.joined(separator: "、"),
                            territory: c.territory.map { dir.territory($0)?.name ?? $0 } ?? "多地",
                            category: c.category.flatMap { dir.categories.node(code: $0)?.name } ?? "多类",
                            volume: c.volume, people: c.people, likes: c.likes, growth: String(format: "%.1f 倍", c.growth),
                            heat: String(format: "%.0f", c.heat), burst: c.isBurst,
                            cases: issue.cases.prefix(8).map { CaseRef(number: $0.number, title: $0.title, receivedOn: $0.receivedOn.description) })
        }
        let windows = [7, 14, 30].map { Option(value: String($0), label: "近\($0)天", selected: $0 == days) }
        let model = HotModel(days: windows, territory: territory ?? "",
                             territories: [Option(value: "", label: "（全辖区）", selected: false)] + WebOptions.territories(dir, within: home, selected: territory),
                             from: report.from.description, to: report.to.description, period: report.period?.name, issues: Array(issues),
                             alerts: alerts.map { AlertRow(at: ChinaTime.timestamp($0.createdAt), kind: $0.kind.label, title: $0.title, period: $0.details["period"]) },
                             csrf: s.csrf, canScan: [.admin, .leader, .supervisor].contains(s.user.role), scanned: scanned)
        return web.page("hot", model, title: "热点预警", staff: s.nav, csrf: s.csrf)
    }
}
