import Foundation
import HuiyinCore

/// A screening round (排查): when, where, by whom, and what kind.
public struct ScreeningRecord: Sendable, Hashable {
    public var id: Int64
    public var kind: ScreeningKind
    public var title: String
    public var territoryCode: String
    public var unitCode: String
    public var startedOn: LocalDate
    public var endedOn: LocalDate?
    public var note: String
    public var createdAt: Date
    public var createdBy: String

    init(_ r: SQLRow) {
        id = r.int("id") ?? 0; kind = ScreeningKind(rawValue: r.text("kind") ?? "") ?? .daily; title = r.text("title") ?? ""
        territoryCode = r.text("territory_code") ?? ""; unitCode = r.text("unit_code") ?? ""
        startedOn = LocalDate(r.text("started_on") ?? "") ?? LocalDate(dayNumber: 0); endedOn = r.text("ended_on").flatMap(LocalDate.init)
        note = r.text("note") ?? ""; createdAt = r.date("created_at") ?? Date(timeIntervalSince1970: 0); createdBy = r.text("created_by") ?? ""
    }
}

/// A dispute in the register and where its mediation stands.
public struct DisputeRecord: Sendable, Hashable {
    public var id: Int64
    public var screeningID: Int64?
    public var territoryCode: String
    public var unitCode: String
    public var type: String
    public var summary: String
    public var partiesSealed: Data
    public var partyCount: Int
    /// 1 低, 2 中, 3 高.
    public var risk: Int
    /// 三个突出: 热点 / 久拖不决 / 群体性.
    public var hot: Bool
    public var longUnresolved: Bool
    public var group: Bool
    public var stage: DisputeStage
    public var mediationKind: MediationKind?
    public var agreement: String?
    public var fulfilment: Fulfilment?
    public var caseID: Int64?
    public var receivedOn: LocalDate
    public var agreedOn: LocalDate?
    public var closedOn: LocalDate?
    public var createdAt: Date
    public var updatedAt: Date
    public var createdBy: String
    public var version: Int

    init(_ r: SQLRow) {
        id = r.int("id") ?? 0; screeningID = r.int("screening_id"); territoryCode = r.text("territory_code") ?? ""
        unitCode = r.text("unit_code") ?? ""; type = r.text("type") ?? ""; summary = r.text("summary") ?? ""
        partiesSealed = r.blob("parties_sealed") ?? Data(); partyCount = Int(r.int("party_count") ?? 0); risk = Int(r.int("risk") ?? 1)
        hot = r.bool("hot"); longUnresolved = r.bool("long_unresolved"); group = r.bool("grp")
        stage = DisputeStage(rawValue: r.text("stage") ?? "") ?? .received; mediationKind = r.text("mediation_kind").flatMap(MediationKind.init(rawValue:))
        agreement = r.text("agreement"); fulfilment = r.text("fulfilment").flatMap(Fulfilment.init(rawValue:)); caseID = r.int("case_id")
        receivedOn = LocalDate(r.text("received_on") ?? "") ?? LocalDate(dayNumber: 0); agreedOn = r.text("agreed_on").flatMap(LocalDate.init)
        closedOn = r.text("closed_on").flatMap(LocalDate.init); createdAt = r.date("created_at") ?? Date(timeIntervalSince1970: 0)
        updatedAt = r.date("updated_at") ?? Date(timeIntervalSince1970: 0); createdBy = r.text("created_by") ?? ""
        version = Int(r.int("version") ?? 0)
    }
}

/// One step in a dispute's history.
public struct DisputeEvent: Sendable, Hashable {
    public var at: Date
    public var actor: String
    public var action: String
    public var stage: DisputeStage
    public var note: String

    init(_ r: SQLRow) {
        at = r.date("at") ?? Date(timeIntervalSince1970: 0); actor = r.text("actor") ?? ""; action = r.text("action") ?? ""
        stage = DisputeStage(rawValue: r.text("stage") ?? "") ?? .received; note = r.text("note") ?? ""
    }
}

/// Received, succeeded (agreement reached) and failed disputes of one unit in a period.
public struct MediationTally: Sendable, Hashable {
    public var unitCode: String
    public var received: Int
    public var succeeded: Int
    public var failed: Int
}

/// A new dispute for the register.
public struct NewDispute: Sendable {
    public var screeningID: Int64?
    public var territoryCode: String
    public var scopePath: String
    public var unitCode: String
    public var type: String
    public var summary: String
    public var partiesSealed: Data
    public var partyCount: Int
    public var risk: Int
    public var hot: Bool
    public var longUnresolved: Bool
    public var group: Bool
    public var caseID: Int64?
    public var receivedOn: LocalDate

    public init(screeningID: Int64?, territoryCode: String, scopePath: String, unitCode: String, type: String, summary: String,
                partiesSealed: Data, partyCount: Int, risk: Int, hot: Bool, longUnresolved: Bool, group: Bool, caseID: Int64?,
                receivedOn: LocalDate) {
        self.screeningID = screeningID; self.territoryCode = territoryCode; self.scopePath = scopePath; self.unitCode = unitCode
        self.type = type; self.summary = summary; self.partiesSealed = partiesSealed; self.partyCount = partyCount; self.risk = risk
        self.hot = hot; self.longUnresolved = longUnresolved; self.group = group; self.caseID = caseID; self.receivedOn = receivedOn
    }
}

extension HuiyinStore {
    public func createScreening(kind: ScreeningKind, title: String, territory: String, unit: String, startedOn: LocalDate, endedOn: LocalDate?,
                                note: String, at: Date, by: String, audit: AuditEntry) async throws -> ScreeningRecord {
        let rows = try await run([SQLStatement("""
            INSERT INTO screenings (kind, title, territory_code, unit_code, started_on, ended_on, note, created_at, created_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *
            """, [.text(kind.rawValue), .text(title), .text(territory), .text(unit), .text(startedOn.description),
                  .optional(endedOn?.description), .text(note), .date(at), .text(by)])], audit: audit)
        guard let row = rows.first?.first else { throw StoreError.notFound("排查") }
        return ScreeningRecord(row)
    }

    /// Screening rounds whose territory lies under one of `paths` (all when nil), newest first, with
    /// how many disputes each found.
    public func screenings(territories: [String]?, limit: Int) async throws -> [(ScreeningRecord, Int)] {
        var sql = "SELECT s.*, (SELECT COUNT(*) FROM disputes d WHERE d.screening_id = s.id) AS found FROM screenings s"
        var values: [SQLValue] = []
        if let territories {
            guard !territories.isEmpty else { return [] }
            sql += " WHERE s.territory_code IN (\(Array(repeating: "?", count: territories.count).joined(separator: ", ")))"
            values = territories.map(SQLValue.text)
        }
        sql += " ORDER BY s.started_on DESC, s.id DESC LIMIT ?"
        return try await fetch(SQLStatement(sql, values + [.int(Int64(limit))])).map { (ScreeningRecord($0), Int($0.int("found") ?? 0)) }
    }

    public func screening(id: Int64) async throws -> ScreeningRecord? {
        try await fetch(SQLStatement("SELECT * FROM screenings WHERE id = ?", [.int(id)])).first.map(ScreeningRecord.init)
    }

    public func createDispute(_ d: NewDispute, at: Date, by: String, audit: AuditEntry) async throws -> DisputeRecord {
        // The history starts with the dispute itself (受理 by `created_by` at `created_at`).
        let rows = try await run([
            SQLStatement("""
                INSERT INTO disputes (screening_id, territory_code, scope_path, unit_code, type, summary, parties_sealed, party_count, risk,
                    hot, long_unresolved, grp, stage, case_id, received_on, created_at, updated_at, created_by, version)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'received', ?, ?, ?, ?, ?, 1) RETURNING *
                """, [.optional(d.screeningID), .text(d.territoryCode), .text(d.scopePath), .text(d.unitCode), .text(d.type), .text(d.summary),
                      .blob(d.partiesSealed), .int(Int64(d.partyCount)), .int(Int64(d.risk)), .int(d.hot ? 1 : 0),
                      .int(d.longUnresolved ? 1 : 0), .int(d.group ? 1 : 0), .optional(d.caseID), .text(d.receivedOn.description),
                      .date(at), .date(at), .text(by)]),
        ], audit: audit)
        guard let row = rows.first?.first else { throw StoreError.notFound("矛盾纠纷") }
        return DisputeRecord(row)
    }

    public func dispute(id: Int64) async throws -> DisputeRecord? {
        try await fetch(SQLStatement("SELECT * FROM disputes WHERE id = ?", [.int(id)])).first.map(DisputeRecord.init)
    }

    /// The disputes a case came from or turned into.
    public func disputes(caseID: Int64) async throws -> [DisputeRecord] {
        try await fetch(SQLStatement("SELECT * FROM disputes WHERE case_id = ? ORDER BY id", [.int(caseID)])).map(DisputeRecord.init)
    }

    /// Disputes under one of the scope `paths` or mediated by `unit`, newest first.
    public func disputes(paths: [String], unit: String?, stage: DisputeStage?, screeningID: Int64?, limit: Int) async throws -> [DisputeRecord] {
        var scope = paths.map { _ in "(scope_path >= ? AND scope_path < ?)" }
        var values: [SQLValue] = paths.flatMap { [SQLValue.text($0), .text(prefixUpperBound($0))] }
        if let unit { scope.append("unit_code = ?"); values.append(.text(unit)) }
        guard !scope.isEmpty else { return [] }
        var sql = "SELECT * FROM disputes WHERE (\(scope.joined(separator: " OR ")))"
        if let stage { sql += " AND stage = ?"; values.append(.text(stage.rawValue)) }
        if let screeningID { sql += " AND screening_id = ?"; values.append(.int(screeningID)) }
        sql += " ORDER BY received_on DESC, id DESC LIMIT ?"
        return try await fetch(SQLStatement(sql, values + [.int(Int64(limit))])).map(DisputeRecord.init)
    }

    /// Moves a dispute on, if it is still at `expectedVersion`; `false` when someone else moved it first.
    public func updateDispute(_ d: DisputeRecord, event: DisputeEvent, expectedVersion: Int, audit: AuditEntry) async throws -> Bool {
        let rows = try await run([
            SQLStatement("""
                UPDATE disputes SET stage = ?, mediation_kind = ?, agreement = ?, fulfilment = ?, case_id = ?, agreed_on = ?, closed_on = ?,
                    updated_at = ?, version = version + 1 WHERE id = ? AND version = ? RETURNING id
                """, [.text(d.stage.rawValue), .optional(d.mediationKind?.rawValue), .optional(d.agreement), .optional(d.fulfilment?.rawValue),
                      .optional(d.caseID), .optional(d.agreedOn?.description), .optional(d.closedOn?.description), .date(d.updatedAt),
                      .int(d.id), .int(Int64(expectedVersion))]),
            SQLStatement("""
                INSERT INTO dispute_events (dispute_id, at, actor, action, stage, note)
                SELECT ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM disputes WHERE id = ? AND version = ?)
                """, [.int(d.id), .date(event.at), .text(event.actor), .text(event.action), .text(event.stage.rawValue), .text(event.note),
                      .int(d.id), .int(Int64(expectedVersion + 1))]),
        ], audit: audit)
        return rows.first?.isEmpty == false
    }

    public func disputeEvents(id: Int64) async throws -> [DisputeEvent] {
        try await fetch(SQLStatement("SELECT * FROM dispute_events WHERE dispute_id = ? ORDER BY id", [.int(id)])).map(DisputeEvent.init)
    }

    /// Per mediating unit: disputes received in the period, how many reached an agreement, how many failed.
    public func mediationTallies(from: LocalDate, to: LocalDate, paths: [String]) async throws -> [MediationTally] {
        guard !paths.isEmpty else { return [] }
        let scope = paths.map { _ in "(scope_path >= ? AND scope_path < ?)" }.joined(separator: " OR ")
        return try await fetch(SQLStatement("""
            SELECT unit_code, COUNT(*) AS received, SUM(CASE WHEN agreed_on IS NOT NULL THEN 1 ELSE 0 END) AS succeeded,
                SUM(CASE WHEN stage = 'failed' THEN 1 ELSE 0 END) AS failed
            FROM disputes WHERE received_on >= ? AND received_on <= ? AND (\(scope)) GROUP BY unit_code ORDER BY unit_code
            """, [.text(from.description), .text(to.description)] + paths.flatMap { [SQLValue.text($0), .text(prefixUpperBound($0))] })).map {
            MediationTally(unitCode: $0.text("unit_code") ?? "", received: Int($0.int("received") ?? 0),
                           succeeded: Int($0.int("succeeded") ?? 0), failed: Int($0.int("failed") ?? 0))
        }
    }
}

extension DisputeEvent {
    public init(at: Date, actor: String, action: String, stage: DisputeStage, note: String) {
        self.at = at; self.actor = actor; self.action = action; self.stage = stage; self.note = note
    }
}
