import Foundation
import HuiyinCore

/// A leader's reception day: who receives, their portfolio, when and where; published on the portal.
public struct ReceptionDay: Sendable, Hashable {
    public var id: Int64
    public var leaderID: Int64?
    public var leaderName: String
    public var leaderTitle: String
    public var portfolio: String
    public var day: LocalDate
    public var startTime: String
    public var endTime: String
    public var place: String
    public var territoryCode: String
    public var unitCode: String
    public var published: Bool
    public var cancelled: Bool
    public var note: String
    public var createdAt: Date
    public var createdBy: String

    public init(id: Int64 = 0, leaderID: Int64?, leaderName: String, leaderTitle: String, portfolio: String, day: LocalDate, startTime: String,
                endTime: String, place: String, territoryCode: String, unitCode: String, published: Bool, cancelled: Bool = false, note: String,
                createdAt: Date, createdBy: String) {
        self.id = id; self.leaderID = leaderID; self.leaderName = leaderName; self.leaderTitle = leaderTitle; self.portfolio = portfolio
        self.day = day; self.startTime = startTime; self.endTime = endTime; self.place = place; self.territoryCode = territoryCode
        self.unitCode = unitCode; self.published = published; self.cancelled = cancelled; self.note = note; self.createdAt = createdAt
        self.createdBy = createdBy
    }

    init(_ r: SQLRow) {
        self.init(id: r.int("id") ?? 0, leaderID: r.int("leader_id"), leaderName: r.text("leader_name") ?? "", leaderTitle: r.text("leader_title") ?? "",
                  portfolio: r.text("portfolio") ?? "", day: LocalDate(r.text("day") ?? "") ?? LocalDate(dayNumber: 0),
                  startTime: r.text("start_time") ?? "", endTime: r.text("end_time") ?? "", place: r.text("place") ?? "",
                  territoryCode: r.text("territory_code") ?? "", unitCode: r.text("unit_code") ?? "", published: r.bool("published"),
                  cancelled: r.bool("cancelled"), note: r.text("note") ?? "", createdAt: r.date("created_at") ?? Date(timeIntervalSince1970: 0),
                  createdBy: r.text("created_by") ?? "")
    }
}

/// A case on a reception day: screened onto it beforehand, or registered at the reception.
public struct ReceptionCase: Sendable, Hashable {
    public enum Kind: String, Sendable { case screened, visit }
    public var receptionID: Int64
    public var caseID: Int64
    public var kind: Kind
    public var note: String
    public var addedAt: Date
    public var addedBy: String

    init(_ r: SQLRow) {
        receptionID = r.int("reception_id") ?? 0; caseID = r.int("case_id") ?? 0; kind = Kind(rawValue: r.text("kind") ?? "") ?? .screened
        note = r.text("note") ?? ""; addedAt = r.date("added_at") ?? Date(timeIntervalSince1970: 0); addedBy = r.text("added_by") ?? ""
    }
}

extension HuiyinStore {
    public func createReception(_ r: ReceptionDay, scopePath: String, audit: AuditEntry) async throws -> ReceptionDay {
        let rows = try await run([SQLStatement("""
            INSERT INTO reception_days (leader_id, leader_name, leader_title, portfolio, day, start_time, end_time, place, territory_code,
                scope_path, unit_code, published, cancelled, note, created_at, created_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?) RETURNING *
            """, [.optional(r.leaderID), .text(r.leaderName), .text(r.leaderTitle), .text(r.portfolio), .text(r.day.description), .text(r.startTime),
                  .text(r.endTime), .text(r.place), .text(r.territoryCode), .text(scopePath), .text(r.unitCode), .int(r.published ? 1 : 0),
                  .text(r.note), .date(r.createdAt), .text(r.createdBy)])], audit: audit)
        guard let row = rows.first?.first else { throw StoreError.notFound("接待日") }
        return ReceptionDay(row)
    }

    public func reception(id: Int64) async throws -> ReceptionDay? {
        try await fetch(SQLStatement("SELECT * FROM reception_days WHERE id = ?", [.int(id)])).first.map(ReceptionDay.init)
    }

    /// Sets `published` / `cancelled`.
    public func updateReception(id: Int64, published: Bool, cancelled: Bool, audit: AuditEntry) async throws {
        _ = try await run([SQLStatement("UPDATE reception_days SET published = ?, cancelled = ? WHERE id = ?",
                                        [.int(published ? 1 : 0), .int(cancelled ? 1 : 0), .int(id)])], audit: audit)
    }

    /// Reception days between two days (inclusive) under one of `paths` (nil: all), optionally only the
    /// published and not cancelled ones, by day.
    public func receptions(from: LocalDate, to: LocalDate, paths: [String]?, publishedOnly: Bool) async throws -> [ReceptionDay] {
        var sql = "SELECT * FROM reception_days WHERE day >= ? AND day <= ?"
        var values: [SQLValue] = [.text(from.description), .text(to.description)]
        if let paths {
            guard !paths.isEmpty else { return [] }
            sql += " AND (" + paths.map { _ in "(scope_path >= ? AND scope_path < ?)" }.joined(separator: " OR ") + ")"
            values += paths.flatMap { [SQLValue.text($0), .text(prefixUpperBound($0))] }
        }
        if publishedOnly { sql += " AND published = 1 AND cancelled = 0" }
        return try await fetch(SQLStatement(sql + " ORDER BY day, start_time, id LIMIT 500", values)).map(ReceptionDay.init)
    }

    /// Adds a case to a reception day; `false` when it is already there.
    public func addReceptionCase(receptionID: Int64, caseID: Int64, kind: ReceptionCase.Kind, note: String, at: Date, by: String,
                                 audit: AuditEntry) async throws -> Bool {
        let rows = try await run([SQLStatement("""
            INSERT INTO reception_cases (reception_id, case_id, kind, note, added_at, added_by) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (reception_id, case_id) DO NOTHING RETURNING case_id
            """, [.int(receptionID), .int(caseID), .text(kind.rawValue), .text(note), .date(at), .text(by)])], audit: audit)
        return rows.first?.isEmpty == false
    }

    public func receptionCases(receptionID: Int64) async throws -> [ReceptionCase] {
        try await fetch(SQLStatement("SELECT * FROM reception_cases WHERE reception_id = ? ORDER BY added_at, case_id", [.int(receptionID)]))
            .map(ReceptionCase.init)
    }
}
