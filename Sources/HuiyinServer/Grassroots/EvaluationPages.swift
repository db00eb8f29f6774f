import Foundation
import Hummingbird
import HuiyinCore
import HuiyinService
import HuiyinStore

/// 群众评议 pages: the workbench list with the campaign form, one campaign (ranking, paper questionnaires,
/// publishing), and on the portal the rating form of open campaigns and the published results.
struct EvaluationPages {
    let api: API
    let web: WebRenderer
    let security: WebSecurity

    struct CampaignRow { var id: Int64; var title: String; var territory: String; var period: String; var status: String; var units: Int
        var published: Bool }
    struct ResultRow { var rank: Int; var unit: String; var name: String; var votes: Int; var satisfied: Int; var basic: Int; var unsatisfied: Int
        var rate: String; var ratingScore: String; var cases: Int; var caseScore: String; var combined: String; var flagged: Bool }
    struct ListModel { var rows: [CampaignRow]; var csrf: String; var canCreate: Bool; var territories: [Option]; var units: [Option]
        var opensOn: String; var closesOn: String; var error: String? }
    struct DetailModel { var c: CampaignRow; var note: String?; var weight: Int; var caseWeight: Int; var flagLast: Int; var voters: Int; var votes: Int
        var results: [ResultRow]; var comments: [String]; var hasComments: Bool; var csrf: String; var mayEnterPaper: Bool; var mayPublish: Bool
        var mayWithdraw: Bool; var units: [Option]; var error: String? }
    struct PublicUnit { var code: String; var name: String; var field: String }
    struct PublicCampaign { var id: Int64; var title: String; var territory: String; var period: String; var units: [PublicUnit] }
    struct PublicModel { var open: [PublicCampaign]; var published: [CampaignRow]; var csrf: String; var phone: String; var error: String? }
    struct PublicResultsModel { var c: CampaignRow; var weight: Int; var caseWeight: Int; var results: [ResultRow] }

    func row(_ c: EvaluationCampaign, units: Int, _ dir: Directory) -> CampaignRow {
        CampaignRow(id: c.id, title: c.title, territory: dir.territory(c.territoryCode)?.name ?? c.territoryCode,
                    period: "\(c.opensOn) 至 \(c.closesOn)",
                    status: c.status(today: ChinaTime.localDate(api.now)).label + (c.published ? "（结果已公布）" : ""), units: units,
                    published: c.published)
    }

    static func score(_ x: Double?) -> String { x.map { String(format: "%.2f", $0) } ?? "—" }

    func results(_ r: EvaluationService.Results) -> [ResultRow] {
        r.rows.map { u in
            ResultRow(rank: u.standing.rank, unit: u.unitCode, name: u.unitName, votes: u.tally.votes, satisfied: u.tally.satisfied,
                      basic: u.tally.basic, unsatisfied: u.tally.unsatisfied, rate: u.satisfaction.text(), ratingScore: Self.score(u.standing.ratingScore),
                      cases: u.cases, caseScore: Self.score(u.standing.caseScore), combined: Self.score(u.standing.combined), flagged: u.standing.flagged)
        }
    }

    func register(_ router: Router<HuiyinRequestContext>, staff group: RouterGroup<HuiyinRequestContext>, portal: RouterGroup<HuiyinRequestContext>) {
        portal.get("evaluation") { request, _ -> Response in
            let (csrf, cookie) = WebSecurity.anonymousToken(request)
            return try await publicPage(csrf: csrf, phone: "", error: nil, flash: nil, cookies: cookie.map { [$0] } ?? [])
        }

        portal.post("evaluation/:id/vote") { request, context -> Response in
            let form = try await WebForm.read(request, limit: 64 << 10)
            try security.verify(request, form, session: nil)
            let id = try EvaluationRoutes.id(context)
            let csrf = WebSecurity.anonymousToken(request).token
            // One radio group per unit, named `unit-<code>`; units left blank are not rated.
            let ratings = form.fields.filter { $0.name.hasPrefix("unit-") && !$0.value.isEmpty }
                .map { EvaluationService.RatingInput(unit: String($0.name.dropFirst(5)), rating: $0.value) }
            do {
                try api.countPublicVote(request, context)
                _ = try await api.huiyin.evaluations.vote(id: id, phone: form["phone"], ratings: ratings, comment: form["comment"], now: api.now)
                return try await publicPage(csrf: csrf, phone: "", error: nil, flash: "评价已提交，感谢您的参与", status: .created)
            } catch let e as HuiyinError where [.invalid, .conflict, .rateLimited].contains(e.kind) {
                return try await publicPage(csrf: csrf, phone: form["phone"] ?? "", error: e.message, flash: nil,
                                            status: APIErrorMiddleware<HuiyinRequestContext>.status(e.kind))
            }
        }

        portal.get("evaluation/:id") { _, context -> Response in
            let r = try await api.huiyin.evaluations.publicResults(id: try EvaluationRoutes.id(context), now: api.now)
            let dir = api.huiyin.reference.snapshot.directory
            return web.page("portal-evaluation-results",
                            PublicResultsModel(c: row(r.campaign, units: r.rows.count, dir), weight: r.campaign.ratingWeight,
                                               caseWeight: 100 - r.campaign.ratingWeight, results: results(r)),
                            title: r.campaign.title)
        }

        group.get("evaluations") { request, _ -> Response in
            let s = try await security.staffContext(request, "/staff/evaluations")
            return try await listPage(s, error: nil)
        }

        group.post("evaluations") { request, _ -> Response in
            let s = try await security.staffContext(request, "/staff/evaluations")
            let form = try await WebForm.read(request, limit: api.options.maxBodyBytes)
            try security.verify(request, form, session: s.token)
            do {
                let v = try await api.huiyin.evaluations.create(
                    .init(title: form["title"], territory: form["territory"]?.trimmedOrNil, opensOn: form["opens_on"], closesOn: form["closes_on"],
                          units: form.all("units"), ratingWeight: try Self.number(form["rating_weight"], field: "rating_weight"),
                          flagLast: try Self.number(form["flag_last"], field: "flag_last"), note: form["note"]),
                    by: .user(s.user), now: api.now)
                return WebRenderer.redirect("/staff/evaluations/\(v.campaign.id)")
            } catch let e as HuiyinError where e.kind != .notFound {
                return try await listPage(s, error: e.message, status: e.kind == .forbidden ? .forbidden : .unprocessableContent)
            }
        }

        group.get("evaluations/:id") { request, context -> Response in
            let s = try await security.staffContext(request, "/staff/evaluations")
            return try await detailPage(s, try EvaluationRoutes.id(context), error: nil)
        }

        group.post("evaluations/:id/:step") { request, context -> Response in
            let s = try await security.staffContext(request, "/staff/evaluations")
            let id = try EvaluationRoutes.id(context)
            let form = try await WebForm.read(request, limit: api.options.maxBodyBytes)
            try security.verify(request, form, session: s.token)
            let service = api.huiyin.evaluations
            do {
                switch context.parameters.get("step") ?? "" {
                case "publish": _ = try await service.setPublished(id: id, true, by: .user(s.user), now: api.now)
                case "withdraw": _ = try await service.setPublished(id: id, false, by: .user(s.user), now: api.now)
                case "ballots":
                    _ = try await service.addPaperBallots(id: id, unit: form["unit"], satisfied: try Self.number(form["satisfied"], field: "satisfied"),
                                                          basic: try Self.number(form["basic"], field: "basic"),
                                                          unsatisfied: try Self.number(form["unsatisfied"], field: "unsatisfied"),
                                                          by: .user(s.user), now: api.now)
                default: throw HuiyinError.notFound("page_not_found", "页面不存在")
                }
                return WebRenderer.redirect("/staff/evaluations/\(id)")
            } catch let e as HuiyinError where e.kind != .notFound {
                return try await detailPage(s, id, error: e.message, status: e.kind == .forbidden ? .forbidden : .unprocessableContent)
            }
        }
    }

    /// A whole number from a form field, nil when blank.
    static func number(_ raw: String?, field: String) throws -> Int? {
        guard let t = raw?.trimmedOrNil else { return nil }
        guard let n = Int(t) else { throw HuiyinError.invalid("invalid_number", "请填写整数", field: field) }
        return n
    }

    func listPage(_ s: StaffContext, error: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        let dir = api.huiyin.reference.snapshot.directory
        let today = ChinaTime.localDate(api.now)
        let campaigns = try await api.huiyin.evaluations.list(by: .user(s.user))
        let territories = api.huiyin.mediation.territories(for: s.user).filter { $0.level < .village }
        let covered = Set(territories.map(\.code))
        let units = dir.units.values.filter { covered.contains($0.territoryCode) }
            .sorted { (dir.territoryPath($0.territoryCode) ?? "", $0.code) < (dir.territoryPath($1.territoryCode) ?? "", $1.code) }
        let model = ListModel(
            rows: campaigns.map { row($0.campaign, units: $0.units.count, dir) }, csrf: s.csrf,
            canCreate: [.dispatcher, .leader, .admin].contains(s.user.role),
            territories: [Option(value: "", label: "（本单位所在属地）", selected: true)] + territories.map { Option(value: $0.code, label: $0.name, selected: false) },
            units: units.map { Option(value: $0.code, label: $0.name, selected: false) },
            opensOn: today.description, closesOn: today.adding(days: 30).description, error: error)
        return web.page("evaluations", model, title: "群众评议", staff: s.nav, csrf: s.csrf, status: status)
    }

    func detailPage(_ s: StaffContext, _ id: Int64, error: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        let service = api.huiyin.evaluations
        let v = try await service.detail(id: id, by: .user(s.user), now: api.now)
        let r = try await service.results(id: id, by: .user(s.user), now: api.now)
        let dir = api.huiyin.reference.snapshot.directory
        let c = v.campaign
        let model = DetailModel(
            c: row(c, units: v.units.count, dir), note: c.note.isEmpty ? nil : c.note, weight: c.ratingWeight, caseWeight: 100 - c.ratingWeight, flagLast: c.flagLast,
            voters: v.voters, votes: v.votes, results: results(r),
            comments: v.comments.map { "\(ChinaTime.localDate($0.at))　\($0.comment)" }, hasComments: !v.comments.isEmpty, csrf: s.csrf,
            mayEnterPaper: v.mayManage && v.status != .upcoming && !c.published, mayPublish: v.mayManage && v.status == .closed && !c.published,
            mayWithdraw: v.mayManage && c.published, units: v.units.map { Option(value: $0, label: dir.unit($0)?.name ?? $0, selected: false) },
            error: error)
        return web.page("evaluation", model, title: c.title, staff: s.nav, csrf: s.csrf, status: status)
    }

    func publicPage(csrf: String, phone: String, error: String?, flash: String?, status: HTTPResponse.Status = .ok,
                    cookies: [String] = []) async throws -> Response {
        let dir = api.huiyin.reference.snapshot.directory
        let today = ChinaTime.localDate(api.now)
        let all = try await api.huiyin.evaluations.publicList(now: api.now)
        let open = all.filter { $0.campaign.status(today: today) == .open }.map { c, units in
            PublicCampaign(id: c.id, title: c.title, territory: dir.territory(c.territoryCode)?.name ?? c.territoryCode,
                           period: "\(c.opensOn) 至 \(c.closesOn)",
                           units: units.map { PublicUnit(code: $0, name: dir.unit($0)?.name ?? $0, field: "unit-\($0)") })
        }
        let published = all.filter { $0.campaign.published && $0.campaign.status(today: today) == .closed }.map { row($0.campaign, units: $0.units.count, dir) }
        return web.page("portal-evaluation", PublicModel(open: open, published: published, csrf: csrf, phone: phone, error: error),
                        title: "群众评议", flash: flash, status: status, cookies: cookies)
    }
}
