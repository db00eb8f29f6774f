import Foundation
import Hummingbird
import HuiyinCore
import HuiyinService
import HuiyinStore

/// 领导接待日 over the API: the schedule (public when published), screening cases onto a day, visits
/// registered as cases, and 包案 by the receiving leader.
struct ReceptionRoutes {
    let api: API

    struct ReceptionJSON: Encodable {
        struct Item: Encodable { var number: String; var title: String; var state: String; var kind: String; var note: String; var ownerLeader: String? }
        var id: Int64; var leaderName: String; var leaderTitle: String; var portfolio: String; var day: String; var startTime: String
        var endTime: String; var place: String; var territory: String; var territoryName: String; var published: Bool; var cancelled: Bool
        var note: String?; var cases: [Item]?

        init(_ r: ReceptionDay, _ dir: Directory, staff: Bool) {
            id = r.id; leaderName = r.leaderName; leaderTitle = r.leaderTitle; portfolio = r.portfolio; day = r.day.description
            startTime = r.startTime; endTime = r.endTime; place = r.place; territory = r.territoryCode
            territoryName = dir.territory(r.territoryCode)?.name ?? r.territoryCode; published = r.published; cancelled = r.cancelled
            note = staff ? r.note : nil
        }

        init(_ v: ReceptionService.ReceptionView, _ dir: Directory) {
            self.init(v.day, dir, staff: true)
            cases = v.items.map { Item(number: $0.view.case.number, title: $0.view.case.title, state: $0.view.case.state.rawValue,
                                       kind: $0.link.kind.rawValue, note: $0.link.note, ownerLeader: $0.view.case.ov.ownerLeader?.name) }
        }
    }

    struct ScheduleBody: Decodable {
        var leader: String?; var leaderName: String?; var leaderTitle: String?; var portfolio: String?; var day: String?
        var startTime: String?; var endTime: String?; var place: String?; var territory: String?; var published: Bool?; var note: String?
        enum CodingKeys: String, CodingKey {
            case leader, portfolio, day, place, territory, published, note
            case leaderName = "leader_name", leaderTitle = "leader_title", startTime = "start_time", endTime = "end_time"
        }
    }

    struct StatusBody: Decodable { var published: Bool?; var cancelled: Bool? }
    struct CaseBody: Decodable {
        var caseNumber: String; var note: String?
        enum CodingKeys: String, CodingKey { case note, caseNumber = "case_number" }
    }

    static func id(_ context: some RequestContext) throws -> Int64 {
        guard let id = context.parameters.get("id").flatMap(Int64.init) else { throw HuiyinError.notFound("reception_not_found", "接待日不存在") }
        return id
    }

    func register(_ router: Router<HuiyinRequestContext>) {
        router.get("api/v1/public/receptions") { _, _ -> Response in
            let dir = api.huiyin.reference.snapshot.directory
            return try JSONIO.response(try await api.huiyin.receptions.publicSchedule(now: api.now).map { ReceptionJSON($0, dir, staff: false) })
        }

        router.get("api/v1/receptions") { request, _ -> Response in
            let user = try await api.staff(request)
            let from = try OversightRoutes.date(api.query(request)["from"], "from") ?? ChinaTime.localDate(api.now)
            let dir = api.huiyin.reference.snapshot.directory
            return try JSONIO.response(try await api.huiyin.receptions.list(from: from, by: .user(user)).map { ReceptionJSON($0, dir, staff: true) })
        }

        router.post("api/v1/receptions") { request, _ -> Response in
            let user = try await api.staff(request)
            let b = try await api.decode(ScheduleBody.self, request)
            let day = try await api.huiyin.receptions.schedule(
                .init(leader: b.leader, leaderName: b.leaderName, leaderTitle: b.leaderTitle, portfolio: b.portfolio, day: b.day, startTime: b.startTime,
                      endTime: b.endTime, place: b.place, territory: b.territory, published: b.published ?? false, note: b.note),
                by: .user(user), now: api.now)
            return try JSONIO.response(ReceptionJSON(day, api.huiyin.reference.snapshot.directory, staff: true), status: .created)
        }

        router.get("api/v1/receptions/:id") { request, context -> Response in
            let user = try await api.staff(request)
            let v = try await api.huiyin.receptions.detail(id: try Self.id(context), by: .user(user), now: api.now)
            return try JSONIO.response(ReceptionJSON(v, api.huiyin.reference.snapshot.directory))
        }

        router.put("api/v1/receptions/:id") { request, context -> Response in
            let user = try await api.staff(request)
            let b = try await api.decode(StatusBody.self, request)
            let day = try await api.huiyin.receptions.update(id: try Self.id(context), published: b.published, cancelled: b.cancelled,
                                                             by: .user(user), now: api.now)
            return try JSONIO.response(ReceptionJSON(day, api.huiyin.reference.snapshot.directory, staff: true))
        }

        router.post("api/v1/receptions/:id/cases") { request, context -> Response in
            let user = try await api.staff(request)
            let b = try await api.decode(CaseBody.self, request)
            let v = try await api.huiyin.receptions.screen(id: try Self.id(context), caseNumber: b.caseNumber, note: b.note, by: .user(user), now: api.now)
            return try JSONIO.response(ReceptionJSON(v, api.huiyin.reference.snapshot.directory), status: .created)
        }

        router.post("api/v1/receptions/:id/visits") { request, context -> Response in
            let user = try await api.staff(request)
            let draft = try await api.decode(CaseDraft.self, request)
            return try ReceiptJSON(try await api.huiyin.receptions.registerVisit(id: try Self.id(context), draft, by: .user(user), now: api.now)).response()
        }

        router.post("api/v1/receptions/:id/take-on") { request, context -> Response in
            let user = try await api.staff(request)
            let b = try await api.decode(CaseBody.self, request)
            let view = try await api.huiyin.receptions.takeOn(id: try Self.id(context), caseNumber: b.caseNumber, by: .user(user), now: api.now)
            return try JSONIO.response(CaseJSON(view, detail: true))
        }
    }
}
