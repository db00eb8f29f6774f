import Foundation
import Hummingbird
import HuiyinCore
import HuiyinService
import HuiyinStore

/// 矛盾纠纷排查调处 over the API: screening rounds, the dispute register, mediation steps, the link to
/// petition cases, and success rates.
struct MediationRoutes {
    let api: API

    struct ScreeningJSON: Encodable {
        var id: Int64; var kind: String; var kindLabel: String; var title: String; var territory: String; var unit: String
        var startedOn: String; var endedOn: String?; var note: String; var disputesFound: Int; var createdBy: String
        init(_ s: ScreeningRecord, found: Int) {
            id = s.id; kind = s.kind.rawValue; kindLabel = s.kind.label; title = s.title; territory = s.territoryCode; unit = s.unitCode
            startedOn = s.startedOn.description; endedOn = s.endedOn?.description; note = s.note; disputesFound = found; createdBy = s.createdBy
        }
    }

    struct ScreeningBody: Decodable {
        var kind: String; var title: String?; var territory: String?; var unit: String?; var startedOn: String?; var endedOn: String?; var note: String?
        enum CodingKeys: String, CodingKey { case kind, title, territory, unit, note, startedOn = "started_on", endedOn = "ended_on" }
    }

    struct DisputeJSON: Encodable {
        struct EventJSON: Encodable { var at: String; var actor: String; var action: String; var stage: String; var note: String }
        var id: Int64; var screeningId: Int64?; var territory: String; var territoryName: String; var unit: String; var unitName: String
        var type: String; var summary: String; var partyCount: Int; var risk: Int; var riskLabel: String
        var hot: Bool; var longUnresolved: Bool; var group: Bool; var stage: String; var stageLabel: String
        var mediationKind: String?; var agreement: String?; var fulfilment: String?; var caseNumber: String?
        var receivedOn: String; var agreedOn: String?; var closedOn: String?
        var parties: [MediationService.Party]?; var events: [EventJSON]?; var allowedActions: [String]?

        init(_ d: DisputeRecord, _ dir: Directory, caseNumber: String? = nil) {
            id = d.id; screeningId = d.screeningID; territory = d.territoryCode; territoryName = dir.territory(d.territoryCode)?.name ?? d.territoryCode
            unit = d.unitCode; unitName = dir.unit(d.unitCode)?.name ?? d.unitCode; type = d.type; summary = d.summary; partyCount = d.partyCount
            risk = d.risk; riskLabel = MediationService.riskLabels[max(0, min(2, d.risk - 1))]; hot = d.hot; longUnresolved = d.longUnresolved
            group = d.group; stage = d.stage.rawValue; stageLabel = d.stage.label; mediationKind = d.mediationKind?.rawValue
            agreement = d.agreement; fulfilment = d.fulfilment?.rawValue; self.caseNumber = caseNumber; receivedOn = d.receivedOn.description
            agreedOn = d.agreedOn?.description; closedOn = d.closedOn?.description
        }

        init(_ v: MediationService.DisputeView) {
            self.init(v.record, v.directory, caseNumber: v.caseNumber)
            parties = v.parties
            events = [EventJSON(at: ChinaTime.timestamp(v.record.createdAt), actor: v.record.createdBy, action: "receive", stage: "received",
                                note: "")] + v.events.map {
                EventJSON(at: ChinaTime.timestamp($0.at), actor: $0.actor, action: $0.action, stage: $0.stage.rawValue, note: $0.note)
            }
            allowedActions = v.allowed.map(\.rawValue)
        }
    }

    struct DisputeBody: Decodable {
        var screeningId: Int64?; var territory: String?; var unit: String?; var type: String?; var summary: String?
        var parties: [MediationService.Party]?; var risk: String?; var hot: Bool?; var longUnresolved: Bool?; var group: Bool?
        var caseNumber: String?; var receivedOn: String?
        enum CodingKeys: String, CodingKey {
            case territory, unit, type, summary, parties, risk, hot, group
            case screeningId = "screening_id", longUnresolved = "long_unresolved", caseNumber = "case_number", receivedOn = "received_on"
        }
        var input: MediationService.DisputeInput {
            .init(screeningID: screeningId, territory: territory, unit: unit, type: type, summary: summary, parties: parties ?? [], risk: risk,
                  hot: hot ?? false, longUnresolved: longUnresolved ?? false, group: group ?? false, caseNumber: caseNumber, receivedOn: receivedOn)
        }
    }

    struct ActionBody: Decodable {
        var action: String; var note: String?; var mediationKind: String?; var agreement: String?; var fulfilment: String?
        enum CodingKeys: String, CodingKey { case action, note, agreement, fulfilment, mediationKind = "mediation_kind" }
    }

    struct RatesJSON: Encodable {
        struct Row: Encodable { var unit: String; var unitName: String; var received: Int; var succeeded: Int; var failed: Int; var rate: Double?; var rateText: String }
        var from: String; var to: String; var rows: [Row]; var total: Row
        static func row(_ r: MediationService.RateRow) -> Row {
            Row(unit: r.unitCode, unitName: r.unitName, received: r.received, succeeded: r.succeeded, failed: r.failed, rate: r.rate.percent(),
                rateText: r.rate.text())
        }
    }

    static func id(_ context: some RequestContext) throws -> Int64 {
        guard let id = context.parameters.get("id").flatMap(Int64.init) else { throw HuiyinError.notFound("dispute_not_found", "矛盾纠纷不存在") }
        return id
    }

    func register(_ router: Router<HuiyinRequestContext>) {
        router.get("api/v1/screenings") { request, _ -> Response in
            let user = try await api.staff(request)
            return try JSONIO.response(try await api.huiyin.mediation.screenings(by: .user(user)).map { ScreeningJSON($0.0, found: $0.1) })
        }

        router.post("api/v1/screenings") { request, _ -> Response in
            let user = try await api.staff(request)
            let b = try await api.decode(ScreeningBody.self, request)
            let s = try await api.huiyin.mediation.createScreening(kind: b.kind, title: b.title, territory: b.territory, unit: b.unit,
                                                                   startedOn: b.startedOn, endedOn: b.endedOn, note: b.note, by: .user(user), now: api.now)
            return try JSONIO.response(ScreeningJSON(s, found: 0), status: .created)
        }

        router.get("api/v1/disputes") { request, _ -> Response in
            let user = try await api.staff(request)
            let q = api.query(request)
            let list = try await api.huiyin.mediation.disputes(stage: q["stage"], screeningID: q["screening"].flatMap { Int64($0) },
                                                               caseNumber: q["case"], by: .user(user), now: api.now)
            let dir = api.huiyin.reference.snapshot.directory
            return try JSONIO.response(list.map { DisputeJSON($0, dir) })
        }

        router.post("api/v1/disputes") { request, _ -> Response in
            let user = try await api.staff(request)
            let b = try await api.decode(DisputeBody.self, request)
            return try JSONIO.response(DisputeJSON(try await api.huiyin.mediation.register(b.input, by: .user(user), now: api.now)), status: .created)
        }

        router.get("api/v1/disputes/:id") { request, context -> Response in
            let user = try await api.staff(request)
            return try JSONIO.response(DisputeJSON(try await api.huiyin.mediation.dispute(id: try Self.id(context), by: .user(user), now: api.now)))
        }

        router.post("api/v1/disputes/:id/actions") { request, context -> Response in
            let user = try await api.staff(request)
            let b = try await api.decode(ActionBody.self, request)
            let v = try await api.huiyin.mediation.act(id: try Self.id(context), action: b.action,
                                                       .init(note: b.note, mediationKind: b.mediationKind, agreement: b.agreement, fulfilment: b.fulfilment),
                                                       by: .user(user), now: api.now)
            return try JSONIO.response(DisputeJSON(v))
        }

        router.post("api/v1/disputes/:id/case") { request, context -> Response in
            let user = try await api.staff(request)
            let draft = try await api.decode(CaseDraft.self, request)
            return try ReceiptJSON(try await api.huiyin.mediation.turnIntoCase(id: try Self.id(context), draft, by: .user(user), now: api.now)).response()
        }

        router.get("api/v1/mediation/rates") { request, _ -> Response in
            let user = try await api.staff(request)
            let q = api.query(request)
            let today = ChinaTime.localDate(api.now)
            let from = try OversightRoutes.date(q["from"], "from") ?? LocalDate(year: today.year, month: 1, day: 1)!
            let to = try OversightRoutes.date(q["to"], "to") ?? today
            let r = try await api.huiyin.mediation.rates(from: from, to: to, by: .user(user))
            return try JSONIO.response(RatesJSON(from: from.description, to: to.description, rows: r.rows.map(RatesJSON.row), total: RatesJSON.row(r.total)))
        }
    }
}
