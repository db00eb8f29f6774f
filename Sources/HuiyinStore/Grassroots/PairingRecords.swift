import Foundation
import HuiyinCore

/// A cadre paired with a household (结对帮扶 / 联系户). The household is sealed by the vault.
public struct PairingRecord: Sendable, Hashable {
    public var id: Int64
    public var cadreID: Int64
    public var kind: PairingKind
    public var householdSealed: Data
    public var territoryCode: String
    public var unitCode: String
    public var startedOn: LocalDate
    public var endedOn: LocalDate?
    public var note: String
    public var createdAt: Date
    public var createdBy: String
    /// Visits recorded and the last one (filled by the list query).
    public var visits: Int
    public var lastVisit: LocalDate?

    init(_ r: SQLRow) {
        id = r.int("id") ?? 0; cadreID = r.int("cadre_id") ?? 0; kind = PairingKind(rawValue: r.text("kind") ?? "") ?? .contact
        householdSealed = r.blob("household_sealed") ?? Data(); territoryCode = r.text("territory_code") ?? ""; unitCode = r.text("unit_code") ?? ""
        startedOn = LocalDate(r.text("started_on") ?? "") ?? LocalDate(dayNumber: 0); endedOn = r.text("ended_on").flatMap(LocalDate.init)
        note = r.text("note") ?? ""; createdAt = r.date("created_at") ?? Date(timeIntervalSince1970: 0); createdBy = r.text("created_by") ?? ""
        visits = Int(r.int("visits") ?? 0); lastVisit = r.text("last_visit").flatMap(LocalDate.init)
    }
}

/// One visit to a paired household: what was heard and what help was given.
public struct PairingVisit: Sendable, Hashable {
    public var id: Int64
    public var visitedOn: LocalDate
    public var heard: String
    public var help: String
    public var createdBy: String

    init(_ r: SQLRow) {
        id = r.int("id") ?? 0; visitedOn = LocalDate(r.text("visited_on") ?? "") ?? LocalDate(dayNumber: 0); heard = r.text("heard") ?? ""
        help = r.text("help") ?? ""; createdBy = r.text("created_by") ?? ""
    }
}

extension HuiyinStore {
    private static var pairingSelect: String {
        """
        SELECT p.*, (SELECT COUNT(*) FROM pairing_visits v WHERE v.pairing_id = p.id) AS visits,
            (SELECT MAX(visited_on) FROM pairing_visits v WHERE v.pairing_id = p.id) AS last_visit FROM pairings p
        """
    }

    public func createPairing(cadreID: Int64, kind: PairingKind, householdSealed: Data, territory: String, scopePath: String, unit: String,
                              startedOn: LocalDate, note: String, at: Date, by: String, audit: AuditEntry) async throws -> PairingRecord {
        let rows = try await run([SQLStatement("""
            INSERT INTO pairings (cadre_id, kind, household_sealed, territory_code, scope_path, unit_code, started_on, note, created_at, created_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
            """, [.int(cadreID), .text(kind.rawValue), .blob(householdSealed), .text(territory), .text(scopePath), .text(unit),
                  .text(startedOn.description), .text(note), .date(at), .text(by)])], audit: audit)
        guard let id = rows.first?.first?.int("id"), let p = try await pairing(id: id) else { throw StoreError.notFound("结对") }
        return p
    }

    public func pairing(id: Int64) async throws -> PairingRecord? {
        try await fetch(SQLStatement(Self.pairingSelect + " WHERE p.id = ?", [.int(id)])).first.map(PairingRecord.init)
    }

    /// Pairings of `cadre`, or under one of `paths` (nil: everywhere), current ones first.
    public func pairings(paths: [String]?, cadre: Int64?) async throws -> [PairingRecord] {
        let scope = GrassrootsSQL.scope(paths, column: "p.scope_path")
        var sql = Self.pairingSelect + " WHERE \(scope.sql)"
        var values = scope.values
        if let cadre { sql += " AND p.cadre_id = ?"; values.append(.int(cadre)) }
        sql += " ORDER BY CASE WHEN p.ended_on IS NULL THEN 0 ELSE 1 END, p.territory_code, p.id LIMIT 1000"
        return try await fetch(SQLStatement(sql, values)).map(PairingRecord.init)
    }

    public func endPairing(id: Int64, on day: LocalDate, audit: AuditEntry) async throws {
        _ = try await run([SQLStatement("UPDATE pairings SET ended_on = ? WHERE id = ?", [.text(day.description), .int(id)])], audit: audit)
    }

    public func addPairingVisit(pairingID: Int64, visitedOn: LocalDate, heard: String, help: String, at: Date, by: String,
                                audit: AuditEntry) async throws {
        _ = try await run([SQLStatement("""
            INSERT INTO pairing_visits (pairing_id, visited_on, heard, help, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)
            """, [.int(pairingID), .text(visitedOn.description), .text(heard), .text(help), .date(at), .text(by)])], audit: audit)
    }

    public func pairingVisits(pairingID: Int64) async throws -> [PairingVisit] {
        try await fetch(SQLStatement("SELECT * FROM pairing_visits WHERE pairing_id = ? ORDER BY visited_on DESC, id DESC",
                                     [.int(pairingID)])).map(PairingVisit.init)
    }
}
