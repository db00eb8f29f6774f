import Foundation
import HuiyinCore

/// A notification waiting to be sent, or sent: the transactional outbox. Entries are written in the
/// same transaction as the change they announce, so none is lost and none exists for a change that
/// rolled back; `dedupeKey` is unique, so a notice is queued at most once however many nodes try.
public struct OutboxEntry: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable {
        /// A step on a case (registered, assigned, replied …), for the unit now responsible.
        case event
        /// 超期督办: the office deadline passed and the case is still open.
        case overdue
    }

    public var id: Int64
    public var dedupeKey: String
    public var caseID: Int64
    public var kind: Kind
    public var recipientUnit: String
    public var text: String
    public var createdAt: Date
    public var deliveredAt: Date?
    /// The node that sent it.
    public var deliveredBy: String?

    public init(id: Int64 = 0, dedupeKey: String, caseID: Int64, kind: Kind, recipientUnit: String, text: String,
                createdAt: Date, deliveredAt: Date? = nil, deliveredBy: String? = nil) {
        self.id = id; self.dedupeKey = dedupeKey; self.caseID = caseID; self.kind = kind; self.recipientUnit = recipientUnit
        self.text = text; self.createdAt = createdAt; self.deliveredAt = deliveredAt; self.deliveredBy = deliveredBy
    }

    /// One notice per event, for the unit responsible after it (the lead unit, else the registering
    /// unit). Never for the accused unit of a 检举控告 case: it cannot lead one.
    public static func forEvents(_ events: [CaseEvent], of c: Case) -> [OutboxEntry] {
        guard let unit = c.leadUnitCode ?? c.ownerUnitCode, unit != c.accusedUnitCode else { return [] }
        return events.map { e in
            OutboxEntry(dedupeKey: "event:\(c.id):\(e.seq)", caseID: c.id, kind: .event, recipientUnit: unit,
                        text: "\(c.number)「\(c.title)」\(e.action.label)", createdAt: e.at)
        }
    }

    /// Key of the 督办 notice for a case whose deadline `dueOn` passed: one per case and deadline.
    public static func overdueKey(caseID: Int64, dueOn: String) -> String { "overdue:\(caseID):\(dueOn)" }
}
