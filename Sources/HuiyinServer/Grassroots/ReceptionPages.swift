import Foundation
import Hummingbird
import HuiyinCore
import HuiyinService
import HuiyinStore

/// 领导接待日 pages: the workbench schedule and one day (screened cases, visits, 包案), and the public
/// schedule on the portal.
struct ReceptionPages {
    let api: API
    let web: WebRenderer
    let security: WebSecurity

    struct DayRow { var id: Int64; var leader: String; var title: String; var portfolio: String; var day: String; var time: String
        var place: String; var territory: String; var status: String; var published: Bool; var cancelled: Bool }
    struct ListModel { var rows: [DayRow]; var csrf: String; var canSchedule: Bool; var leaders: [Option]; var territories: [Option]
        var tomorrow: String; var error: String?; var owned: [OwnedRow]; var hasOwned: Bool }
    struct OwnedRow { var number: String; var title: String; var state: String; var leader: String; var since: String }
    struct ItemRow { var number: String; var title: String; var state: String; var kind: String; var note: String; var owner: String?; var mayTakeOn: Bool }
    struct DetailModel { var day: DayRow; var items: [ItemRow]; var csrf: String; var mayAddCases: Bool; var mayManage: Bool; var isLeader: Bool
        var kinds: [Option]; var error: String? }
    struct PublicModel { var rows: [DayRow] }

    func row(_ d: ReceptionDay, _ dir: Directory) -> DayRow {
        DayRow(id: d.id, leader: d.leaderName, title: d.leaderTitle, portfolio: d.portfolio, day: "\(d.day)（\(Self.weekday(d.day))）",
               time: "\(d.startTime)–\(d.endTime)", place: d.place, territory: dir.territory(d.territoryCode)?.name ?? d.territoryCode,
               status: d.cancelled ? "已取消" : d.published ? "已公布" : "未公布", published: d.published && !d.cancelled, cancelled: d.cancelled)
    }

    static func weekday(_ d: LocalDate) -> String { ["一", "二", "三", "四", "五", "六", "日"].map { "星期" + $0 }[d.weekday - 1] }

    func register(_ router: Router<HuiyinRequestContext>, staff group: RouterGroup<HuiyinRequestContext>, portal: RouterGroup<HuiyinRequestContext>) {
        portal.get("reception") { _, _ -> Response in
            let dir = api.huiyin.reference.snapshot.directory
            let rows = try await api.huiyin.receptions.publicSchedule(now: api.now).map { row($0, dir) }
            return web.page("portal-reception", PublicModel(rows: rows), title: "领导接待日")
        }

        group.get("receptions") { request, _ -> Response in
            let s = try await security.staffContext(request, "/staff/receptions")
            return try await listPage(s, error: nil)
        }

        group.post("receptions") { request, _ -> Response in
            let s = try await security.staffContext(request, "/staff/receptions")
            let form = try await WebForm.read(request, limit: api.options.maxBodyBytes)
            try security.verify(request, form, session: s.token)
            do {
                let d = try await api.huiyin.receptions.schedule(
                    .init(leader: form["leader"]?.trimmedOrNil, leaderName: form["leader_name"], leaderTitle: form["leader_title"],
                          portfolio: form["portfolio"], day: form["day"], startTime: form["start_time"], endTime: form["end_time"],
                          place: form["place"], territory: form["territory"]?.trimmedOrNil, published: form["published"] != nil, note: form["note"]),
                    by: .user(s.user), now: api.now)
                return WebRenderer.redirect("/staff/receptions/\(d.id)")
            } catch let e as HuiyinError where e.kind != .notFound {
                return try await listPage(s, error: e.message, status: e.kind == .forbidden ? .forbidden : .unprocessableContent)
            }
        }

        group.get("receptions/:id") { request, context -> Response in
            let s = try await security.staffContext(request, "/staff/receptions")
            return try await detailPage(s, try ReceptionRoutes.id(context), error: nil)
        }

        group.post("receptions/:id/:step") { request, context -> Response in
            let s = try await security.staffContext(request, "/staff/receptions")
            let id = try ReceptionRoutes.id(context)
            let form = try await WebForm.read(request, limit: api.options.maxBodyBytes)
            try security.verify(request, form, session: s.token)
            let service = api.huiyin.receptions
            do {
                switch context.parameters.get("step") ?? "" {
                case "publish": _ = try await service.update(id: id, published: true, cancelled: nil, by: .user(s.user), now: api.now)
                case "withdraw": _ = try await service.update(id: id, published: false, cancelled: nil, by: .user(s.user), now: api.now)
                case "cancel": _ = try await service.update(id: id, published: nil, cancelled: true, by: .user(s.user), now: api.now)
                case "screen": _ = try await service.screen(id: id, caseNumber: form["case_number"] ?? "", note: form["note"], by: .user(s.user), now: api.now)
                case "take-on": _ = try await service.takeOn(id: id, caseNumber: form["case_number"] ?? "", by: .user(s.user), now: api.now)
                case "visit":
                    let draft = CaseDraft(kind: form["kind"], title: form["title"], content: form["content"],
                                          petitioners: form["name"]?.trimmedOrNil.map { [.init(name: $0, phone: form["phone"]?.trimmedOrNil)] })
                    let r = try await service.registerVisit(id: id, draft, by: .user(s.user), now: api.now)
                    return WebRenderer.redirect("/staff/cases/\(r.view.case.number)")
                default: throw HuiyinError.notFound("page_not_found", "页面不存在")
                }
                return WebRenderer.redirect("/staff/receptions/\(id)")
            } catch let e as HuiyinError where e.kind != .notFound || e.code == "case_not_found" {
                return try await detailPage(s, id, error: e.message, status: e.kind == .forbidden ? .forbidden : .unprocessableContent)
            }
        }
    }

    func listPage(_ s: StaffContext, error: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        let dir = api.huiyin.reference.snapshot.directory
        let today = ChinaTime.localDate(api.now)
        let days = try await api.huiyin.receptions.list(from: today.adding(days: -30), by: .user(s.user))
        let leaders = try await api.huiyin.store.users().filter { $0.role == .leader && $0.active }
        var owned: [OwnedRow] = []
        if s.user.role == .leader {
            var filter = CaseFilter()
            filter.ownerLeader = String(s.user.id)
            owned = try await api.huiyin.cases.list(filter, by: s.user, now: api.now).views.map {
                OwnedRow(number: $0.case.number, title: $0.case.title, state: $0.case.state.label, leader: $0.case.ov.ownerLeader?.name ?? "",
                         since: $0.case.ov.ownerLeader?.since.description ?? "")
            }
        }
        let model = ListModel(
            rows: days.map { row($0, dir) }, csrf: s.csrf, canSchedule: [.dispatcher, .leader, .admin].contains(s.user.role),
            leaders: [Option(value: "", label: "（其他领导，填写姓名）", selected: false)]
                + leaders.map { Option(value: $0.username, label: "\($0.displayName)（\(dir.unit($0.unitCode ?? "")?.name ?? "")）", selected: $0.id == s.user.id) },
            territories: [Option(value: "", label: "（领导所在单位的属地）", selected: true)]
                + api.huiyin.mediation.territories(for: s.user).filter { $0.level < .village }.map { Option(value: $0.code, label: $0.name, selected: false) },
            tomorrow: today.adding(days: 1).description, error: error, owned: owned, hasOwned: !owned.isEmpty)
        return web.page("receptions", model, title: "领导接待日", staff: s.nav, csrf: s.csrf, status: status)
    }

    func detailPage(_ s: StaffContext, _ id: Int64, error: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        let v = try await api.huiyin.receptions.detail(id: id, by: .user(s.user), now: api.now)
        let dir = api.huiyin.reference.snapshot.directory
        let model = DetailModel(
            day: row(v.day, dir),
            items: v.items.map { i in
                ItemRow(number: i.view.case.number, title: i.view.case.title, state: i.view.case.state.label,
                        kind: i.link.kind == .visit ? "接待登记" : "预约接待", note: i.link.note, owner: i.view.case.ov.ownerLeader?.name,
                        mayTakeOn: v.isLeader && i.view.case.ov.ownerLeader == nil && !i.view.case.state.isTerminal)
            },
            csrf: s.csrf, mayAddCases: v.mayAddCases, mayManage: v.mayManage && !v.day.cancelled, isLeader: v.isLeader,
            kinds: LegalKind.allCases.map { Option(value: $0.rawValue, label: $0.rawValue, selected: $0 == .appeal) }, error: error)
        return web.page("reception", model, title: "领导接待日 \(v.day.day)", staff: s.nav, csrf: s.csrf, status: status)
    }
}
