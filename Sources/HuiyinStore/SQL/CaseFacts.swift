import HuiyinCore

/// Facts of a case kept in their own columns for statistics and the public wall: 按期受理, 按期办结,
/// the rating and the wall moderation status. Written with every insert and update, on both engines.
public struct CaseFacts: Sendable, Hashable {
    public var acceptedOnTime: Int64?
    public var repliedOnTime: Int64?
    public var rating: String?
    public var wall: String?

    public init(_ c: Case) {
        acceptedOnTime = c.milestones.acceptedOnTime.map { $0 ? 1 : 0 }
        repliedOnTime = c.milestones.repliedOnTime.map { $0 ? 1 : 0 }
        rating = c.rating?.value.rawValue
        wall = c.wall?.rawValue
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
