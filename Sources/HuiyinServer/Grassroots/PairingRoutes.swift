import Foundation
import Hummingbird
import HuiyinCore
import HuiyinService
import HuiyinStore

/// 结对帮扶 / 联系户 over the API: pairings, their visits, ending a pairing.
struct PairingRoutes {
    let api: API
    var dir: Directory { api.huiyin.reference.snapshot.directory }

    struct PairingJSON: Encodable {
        struct VisitJSON: Encodable { var visitedOn: String; var heard: String; var help: String; var recordedBy: String }
        var id: Int64; var kind: String; var kindLabel: String; var cadre: String; var cadreName: String; var household: PairingService.Household
        var territory: String; var territoryName: String; var startedOn: String; var endedOn: String?; var note: String
        var visitCount: Int; var lastVisit: String?; var visitOverdue: Bool; var mayVisit: Bool; var visits: [VisitJSON]?

        init(_ p: PairingService.Pairing, _ dir: Directory) {
            let r = p.record
            id = r.id; kind = r.kind.rawValue; kindLabel = r.kind.label; cadre = p.cadre?.username ?? ""; cadreName = p.cadre?.displayName ?? ""
            household = p.household; territory = r.territoryCode; territoryName = dir.territory(r.territoryCode)?.name ?? r.territoryCode
            startedOn = r.startedOn.description; endedOn = r.endedOn?.description; note = r.note
            visitCount = p.visits?.count ?? r.visits; lastVisit = (p.visits?.first?.visitedOn ?? r.lastVisit)?.description
            visitOverdue = p.visitOverdue; mayVisit = p.mayVisit
            visits = p.visits?.map { VisitJSON(visitedOn: $0.visitedOn.description, heard: $0.heard, help: $0.help, recordedBy: $0.createdBy) }
        }
    }

    struct PairingBody: Decodable {
        var cadre: String?; var kind: String?; var household: PairingService.Household; var territory: String?; var startedOn: String?
        var note: String?
        enum CodingKeys: String, CodingKey { case cadre, kind, household, territory, note, startedOn = "started_on" }
    }

    struct VisitBody: Decodable {
        var visitedOn: String?; var heard: String?; var help: String?
        enum CodingKeys: String, CodingKey { case heard, help, visitedOn = "visited_on" }
    }

    struct EndBody: Decodable {
        var endedOn: String?
        enum CodingKeys: String, CodingKey { case endedOn = "ended_on" }
    }

    static func id(_ context: some RequestContext) throws -> Int64 {
        guard let id = context.parameters.get("id").flatMap(Int64.init) else { throw HuiyinError.notFound("pairing_not_found", "结对不存在") }
        return id
    }

    func register(_ router: Router<HuiyinRequestContext>) {

        router.get("api/v1/pairings") { request, _ -> Response in
            let user = try await api.staff(request)
            return try JSONIO.response(try await api.huiyin.pairings.list(by: .user(user), now: api.now).map { PairingJSON($0, dir) })
        }

        router.post("api/v1/pairings") { request, _ -> Response in
            let user = try await api.staff(request)
            let b = try await api.decode(PairingBody.self, request)
            let p = try await api.huiyin.pairings.create(.init(cadre: b.cadre, kind: b.kind, household: b.household, territory: b.territory,
                                                               startedOn: b.startedOn, note: b.note), by: .user(user), now: api.now)
            return try JSONIO.response(PairingJSON(p, dir), status: .created)
        }

        router.get("api/v1/pairings/:id") { request, context -> Response in
            let user = try await api.staff(request)
            return try JSONIO.response(PairingJSON(try await api.huiyin.pairings.detail(id: try Self.id(context), by: .user(user), now: api.now), dir))
        }

        router.post("api/v1/pairings/:id/visits") { request, context -> Response in
            let user = try await api.staff(request)
            let b = try await api.decode(VisitBody.self, request)
            let p = try await api.huiyin.pairings.visit(id: try Self.id(context), on: b.visitedOn, heard: b.heard, help: b.help, by: .user(user),
                                                        now: api.now)
            return try JSONIO.response(PairingJSON(p, dir), status: .created)
        }

        router.post("api/v1/pairings/:id/end") { request, context -> Response in
            let user = try await api.staff(request)
            let b = try await api.decode(EndBody.self, request)
            return try JSONIO.response(PairingJSON(try await api.huiyin.pairings.end(id: try Self.id(context), on: b.endedOn, by: .user(user),
                                                                                    now: api.now), dir))
        }
    }
}
