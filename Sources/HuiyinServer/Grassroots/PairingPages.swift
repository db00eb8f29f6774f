import Foundation
import Hummingbird
import HuiyinCore
import HuiyinService
import HuiyinStore

/// 结对帮扶 / 联系户 on the workbench: the pairings the user may see, pairing a household, and the
/// cadre's visit form on their own rows.
struct PairingPages {
    let api: API
    let web: WebRenderer
    let security: WebSecurity

    struct Row { var id: Int64; var kind: String; var cadre: String; var household: String; var phone: String; var situation: String
        var territory: String; var started: String; var ended: String?; var visits: Int; var lastVisit: String; var overdue: Bool; var mayVisit: Bool }
    struct Model { var rows: [Row]; var csrf: String; var kinds: [Option]; var territories: [Option]; var cadres: [Option]; var mayAssign: Bool
        var today: String; var error: String? }

    func register(_ group: RouterGroup<HuiyinRequestContext>) {
        group.get("pairings") { request, _ -> Response in
            try await page(try await security.staffContext(request, "/staff/pairings"), error: nil)
        }

        group.post("pairings") { request, _ -> Response in
            let s = try await security.staffContext(request, "/staff/pairings")
            let form = try await WebForm.read(request, limit: api.options.maxBodyBytes)
            try security.verify(request, form, session: s.token)
            do {
                _ = try await api.huiyin.pairings.create(
                    .init(cadre: form["cadre"]?.trimmedOrNil, kind: form["kind"],
                          household: .init(name: form["name"] ?? "", phone: form["phone"]?.trimmedOrNil, address: form["address"],
                                           situation: form["situation"]),
                          territory: form["territory"], startedOn: form["started_on"], note: form["note"]), by: .user(s.user), now: api.now)
                return WebRenderer.redirect("/staff/pairings")
            } catch let e as HuiyinError where e.kind != .notFound {
                return try await page(s, error: e.message, status: e.kind == .forbidden ? .forbidden : .unprocessableContent)
            }
        }

        group.post("pairings/:id/:step") { request, context -> Response in
            let s = try await security.staffContext(request, "/staff/pairings")
            let id = try PairingRoutes.id(context)
            let form = try await WebForm.read(request, limit: api.options.maxBodyBytes)
            try security.verify(request, form, session: s.token)
            do {
                switch context.parameters.get("step") ?? "" {
                case "visit": _ = try await api.huiyin.pairings.visit(id: id, on: form["visited_on"], heard: form["heard"], help: form["help"],
                                                                      by: .user(s.user), now: api.now)
                case "end": _ = try await api.huiyin.pairings.end(id: id, on: nil, by: .user(s.user), now: api.now)
                default: throw HuiyinError.notFound("page_not_found", "页面不存在")
                }
                return WebRenderer.redirect("/staff/pairings")
            } catch let e as HuiyinError where e.kind != .notFound {
                return try await page(s, error: e.message, status: e.kind == .forbidden ? .forbidden : .unprocessableContent)
            }
        }
    }

    func page(_ s: StaffContext, error: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        let dir = api.huiyin.reference.snapshot.directory
        let list = try await api.huiyin.pairings.list(by: .user(s.user), now: api.now)
        let mayAssign = [.leader, .dispatcher, .admin].contains(s.user.role)
        let staff = mayAssign ? try await api.huiyin.store.users().filter { $0.active && $0.role.isStaff } : []
        let model = Model(
            rows: list.map { p in
                Row(id: p.record.id, kind: p.record.kind.label, cadre: p.cadre?.displayName ?? "", household: p.household.name,
                    phone: p.household.phone ?? "", situation: p.household.situation ?? "",
                    territory: dir.territory(p.record.territoryCode)?.name ?? p.record.territoryCode, started: p.record.startedOn.description,
                    ended: p.record.endedOn?.description, visits: p.record.visits, lastVisit: p.record.lastVisit?.description ?? "—",
                    overdue: p.visitOverdue, mayVisit: p.mayVisit)
            },
            csrf: s.csrf, kinds: PairingKind.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0 == .assistance) },
            territories: api.huiyin.mediation.territories(for: s.user).map { Option(value: $0.code, label: $0.name, selected: false) },
            cadres: [Option(value: "", label: "（本人）", selected: true)]
                + staff.map { Option(value: $0.username, label: "\($0.displayName)（\(dir.unit($0.unitCode ?? "")?.name ?? $0.role.label)）", selected: false) },
            mayAssign: mayAssign, today: ChinaTime.localDate(api.now).description, error: error)
        return web.page("pairings", model, title: "结对帮扶", staff: s.nav, csrf: s.csrf, status: status)
    }
}
