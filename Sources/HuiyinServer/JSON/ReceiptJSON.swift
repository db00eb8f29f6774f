import Foundation
import HuiyinCore
import HuiyinService

/// The answer to a registration (受理凭证): what the registrar tells the petitioner and what a client
/// needs to go on — number, query code, state and the deadline — without the full case page. Keys are
/// spelled out so encoding needs no key conversion (this is the hottest response).
struct ReceiptJSON: Encodable, Sendable {
    struct ClockPart: Encodable, Sendable {
        var stage: String?
        var due: String?
        var daysLeft: Int?
        var status: String
        var statusLabel: String
        var notifyDue: String?
        enum CodingKeys: String, CodingKey {
            case stage, due, status
            case daysLeft = "days_left", statusLabel = "status_label", notifyDue = "notify_due"
        }
    }

    var id: Int64
    var number: String
    var queryCode: String
    var state: String
    var stateLabel: String
    var channel: String
    var kind: String
    var title: String
    var receivedAt: String
    var registeredAt: String
    var due: String?
    var clock: ClockPart
    var ownerUnit: NamedJSON?
    var ruleSet: String
    /// Staff registrations only: the 重复访 link and what intake found (越级, 复查/复核), so the person at
    /// the counter sees it at once.
    var repeatOf: Int64?
    var insight: InsightJSON?

    enum CodingKeys: String, CodingKey {
        case id, number, state, channel, kind, title, due, clock
        case queryCode = "query_code", stateLabel = "state_label", receivedAt = "received_at"
        case registeredAt = "registered_at", ownerUnit = "owner_unit", ruleSet = "rule_set"
        case repeatOf = "repeat_of", insight
    }

    init(_ r: RegisteredCase) {
        let c = r.view.case, k = r.view.clock
        id = c.id; number = c.number; queryCode = r.queryCode; state = c.state.rawValue; stateLabel = c.state.label
        channel = c.channel.rawValue; kind = c.kind.rawValue; title = c.title; receivedAt = c.receivedOn.description
        registeredAt = ChinaTime.timestamp(c.registeredAt); due = k.due?.description
        clock = ClockPart(stage: k.stage?.rawValue, due: k.due?.description, daysLeft: k.daysLeft, status: k.status.rawValue,
                          statusLabel: k.status.label, notifyDue: k.notifyDue?.description)
        ownerUnit = NamedJSON.unit(c.ownerUnitCode, r.view.directory)
        ruleSet = r.view.rules.id
        if !r.view.publicView {
            repeatOf = c.repeatOf
            insight = c.insight.map { InsightJSON($0, r.view.directory) }
        }
    }

    static let encoder = JSONEncoder()

    func response() throws -> Response {
        let data = try Self.encoder.encode(self)
        return Response(status: .created, headers: [.contentType: "application/json; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

import Hummingbird
