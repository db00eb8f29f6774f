import Foundation
import HuiyinCore

/// A notification waiting to be sent, or sent: the transactional outbox. Entries are written in the
/// same transaction as the change they announce, so none is lost and none exists for a change that
/// rolled back; `dedupeKey` is unique, so a notice is queued at most once however many nodes try.
public struct OutboxEntry: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// 交办: a new case for the unit.
        case assigned
        /// 临期: the deadline is near.
        case dueSoon = "due_soon"
        /// 督办 (automatic on an overdue case, or ordered by a supervisor), at any rung of the ladder.
        case overdue
        /// Any other step on a case (registered, replied …), for the unit now responsible.
        case event
        /// 预警: a burst of similar cases or a collective complaint in the unit's territory (not case-bound).
        case warning

        public var label: String {
            switch self {
            case .event: return "办理进展"
            case .warning: return "热点预警"
            case .assigned: return "新交办"
            case .dueSoon: return "临期提醒"
            case .overdue: return "超期督办"
            }
        }
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
    /// Failed attempts so far, the last error, and when sending was given up.
    public var attempts: Int
    public var lastError: String?
    public var failedAt: Date?

    public init(id: Int64 = 0, dedupeKey: String, caseID: Int64, kind: Kind, recipientUnit: String, text: String,
                createdAt: Date, deliveredAt: Date? = nil, deliveredBy: String? = nil, attempts: Int = 0, lastError: String? = nil,
                failedAt: Date? = nil) {
        self.attempts = attempts; self.lastError = lastError; self.failedAt = failedAt
        self.id = id; self.dedupeKey = dedupeKey; self.caseID = caseID; self.kind = kind; self.recipientUnit = recipientUnit
        self.text = text; self.createdAt = createdAt; self.deliveredAt = deliveredAt; self.deliveredBy = deliveredBy
    }

    /// One notice per event, for the unit responsible after it (the lead unit, else the registering
    /// unit). Never for the accused unit of a 检举控告 case: it cannot lead one.
    /// A 督办 goes to the supervised unit, once per case, deadline and rung when automatic.
    public static func forEvents(_ events: [CaseEvent], of c: Case) -> [OutboxEntry] {
        events.compactMap { e in
            if e.action == .supervise, let unit = e.details["unit"], unit != c.accusedUnitCode {
                let level = e.details["level"].flatMap(SupervisionLevel.init(parsing:)) ?? .supervise
                let key = e.details["automatic"] == "true"
                    ? overdueKey(caseID: c.id, dueOn: e.details["missed_due"] ?? "") + ":\(level.rawValue)"
                    : "supervise:\(c.id):\(e.seq)"
                let feedback = e.details["feedback_due"].map { "，请于 \($0) 前书面反馈" } ?? ""
                return OutboxEntry(dedupeKey: key, caseID: c.id, kind: .overdue, recipientUnit: unit,
                                   text: "【\(level.label)】\(c.number)「\(c.title)」\(e.note ?? "")\(feedback)", createdAt: e.at)
            }
            guard let unit = c.leadUnitCode ?? c.ownerUnitCode, unit != c.accusedUnitCode else { return nil }
            return OutboxEntry(dedupeKey: "event:\(c.id):\(e.seq)", caseID: c.id, kind: e.action == .assign || e.action == .decideCompetence ? .assigned : .event,
                               recipientUnit: unit, text: "\(c.number)「\(c.title)」\(e.action.label)", createdAt: e.at)
        }
    }

    /// Key of the 督办 notice for a case whose deadline `dueOn` passed: one per case and deadline.
    public static func overdueKey(caseID: Int64, dueOn: String) -> String { "overdue:\(caseID):\(dueOn)" }
}
