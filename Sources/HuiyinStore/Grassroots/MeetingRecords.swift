import Foundation
import HuiyinCore

/// A village meeting: who may attend and who came, its agenda and votes, and the rule it was judged by.
public struct MeetingRecord: Sendable, Hashable {
    public struct Item: Codable, Sendable, Hashable {
        public var position: Int
        public var title: String
        public var detail: String
        /// 重大事项: decided by the stricter share.
        public var major: Bool
        public var votesFor: Int?
        public var votesAgainst: Int?
        public var votesAbstain: Int?
        public var passed: Bool?

        public init(position: Int, title: String, detail: String, major: Bool, votesFor: Int? = nil, votesAgainst: Int? = nil,
                    votesAbstain: Int? = nil, passed: Bool? = nil) {
            self.position = position; self.title = title; self.detail = detail; self.major = major; self.votesFor = votesFor
            self.votesAgainst = votesAgainst; self.votesAbstain = votesAbstain; self.passed = passed
        }
    }

    public var id: Int64
    public var kind: MeetingKind
    public var title: String
    public var territoryCode: String
    public var unitCode: String
    public var heldOn: LocalDate
    public var place: String
    public var chair: String
    public var attendance: MeetingAttendance
    /// nil until the result is recorded.
    public var quorate: Bool?
    /// The rule in force when the result was recorded.
    public var rule: MeetingRule?
    public var published: Bool
    public var note: String
    public var createdAt: Date
    public var createdBy: String
    public var recordedAt: Date?
    public var items: [Item]

    public var recorded: Bool { recordedAt != nil }

    public init(id: Int64 = 0, kind: MeetingKind, title: String, territoryCode: String, unitCode: String, heldOn: LocalDate, place: String,
                chair: String, attendance: MeetingAttendance, quorate: Bool? = nil, rule: MeetingRule? = nil, published: Bool = false,
                note: String, createdAt: Date, createdBy: String, recordedAt: Date? = nil, items: [Item]) {
        self.id = id; self.kind = kind; self.title = title; self.territoryCode = territoryCode; self.unitCode = unitCode; self.heldOn = heldOn
        self.place = place; self.chair = chair; self.attendance = attendance; self.quorate = quorate; self.rule = rule
        self.published = published; self.note = note; self.createdAt = createdAt; self.createdBy = createdBy; self.recordedAt = recordedAt
        self.items = items
    }

    init(_ r: SQLRow) {
        func count(_ c: String) -> Int? { r.int(c).map(Int.init) }
        self.init(id: r.int("id") ?? 0, kind: MeetingKind(rawValue: r.text("kind") ?? "") ?? .openAir, title: r.text("title") ?? "",
                  territoryCode: r.text("territory_code") ?? "", unitCode: r.text("unit_code") ?? "",
                  heldOn: LocalDate(r.text("held_on") ?? "") ?? LocalDate(dayNumber: 0), place: r.text("place") ?? "", chair: r.text("chair") ?? "",
                  attendance: MeetingAttendance(eligibleAdults: count("eligible_adults"), eligibleHouseholds: count("eligible_households"),
                                                eligibleMembers: count("eligible_members"), present: count("present_people") ?? 0,
                                                presentHouseholds: count("present_households")),
                  quorate: r.int("quorate").map { $0 != 0 },
                  rule: r.text("rule").flatMap { try? JSONDecoder().decode(MeetingRule.self, from: Data($0.utf8)) },
                  published: r.bool("published"), note: r.text("note") ?? "", createdAt: r.date("created_at") ?? Date(timeIntervalSince1970: 0),
                  createdBy: r.text("created_by") ?? "", recordedAt: r.date("recorded_at"),
                  items: (try? JSONDecoder().decode([Item].self, from: Data((r.text("items") ?? "[]").utf8))) ?? [])
    }
}

extension HuiyinStore {
    public func createMeeting(_ m: MeetingRecord, scopePath: String, audit: AuditEntry) async throws -> MeetingRecord {
        let a = m.attendance
        let rows = try await run([SQLStatement("""
            INSERT INTO meetings (kind, title, territory_code, scope_path, unit_code, held_on, place, chair, eligible_adults, eligible_households,
                eligible_members, present_people, present_households, quorate, rule, items, published, note, created_at, created_by, recorded_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *
            """, [.text(m.kind.rawValue), .text(m.title), .text(m.territoryCode), .text(scopePath), .text(m.unitCode), .text(m.heldOn.description),
                  .text(m.place), .text(m.chair), .optional(a.eligibleAdults.map(Int64.init)), .optional(a.eligibleHouseholds.map(Int64.init)),
                  .optional(a.eligibleMembers.map(Int64.init)), .optional(m.recorded ? Int64(a.present) : nil),
                  .optional(a.presentHouseholds.map(Int64.init)), .optional(m.quorate.map { $0 ? 1 : 0 }), .optional(Self.json(m.rule)),
                  .text(Self.json(m.items) ?? "[]"), .int(m.published ? 1 : 0), .text(m.note), .date(m.createdAt), .text(m.createdBy),
                  .date(m.recordedAt)])], audit: audit)
        guard let row = rows.first?.first else { throw StoreError.notFound("会议") }
        return MeetingRecord(row)
    }

    static func json(_ value: (some Encodable)?) -> String? {
        value.flatMap { try? JSONEncoder().encode($0) }.map { String(decoding: $0, as: UTF8.self) }
    }

    /// Records attendance, the quorum and every item's votes of a meeting not yet recorded; `false`
    /// when it was recorded meanwhile.
    public func recordMeeting(_ m: MeetingRecord, audit: AuditEntry) async throws -> Bool {
        let a = m.attendance
        let rows = try await run([SQLStatement("""
            UPDATE meetings SET present_people = ?, present_households = ?, quorate = ?, rule = ?, items = ?, published = ?, recorded_at = ?
            WHERE id = ? AND recorded_at IS NULL RETURNING id
            """, [.int(Int64(a.present)), .optional(a.presentHouseholds.map(Int64.init)), .optional(m.quorate.map { $0 ? 1 : 0 }),
                  .optional(Self.json(m.rule)), .text(Self.json(m.items) ?? "[]"), .int(m.published ? 1 : 0), .date(m.recordedAt),
                  .int(m.id)])], audit: audit)
        return rows.first?.isEmpty == false
    }

    public func publishMeeting(id: Int64, published: Bool, audit: AuditEntry) async throws {
        _ = try await run([SQLStatement("UPDATE meetings SET published = ? WHERE id = ?", [.int(published ? 1 : 0), .int(id)])], audit: audit)
    }

    public func meeting(id: Int64) async throws -> MeetingRecord? {
        try await fetch(SQLStatement("SELECT * FROM meetings WHERE id = ?", [.int(id)])).first.map(MeetingRecord.init)
    }

    /// Meetings under `paths` (nil: everywhere), optionally only published and recorded ones, latest first.
    public func meetings(paths: [String]?, publishedOnly: Bool, limit: Int) async throws -> [MeetingRecord] {
        let scope = GrassrootsSQL.scope(paths)
        return try await fetch(SQLStatement("""
            SELECT * FROM meetings WHERE \(scope.sql)\(publishedOnly ? " AND published = 1 AND recorded_at IS NOT NULL" : "")
            ORDER BY held_on DESC, id DESC LIMIT ?
            """, scope.values + [.int(Int64(limit))])).map(MeetingRecord.init)
    }
}
