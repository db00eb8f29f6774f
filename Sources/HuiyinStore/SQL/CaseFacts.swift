import HuiyinCore

/// Facts of a case kept in their own columns for statistics, the public lists and the clock watcher:
/// 按期受理, 按期办结, the rating and the wall moderation status (v4); the supervision rung, the deadline
/// last supervised, the units held to account, the 包案 leader, the repeat link, handling days and the
/// assignment day (v5, ``OversightFacts``). Written with every insert and update, on both engines.
public struct CaseFacts: Sendable, Hashable {
    public var acceptedOnTime: Int64?
    public var repliedOnTime: Int64?
    public var rating: String?
    public var wall: String?
    public var supervisionLevel: Int64?
    public var supervisedDue: String?
    /// `|unit|unit|`, for a LIKE from the unit side.
    public var accountableUnits: String?
    public var ownerLeader: Int64?
    public var repeatOf: Int64?
    /// Receipt → latest answer, calendar days.
    public var handleDays: Int64?
    public var assignedOn: String?
    /// 并案: the case this one follows (v6).
    public var mergedInto: Int64?

    public init(_ c: Case) {
        acceptedOnTime = c.milestones.acceptedOnTime.map { $0 ? 1 : 0 }
        repliedOnTime = c.milestones.repliedOnTime.map { $0 ? 1 : 0 }
        rating = c.rating?.value.rawValue
        wall = c.wall?.rawValue
        let ov = c.ov
        supervisionLevel = ov.level > 0 ? Int64(ov.level) : nil
        supervisedDue = ov.supervisions.last { $0.missedDue != nil }?.missedDue?.description
        let units = ov.accountableUnits
        accountableUnits = units.isEmpty ? nil : "|" + units.joined(separator: "|") + "|"
        ownerLeader = ov.ownerLeader?.userID
        repeatOf = c.repeatOf
        handleDays = c.milestones.repliedOn.map { Int64($0.days(since: c.receivedOn)) }
        assignedOn = c.milestones.assignedOn?.description
        mergedInto = c.insight?.mergedInto
    }

    /// Columns added by the v4 migration (both engines).
    public static let migrationSQL = [
        "ALTER TABLE cases ADD COLUMN accepted_on_time INTEGER",
        "ALTER TABLE cases ADD COLUMN replied_on_time INTEGER",
        "ALTER TABLE cases ADD COLUMN rating TEXT",
        "ALTER TABLE cases ADD COLUMN wall TEXT",
        "CREATE INDEX cases_wall ON cases(wall, registered_at) WHERE wall IS NOT NULL",
    ]
}
