import Foundation
import Hummingbird
import HuiyinCore
import HuiyinService
import HuiyinStore

/// Workbench pages of the grids: the register with visit compliance, the Leaflet map, and one grid's
/// page (民情日记, 网格上报, and for admins the worker, phone and boundary).
struct GridPages {
    let api: API
    let web: WebRenderer
    let security: WebSecurity

    struct GridRow { var code: String; var name: String; var place: String; var worker: String; var phone: String; var open: Int
        var overdue: Int; var late: Bool; var mapped: Bool }
    struct WeekCell { var days: Int; var ok: Bool; var pending: Bool }
    struct ComplianceRow { var name: String; var grids: String; var cells: [WeekCell]; var summary: String; var short: Bool }
    struct ListModel { var grids: [GridRow]; var weeks: [String]; var minimum: Int; var rows: [ComplianceRow]; var canSeeCompliance: Bool }
    struct MapModel { var data: String; var tiles: String; var grids: [GridRow]; var empty: Bool }
    struct DiaryRow { var visitedOn: String; var worker: String; var household: String; var heard: String; var caseNumber: String? }
    struct CaseRow { var number: String; var title: String; var state: String; var due: String; var overdue: Bool }
    struct GridModel {
        var grid: GridRow; var csrf: String; var isWorker: Bool; var isAdmin: Bool; var diary: [DiaryRow]; var canReadDiary: Bool
        var cases: [CaseRow]; var today: String; var error: String?; var kinds: [Option]; var workerUsername: String; var boundary: String
    }

    func register(_ group: RouterGroup<HuiyinRequestContext>) {
        group.get("grids") { request, _ -> Response in
            let s = try await security.staffContext(request, "/staff/grids")
            let grids = try await api.huiyin.grids.grids(by: .user(s.user), now: api.now)
            var model = ListModel(grids: grids.map(Self.row), weeks: [], minimum: 0, rows: [], canSeeCompliance: false)
            if [.gridWorker, .leader, .supervisor, .dispatcher, .admin].contains(s.user.role) {
                let c = try await api.huiyin.grids.compliance(weeks: 4, by: .user(s.user), now: api.now)
                model.canSeeCompliance = true
                model.minimum = c.minimumDays
                model.weeks = c.weeks.map { "\($0.monday.month)/\($0.monday.day)–\($0.sunday.month)/\($0.sunday.day)" }
                model.rows = c.rows.map { r in
                    let cells = r.days.enumerated().map { i, d in
                        let pending = c.currentWeekOpen && i == r.days.count - 1 && d < c.minimumDays
                        return WeekCell(days: d, ok: d >= c.minimumDays, pending: pending)
                    }
                    return ComplianceRow(name: r.worker.displayName, grids: r.grids.map { api.huiyin.reference.snapshot.directory.territory($0)?.name ?? $0 }
                                            .joined(separator: "、"),
                                         cells: cells, summary: "\(r.compliantWeeks)/\(r.judgedWeeks)", short: r.compliantWeeks < r.judgedWeeks)
                }
            }
            return web.page("grids", model, title: "网格管理", staff: s.nav, csrf: s.csrf)
        }

        group.get("grids/map") { request, _ -> Response in
            let s = try await security.staffContext(request, "/staff/grids")
            let grids = try await api.huiyin.grids.grids(by: .user(s.user), now: api.now)
            let data = try GridGeoJSON.featureCollection(grids).replacingOccurrences(of: "</", with: "<\\/")
            return web.page("grid-map", MapModel(data: data, tiles: api.options.mapTileURL ?? "", grids: grids.map(Self.row),
                                                 empty: !grids.contains { $0.boundary != nil }),
                            title: "网格地图", staff: s.nav, csrf: s.csrf, map: true, imageSource: api.options.mapTileOrigin)
        }

        group.get("grids/:code") { request, context -> Response in
            let s = try await security.staffContext(request, "/staff/grids")
            return try await gridPage(s, context.parameters.get("code") ?? "", error: nil, flash: api.query(request)["saved"] != nil ? "已保存" : nil)
        }

        group.post("grids/:code/diary") { request, context -> Response in
            let s = try await security.staffContext(request, "/staff/grids")
            let code = context.parameters.get("code") ?? ""
            let form = try await WebForm.read(request, limit: api.options.maxBodyBytes)
            try security.verify(request, form, session: s.token)
            do {
                _ = try await api.huiyin.grids.logVisit(grid: code, visitedOn: form["visited_on"], household: form["household"] ?? "",
                                                        heard: form["heard"] ?? "", by: .user(s.user), now: api.now)
                return WebRenderer.redirect("/staff/grids/\(code)?saved=1")
            } catch let e as HuiyinError where e.kind != .forbidden && e.kind != .notFound {
                return try await gridPage(s, code, error: e.message, flash: nil, status: .unprocessableContent)
            }
        }

        group.post("grids/:code/report") { request, context -> Response in
            let s = try await security.staffContext(request, "/staff/grids")
            let code = context.parameters.get("code") ?? ""
            let form = try await WebForm.read(request, limit: api.options.maxBodyBytes)
            try security.verify(request, form, session: s.token)
            let draft = CaseDraft(channel: Channel.gridReport.rawValue, kind: form["kind"], category: form["category"]?.trimmedOrNil,
                                  territory: code, title: form["title"], content: form["content"],
                                  petitioners: form["name"]?.trimmedOrNil.map { [CaseDraft.PersonDraft(name: $0, phone: form["phone"]?.trimmedOrNil)] },
                                  peopleCount: form["people"].flatMap { Int($0) })
            do {
                let r = try await api.huiyin.grids.report(draft, diaryID: nil, by: .user(s.user), now: api.now)
                return WebRenderer.redirect("/staff/cases/\(r.view.case.number)")
            } catch let e as HuiyinError where e.kind != .forbidden && e.kind != .notFound {
                return try await gridPage(s, code, error: e.message, flash: nil, status: .unprocessableContent)
            }
        }

        group.post("grids/:code") { request, context -> Response in
            let s = try await security.staffContext(request, "/staff/grids")
            let code = context.parameters.get("code") ?? ""
            let form = try await WebForm.read(request, limit: GridBoundary.maxBytes + 8192)
            try security.verify(request, form, session: s.token)
            do {
                _ = try await api.huiyin.grids.save(code: code, workerUsername: form["worker"], supervisionPhone: form["supervision_phone"] ?? "",
                                                    boundary: form["boundary"], by: .user(s.user), now: api.now)
                return WebRenderer.redirect("/staff/grids/\(code)?saved=1")
            } catch let e as HuiyinError where e.kind != .forbidden && e.kind != .notFound {
                return try await gridPage(s, code, error: e.message, flash: nil, status: .unprocessableContent)
            }
        }
    }

    static func row(_ g: GridService.GridView) -> GridRow {
        GridRow(code: g.code, name: g.name, place: g.place, worker: g.worker?.displayName ?? "未指派", phone: g.supervisionPhone,
                open: g.open, overdue: g.overdue, late: g.overdue > 0, mapped: g.boundary != nil)
    }

    func gridPage(_ s: StaffContext, _ code: String, error: String?, flash: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        let grids = try await api.huiyin.grids.grids(by: .user(s.user), now: api.now)
        guard let g = grids.first(where: { $0.code == code }) else {
            throw HuiyinError.notFound("grid_not_found", "网格不存在或不在您的辖区")
        }
        let canReadDiary = [.gridWorker, .leader, .supervisor, .dispatcher, .admin].contains(s.user.role)
        let diary = canReadDiary ? try await api.huiyin.grids.diary(grid: code, days: 60, by: .user(s.user), now: api.now) : []
        var filter = CaseFilter()
        filter.territory = code
        filter.state = CaseState.allCases.filter { !$0.isTerminal }.map(\.rawValue).joined(separator: ",")
        let page = try await api.huiyin.cases.list(filter, by: s.user, now: api.now)
        let model = GridModel(
            grid: Self.row(g), csrf: s.csrf, isWorker: s.user.role == .gridWorker && s.user.grids.contains(code), isAdmin: s.user.role == .admin,
            diary: diary.map { DiaryRow(visitedOn: $0.visitedOn.description, worker: $0.workerName, household: $0.household, heard: $0.heard,
                                        caseNumber: $0.caseNumber) },
            canReadDiary: canReadDiary,
            cases: page.views.map { CaseRow(number: $0.case.number, title: $0.case.title, state: $0.case.state.label,
                                            due: $0.clock.due?.description ?? "", overdue: $0.clock.status == .overdue) },
            today: ChinaTime.localDate(api.now).description, error: error,
            kinds: LegalKind.allCases.map { Option(value: $0.rawValue, label: $0.rawValue, selected: $0 == .appeal) },
            workerUsername: g.worker?.username ?? "", boundary: g.boundary ?? "")
        return web.page("grid", model, title: g.name, staff: s.nav, csrf: s.csrf, flash: flash, status: status)
    }
}
