import Foundation
import HuiyinCore

/// A grid's entry in the register: who works it, the phone citizens call to supervise that worker, and
/// its boundary (a GeoJSON geometry).
public struct GridRecord: Sendable, Hashable {
    public var territoryCode: String
    public var workerID: Int64?
    public var supervisionPhone: String
    public var boundary: String?
    public var updatedAt: Date

    public init(territoryCode: String, workerID: Int64?, supervisionPhone: String, boundary: String?, updatedAt: Date) {
        self.territoryCode = territoryCode; self.workerID = workerID; self.supervisionPhone = supervisionPhone
        self.boundary = boundary; self.updatedAt = updatedAt
    }

    init(_ r: SQLRow) {
        territoryCode = r.text("territory_code") ?? ""; workerID = r.int("worker_id"); supervisionPhone = r.text("supervision_phone") ?? ""
        boundary = r.text("boundary"); updatedAt = r.date("updated_at") ?? Date(timeIntervalSince1970: 0)
    }
}

/// One household visit in a worker's 民情日记. The household is sealed by the vault.
public struct DiaryRecord: Sendable, Hashable {
    public var id: Int64
    public var gridCode: String
    public var workerID: Int64
    public var visitedOn: LocalDate
    public var householdSealed: Data
    public var heard: String
    public var caseID: Int64?
    public var createdAt: Date

    init(_ r: SQLRow) {
        id = r.int("id") ?? 0; gridCode = r.text("grid_code") ?? ""; workerID = r.int("worker_id") ?? 0
        visitedOn = LocalDate(r.text("visited_on") ?? "") ?? LocalDate(year: 2000, month: 1, day: 1)!
        householdSealed = r.blob("household_sealed") ?? Data(); heard = r.text("heard") ?? ""; caseID = r.int("case_id")
        createdAt = r.date("created_at") ?? Date(timeIntervalSince1970: 0)
    }
}

/// Open and overdue cases of one territory (a grid, for the map).
public struct TerritoryCaseCount: Sendable, Hashable {
    public var territoryCode: String
    public var open: Int
    public var overdue: Int
}

extension HuiyinStore {
    public func saveGrid(_ g: GridRecord, audit: AuditEntry) async throws {
        _ = try await run([SQLStatement("""
            INSERT INTO grids (territory_code, worker_id, supervision_phone, boundary, updated_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (territory_code) DO UPDATE SET worker_id = excluded.worker_id, supervision_phone = excluded.supervision_phone,
                boundary = excluded.boundary, updated_at = excluded.updated_at
            """, [.text(g.territoryCode), .optional(g.workerID), .text(g.supervisionPhone), .optional(g.boundary), .date(g.updatedAt)])],
                          audit: audit)
    }

    public func grids() async throws -> [GridRecord] {
        try await fetch(SQLStatement("SELECT * FROM grids ORDER BY territory_code")).map(GridRecord.init)
    }

    /// The grids assigned to a worker: their scope.
    public func gridCodes(ofWorker id: Int64) async throws -> [String] {
        try await fetch(SQLStatement("SELECT territory_code FROM grids WHERE worker_id = ? ORDER BY territory_code", [.int(id)]))
            .compactMap { $0.text("territory_code") }
    }

    public func addDiaryEntry(grid: String, workerID: Int64, visitedOn: LocalDate, householdSealed: Data, heard: String, caseID: Int64?,
                              at: Date, audit: AuditEntry) async throws -> DiaryRecord {
        let rows = try await run([SQLStatement("""
            INSERT INTO diary_entries (grid_code, worker_id, visited_on, household_sealed, heard, case_id, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *
            """, [.text(grid), .int(workerID), .text(visitedOn.description), .blob(householdSealed), .text(heard), .optional(caseID),
                  .date(at)])], audit: audit)
        guard let row = rows.first?.first else { throw StoreError.notFound("民情日记") }
        return DiaryRecord(row)
    }

    /// Links a worker's own diary entry, not yet linked, to the case reported from it.
    public func linkDiaryEntry(id: Int64, workerID: Int64, caseID: Int64) async throws {
        _ = try await run([SQLStatement("UPDATE diary_entries SET case_id = ? WHERE id = ? AND worker_id = ? AND case_id IS NULL",
                                        [.int(caseID), .int(id), .int(workerID)])], audit: nil)
    }

    /// Diary entries of some grids between two days (inclusive), newest first.
    public func diaryEntries(grids: [String], from: LocalDate, to: LocalDate, limit: Int) async throws -> [DiaryRecord] {
        guard !grids.isEmpty else { return [] }
        let marks = Array(repeating: "?", count: grids.count).joined(separator: ", ")
        return try await fetch(SQLStatement("""
            SELECT * FROM diary_entries WHERE grid_code IN (\(marks)) AND visited_on >= ? AND visited_on <= ?
            ORDER BY visited_on DESC, id DESC LIMIT ?
            """, grids.map(SQLValue.text) + [.text(from.description), .text(to.description), .int(Int64(limit))])).map(DiaryRecord.init)
    }

    /// The distinct days each worker visited households between two days (inclusive).
    public func visitDays(from: LocalDate, to: LocalDate) async throws -> [(workerID: Int64, day: LocalDate)] {
        try await fetch(SQLStatement("""
            SELECT DISTINCT worker_id, visited_on FROM diary_entries WHERE visited_on >= ? AND visited_on <= ?
            """, [.text(from.description), .text(to.description)])).compactMap { r in
            guard let w = r.int("worker_id"), let d = LocalDate(r.text("visited_on") ?? "") else { return nil }
            return (w, d)
        }
    }

    /// Open and overdue cases per territory among `codes` (exact territory, as grids are leaves).
    public func openCaseCounts(territories codes: [String], today: LocalDate) async throws -> [TerritoryCaseCount] {
        guard !codes.isEmpty else { return [] }
        let marks = Array(repeating: "?", count: codes.count).joined(separator: ", ")
        let terminal = CaseState.allCases.filter(\.isTerminal).map { "'\($0.rawValue)'" }.joined(separator: ",")
        return try await fetch(SQLStatement("""
            SELECT territory, COUNT(*) AS open, SUM(CASE WHEN due_on < ? THEN 1 ELSE 0 END) AS overdue FROM cases
            WHERE territory IN (\(marks)) AND state NOT IN (\(terminal)) GROUP BY territory
            """, [.text(today.description)] + codes.map(SQLValue.text))).map {
            TerritoryCaseCount(territoryCode: $0.text("territory") ?? "", open: Int($0.int("open") ?? 0), overdue: Int($0.int("overdue") ?? 0))
        }
    }
}
