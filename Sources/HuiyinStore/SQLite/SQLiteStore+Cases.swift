import Foundation
import GRDB
import HuiyinCore

extension SQLiteStore {
    public func createCase(_ c: Case, event: CaseEvent, index: CaseIndex, queryCodeHash: Data) async throws -> Case {
        let rows = try CaseRows(c, vault: vault)
        let eventDetails = try StoredJSON.encode(event.details)
        let year = ChinaTime.localDate(c.registeredAt).year
        return try await writer.write { db in
            let seq = try Int.fetchOne(db.cachedStatement(sql: """
                INSERT INTO counters (name, value) VALUES (?, 1)
                ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value
                """), arguments: ["case-\(year)"])!
            var stored = c
            stored.number = CaseNumber.format(year: year, sequence: seq)
            stored.version = 1
            try db.cachedStatement(sql: """
                INSERT INTO cases (number, query_code_hash, version, rule_set, state, stage, channel, kind, category,
                    territory, scope_path, owner_unit, lead_unit, accused_unit, submitted_by, received_on,
                    registered_at, updated_at, due_on, warn_on, people_count, title, content, body)
                VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [stored.number, queryCodeHash, c.ruleSetID, c.state.rawValue,
                                         c.stage?.kind.rawValue, c.channel.rawValue, c.kind.rawValue, c.categoryCode,
                                         c.territoryCode, index.scopePath, c.ownerUnitCode, c.leadUnitCode,
                                         c.accusedUnitCode, c.submittedBy, c.receivedOn.description,
                                         c.registeredAt.millis, c.updatedAt.millis, index.dueOn?.description,
                                         index.warnOn?.description, c.peopleCount, c.title, c.content, rows.body])
            stored.id = db.lastInsertedRowID
            let insertPerson = try db.cachedStatement(sql: """
                INSERT INTO case_persons (case_id, seq, role, sealed, id_hash, phone_hash) VALUES (?, ?, ?, ?, ?, ?)
                """)
            for p in rows.persons {
                try insertPerson.execute(arguments: [stored.id, p.seq, p.role, p.sealed, p.idHash, p.phoneHash])
            }
            try Self.insertUnits(rows.units, caseID: stored.id, db)
            try Self.insertEvent(event, details: eventDetails, caseID: stored.id, db)
            return stored
        }
    }

    public func updateCase(_ c: Case, events: [CaseEvent], index: CaseIndex, expectedVersion: Int) async throws -> Case {
        let rows = try CaseRows(c, vault: vault)
        let details = try events.map { try StoredJSON.encode($0.details) }
        return try await writer.write { db in
            try db.cachedStatement(sql: """
                UPDATE cases SET version = version + 1, rule_set = ?, state = ?, stage = ?, kind = ?, category = ?,
                    territory = ?, scope_path = ?, lead_unit = ?, accused_unit = ?, updated_at = ?, due_on = ?,
                    warn_on = ?, body = ?
                WHERE id = ? AND version = ?
                """).execute(arguments: [c.ruleSetID, c.state.rawValue, c.stage?.kind.rawValue, c.kind.rawValue,
                                         c.categoryCode, c.territoryCode, index.scopePath, c.leadUnitCode,
                                         c.accusedUnitCode, c.updatedAt.millis, index.dueOn?.description,
                                         index.warnOn?.description, rows.body, c.id, expectedVersion])
            guard db.changesCount == 1 else {
                guard let actual = try Int.fetchOne(db, sql: "SELECT version FROM cases WHERE id = ?", arguments: [c.id]) else {
                    throw StoreError.notFound("信访事项")
                }
                throw StoreError.versionConflict(caseID: c.id, expected: expectedVersion, actual: actual)
            }
            try db.execute(sql: "DELETE FROM case_units WHERE case_id = ?", arguments: [c.id])
            try Self.insertUnits(rows.units, caseID: c.id, db)
            for (e, d) in zip(events, details) { try Self.insertEvent(e, details: d, caseID: c.id, db) }
            var stored = c
            stored.version = expectedVersion + 1
            return stored
        }
    }

    static func insertUnits(_ units: [(unit: String, role: String)], caseID: Int64, _ db: Database) throws {
        let stmt = try db.cachedStatement(sql: "INSERT INTO case_units (case_id, unit, role) VALUES (?, ?, ?)")
        for u in units { try stmt.execute(arguments: [caseID, u.unit, u.role]) }
    }

    static func insertEvent(_ e: CaseEvent, details: String, caseID: Int64, _ db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO case_events (case_id, seq, at, actor_user, actor_name, actor_role, actor_unit, action,
                from_state, to_state, note, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [caseID, e.seq, e.at.millis, e.actor.userID, e.actor.name, e.actor.role,
                                     e.actor.unitCode, e.action.rawValue, e.fromState?.rawValue, e.toState.rawValue,
                                     e.note, details])
    }

    /// Decodes case rows (`id, number, version, title, content, body`) and their people.
    func cases(_ rows: [Row], withPersons: Bool, _ db: Database) throws -> [Case] {
        var persons: [Int64: [(role: String, sealed: Data)]] = [:]
        if withPersons, !rows.isEmpty {
            let ids = rows.map { $0["id"] as Int64 }
            let marks = Array(repeating: "?", count: ids.count).joined(separator: ",")
            for r in try Row.fetchAll(db, sql: "SELECT case_id, role, sealed FROM case_persons WHERE case_id IN (\(marks)) ORDER BY case_id, seq",
                                      arguments: StatementArguments(ids)) {
                persons[r["case_id"], default: []].append((r["role"], r["sealed"]))
            }
        }
        return try rows.map { r in
            var c = try CaseRows.decode(body: r["body"], title: r["title"], content: r["content"], persons: persons[r["id"]] ?? [],
                                        vault: vault)
            c.id = r["id"]; c.number = r["number"]; c.version = r["version"]
            return c
        }
    }

    public func loadCase(id: Int64) async throws -> Case? {
        try await pool.read { db in
            let rows = try Row.fetchAll(db.cachedStatement(sql: "SELECT id, number, version, title, content, body FROM cases WHERE id = ?"),
                                        arguments: [id])
            return try self.cases(rows, withPersons: true, db).first
        }
    }

    public func loadCase(number: String) async throws -> (case: Case, queryCodeHash: Data)? {
        try await pool.read { db in
            guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT id, number, version, title, content, body, query_code_hash FROM cases WHERE number = ?"),
                                             arguments: [number]) else { return nil }
            return (try self.cases([row], withPersons: true, db)[0], row["query_code_hash"])
        }
    }

    public func history(caseID: Int64) async throws -> [CaseEvent] {
        try await pool.read { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM case_events WHERE case_id = ? ORDER BY seq"),
                             arguments: [caseID]).map { r in
                CaseEvent(seq: r["seq"], at: Date(millis: r["at"]),
                          actor: ActorRef(userID: r["actor_user"], name: r["actor_name"], role: r["actor_role"], unitCode: r["actor_unit"]),
                          action: ActionName(rawValue: r["action"]) ?? .comment,
                          fromState: (r["from_state"] as String?).flatMap(CaseState.init(rawValue:)),
                          toState: CaseState(rawValue: r["to_state"]) ?? .registered, note: r["note"],
                          details: (try? StoredJSON.decode([String: String].self, r["details"])) ?? [:])
            }
        }
    }

    public func listCases(_ q: CaseQuery) async throws -> CasePage {
        let filter = SQLiteCaseFilter(q)
        return try await pool.read { db in
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM cases WHERE \(filter.sql)", arguments: filter.arguments) ?? 0
            let rows = try Row.fetchAll(db, sql: """
                SELECT id, number, version, title, content, body FROM cases WHERE \(filter.sql) ORDER BY \(filter.order) LIMIT ? OFFSET ?
                """, arguments: filter.arguments + [q.limit, q.offset])
            return CasePage(total: total, cases: try self.cases(rows, withPersons: true, db))
        }
    }

    public func openCases() async throws -> [Case] {
        let terminal = CaseState.allCases.filter(\.isTerminal).map { "'\($0.rawValue)'" }.joined(separator: ",")
        return try await pool.read { db in
            try self.cases(try Row.fetchAll(db, sql: "SELECT id, number, version, title, content, body FROM cases WHERE state NOT IN (\(terminal))"),
                           withPersons: false, db)
        }
    }

    public func updateIndexes(_ indexes: [(id: Int64, index: CaseIndex)]) async throws {
        guard !indexes.isEmpty else { return }
        let items = indexes.map { ($0.id, $0.index) }
        try await writer.write { db in
            let stmt = try db.cachedStatement(sql: "UPDATE cases SET scope_path = ?, due_on = ?, warn_on = ? WHERE id = ?")
            for (id, index) in items {
                try stmt.execute(arguments: [index.scopePath, index.dueOn?.description, index.warnOn?.description, id])
            }
        }
    }
}

/// The WHERE and ORDER BY of a case list, with bound arguments.
struct SQLiteCaseFilter {
    var clauses: [String] = []
    var arguments = StatementArguments()
    var order: String

    var sql: String { clauses.isEmpty ? "1" : clauses.joined(separator: " AND ") }

    init(_ q: CaseQuery) {
        switch q.sort {
        case .received: order = "received_on DESC, id DESC"
        case .receivedAsc: order = "received_on ASC, id ASC"
        case .due: order = "due_on IS NULL, due_on ASC, id ASC"
        case .updated: order = "updated_at DESC, id DESC"
        }
        switch q.scope {
        case .territoryOrUnit(let path, let unit):
            add("((scope_path >= ? AND scope_path < ?) OR id IN (SELECT case_id FROM case_units WHERE unit = ?))",
                [path, prefixUpperBound(path), unit])
        case .involvedUnit(let unit):
            add("id IN (SELECT case_id FROM case_units WHERE unit = ?)", [unit])
        case .submittedBy(let id):
            add("submitted_by = ?", [id])
        case .nothing:
            clauses.append("0")
        }
        if !q.hiddenAccusedUnits.isEmpty {
            add("(accused_unit IS NULL OR accused_unit NOT IN (\(Array(repeating: "?", count: q.hiddenAccusedUnits.count).joined(separator: ","))))",
                q.hiddenAccusedUnits)
        }
        if !q.states.isEmpty { add(list("state", q.states.count), q.states.map(\.rawValue)) }
        if !q.channels.isEmpty { add(list("channel", q.channels.count), q.channels.map(\.rawValue)) }
        if !q.kinds.isEmpty { add(list("kind", q.kinds.count), q.kinds.map(\.rawValue)) }
        if let unit = q.leadUnit { add("lead_unit = ?", [unit]) }
        if let path = q.territoryPath { add("scope_path >= ? AND scope_path < ?", [path, prefixUpperBound(path)]) }
        if let prefix = q.categoryPrefix { add("category >= ? AND category < ?", [prefix, prefixUpperBound(prefix)]) }
        if let day = q.overdueAsOf { add("due_on < ?", [day.description]) }
        if let day = q.dueSoonAsOf { add("due_on >= ? AND warn_on <= ?", [day.description, day.description]) }
        if let from = q.receivedFrom { add("received_on >= ?", [from.description]) }
        if let to = q.receivedTo { add("received_on <= ?", [to.description]) }
        if let text = q.text, !text.isEmpty {
            let pattern = "%" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
                .replacingOccurrences(of: "_", with: "\\_") + "%"
            add("(title LIKE ? ESCAPE '\\' OR content LIKE ? ESCAPE '\\' OR number = ?)", [pattern, pattern, text])
        }
    }

    private func list(_ column: String, _ n: Int) -> String {
        "\(column) IN (\(Array(repeating: "?", count: n).joined(separator: ",")))"
    }

    private mutating func add(_ clause: String, _ values: [any DatabaseValueConvertible]) {
        clauses.append(clause)
        arguments += StatementArguments(values)
    }
}
