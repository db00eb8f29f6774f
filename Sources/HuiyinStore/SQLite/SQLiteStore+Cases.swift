import Foundation
import GRDB
import HuiyinCore

extension SQLiteStore {
    public func createCase(_ c: Case, event: CaseEvent, index: CaseIndex, queryCodeHash: Data) async throws -> Case {
        let rows = try CaseRows(c, vault: vault, forInsert: true)
        let eventDetails = try StoredJSON.encode(event.details)
        return try await writer.write { db in
            var stored = c
            (stored.id, stored.number) = try Self.insertNewCase(c, rows: rows, index: index, queryCodeHash: queryCodeHash,
                                                                events: [(event, eventDetails)], db)
            stored.version = 1
            try Self.enqueue(OutboxEntry.forEvents([event], of: stored), db)
            return stored
        }
    }

    /// Numbers a new case (the year's counter, in this transaction: gapless) and inserts it with its
    /// people, units and events. Returns its id and number.
    static func insertNewCase(_ c: Case, rows: CaseRows, index: CaseIndex, queryCodeHash: Data,
                              events: [(CaseEvent, String)], _ db: Database) throws -> (Int64, String) {
        let year = ChinaTime.localDate(c.registeredAt).year
        let seq = try Int.fetchOne(db.cachedStatement(sql: """
            INSERT INTO counters (name, value) VALUES (?, 1)
            ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value
            """), arguments: ["case-\(year)"])!
        let number = CaseNumber.format(year: year, sequence: seq)
        try db.cachedStatement(sql: """
            INSERT INTO cases (number, query_code_hash, version, rule_set, state, stage, channel, kind, category,
                territory, scope_path, owner_unit, lead_unit, accused_unit, submitted_by, received_on,
                registered_at, updated_at, due_on, warn_on, people_count, title, content, body,
                accepted_on_time, replied_on_time, rating, wall, supervision_level, supervised_due, escalate_on,
                accountable_units, owner_leader, repeat_of, handle_days, assigned_on, merged_into, search_sig)
            VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [number, queryCodeHash, c.ruleSetID, c.state.rawValue,
                                     c.stage?.kind.rawValue, c.channel.rawValue, c.kind.rawValue, c.categoryCode,
                                     c.territoryCode, index.scopePath, c.ownerUnitCode, c.leadUnitCode,
                                     c.accusedUnitCode, c.submittedBy, c.receivedOn.description,
                                     c.registeredAt.millis, c.updatedAt.millis, index.dueOn?.description,
                                     index.warnOn?.description, c.peopleCount, c.title, c.content, rows.body,
                                     rows.facts.acceptedOnTime, rows.facts.repliedOnTime, rows.facts.rating, rows.facts.wall,
                                     rows.facts.supervisionLevel, rows.facts.supervisedDue, index.escalateOn?.description,
                                     rows.facts.accountableUnits, rows.facts.ownerLeader, rows.facts.repeatOf, rows.facts.handleDays,
                                     rows.facts.assignedOn, rows.facts.mergedInto, rows.text.searchSig])
        let id = db.lastInsertedRowID
        try indexText(rows.text, caseID: id, replacing: false, db)
        try indexSimilarity(rows.similarity, caseID: id, db)
        let insertPerson = try db.cachedStatement(sql: """
            INSERT INTO case_persons (case_id, seq, role, sealed, id_hash, phone_hash) VALUES (?, ?, ?, ?, ?, ?)
            """)
        for p in rows.persons {
            try insertPerson.execute(arguments: [id, p.seq, p.role, p.sealed, p.idHash, p.phoneHash])
        }
        try insertUnits(rows.units, caseID: id, db)
        for (e, d) in events { try insertEvent(e, details: d, caseID: id, db) }
        return (id, number)
    }

    public func updateCase(_ c: Case, events: [CaseEvent], index: CaseIndex, expectedVersion: Int) async throws -> Case {
        let rows = try CaseRows(c, vault: vault)
        let details = try events.map { try StoredJSON.encode($0.details) }
        return try await writer.write { db in
            try Self.update(c, rows: rows, events: events, details: details, index: index, expectedVersion: expectedVersion, db)
        }
    }

    /// Saves a changed case if its stored version is `expectedVersion`, with its units, events and outbox entries.
    static func update(_ c: Case, rows: CaseRows, events: [CaseEvent], details: [String], index: CaseIndex,
                       expectedVersion: Int, _ db: Database) throws -> Case {
            let oldSig = try Int64.fetchOne(db.cachedStatement(sql: "SELECT search_sig FROM cases WHERE id = ?"), arguments: [c.id])
            try db.cachedStatement(sql: """
                UPDATE cases SET version = version + 1, rule_set = ?, state = ?, stage = ?, kind = ?, category = ?,
                    territory = ?, scope_path = ?, lead_unit = ?, accused_unit = ?, updated_at = ?, due_on = ?,
                    warn_on = ?, body = ?, accepted_on_time = ?, replied_on_time = ?, rating = ?, wall = ?,
                    supervision_level = ?, supervised_due = ?, escalate_on = ?, accountable_units = ?, owner_leader = ?,
                    repeat_of = ?, handle_days = ?, assigned_on = ?, merged_into = ?, search_sig = ?
                WHERE id = ? AND version = ?
                """).execute(arguments: [c.ruleSetID, c.state.rawValue, c.stage?.kind.rawValue, c.kind.rawValue,
                                         c.categoryCode, c.territoryCode, index.scopePath, c.leadUnitCode,
                                         c.accusedUnitCode, c.updatedAt.millis, index.dueOn?.description,
                                         index.warnOn?.description, rows.body, rows.facts.acceptedOnTime,
                                         rows.facts.repliedOnTime, rows.facts.rating, rows.facts.wall,
                                         rows.facts.supervisionLevel, rows.facts.supervisedDue, index.escalateOn?.description,
                                         rows.facts.accountableUnits, rows.facts.ownerLeader, rows.facts.repeatOf, rows.facts.handleDays,
                                         rows.facts.assignedOn, rows.facts.mergedInto, rows.text.searchSig, c.id, expectedVersion])
            guard db.changesCount == 1 else {
                guard let actual = try Int.fetchOne(db, sql: "SELECT version FROM cases WHERE id = ?", arguments: [c.id]) else {
                    throw StoreError.notFound("信访事项")
                }
                throw StoreError.versionConflict(caseID: c.id, expected: expectedVersion, actual: actual)
            }
            if oldSig != rows.text.searchSig { try indexText(rows.text, caseID: c.id, replacing: true, db) }
            try db.execute(sql: "DELETE FROM case_units WHERE case_id = ?", arguments: [c.id])
            try Self.insertUnits(rows.units, caseID: c.id, db)
            for (e, d) in zip(events, details) { try Self.insertEvent(e, details: d, caseID: c.id, db) }
            try Self.enqueue(OutboxEntry.forEvents(events, of: c), db)
            var stored = c
            stored.version = expectedVersion + 1
            return stored
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

    public func loadCases(ids: [Int64], withPersons: Bool) async throws -> [Case] {
        guard !ids.isEmpty else { return [] }
        let found = try await pool.read { db in
            try stride(from: 0, to: ids.count, by: 500).flatMap { start in
                let chunk = ids[start..<min(start + 500, ids.count)]
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                return try self.cases(Row.fetchAll(db, sql: "SELECT id, number, version, title, content, body FROM cases WHERE id IN (\(marks))",
                                                   arguments: StatementArguments(Array(chunk))), withPersons: withPersons, db)
            }
        }
        return found.ordered(like: ids)
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
        let filter = CaseFilterSQL(q, dialect: .sqlite)
        let (countSQL, countValues) = filter.count(cap: q.countCap)
        let (pageSQL, pageValues) = filter.page(limit: q.limit, offset: q.offset)
        return try await pool.read { db in
            let total = try Int.fetchOne(db, sql: countSQL, arguments: StatementArguments(countValues.map(\.sqlite))) ?? 0
            let rows = try Row.fetchAll(db, sql: pageSQL, arguments: StatementArguments(pageValues.map(\.sqlite)))
            return CasePage(total: min(total, q.countCap), totalCapped: total >= q.countCap,
                            cases: try self.cases(rows, withPersons: true, db))
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
            let stmt = try db.cachedStatement(sql: "UPDATE cases SET scope_path = ?, due_on = ?, warn_on = ?, escalate_on = ? WHERE id = ?")
            for (id, index) in items {
                try stmt.execute(arguments: [index.scopePath, index.dueOn?.description, index.warnOn?.description,
                                             index.escalateOn?.description, id])
            }
        }
    }
}

extension SQLValue {
    var sqlite: DatabaseValue {
        switch self {
        case .text(let t): t.databaseValue
        case .int(let i): i.databaseValue
        case .blob(let d): d.databaseValue
        case .null: .null
        }
    }
}

extension SQLiteStore {
    static func enqueue(_ entries: [OutboxEntry], _ db: Database) throws {
        let stmt = try db.cachedStatement(sql: OutboxSQL.insert)
        for e in entries { try stmt.execute(arguments: StatementArguments(OutboxSQL.insertValues(e).map(\.sqlite))) }
    }

    static func outboxEntry(_ r: Row) -> OutboxEntry {
        OutboxEntry(id: r["id"], dedupeKey: r["dedupe_key"], caseID: r["case_id"], kind: OutboxEntry.Kind(rawValue: r["kind"]) ?? .event,
                    recipientUnit: r["recipient_unit"], text: r["text"], createdAt: Date(millis: r["created_at"]),
                    deliveredAt: (r["delivered_at"] as Int64?).map(Date.init(millis:)), deliveredBy: r["delivered_by"],
                    attempts: r["attempts"], lastError: r["last_error"], failedAt: (r["failed_at"] as Int64?).map(Date.init(millis:)))
    }

    public func enqueueDueSoon(asOf: LocalDate, now: Date) async throws -> Int {
        let (sql, values) = OutboxSQL.enqueueDueSoon(asOf: asOf, now: now)
        return try await writer.write { db in
            try db.execute(sql: sql, arguments: StatementArguments(values.map(\.sqlite)))
            return db.changesCount
        }
    }

    public func escalationCandidates(asOf: LocalDate, limit: Int) async throws -> [Int64] {
        let (sql, values) = OutboxSQL.escalationCandidates(asOf: asOf, limit: limit)
        return try await pool.read { db in try Int64.fetchAll(db, sql: sql, arguments: StatementArguments(values.map(\.sqlite))) }
    }

    public func claimOutbox(node: String, limit: Int, now: Date, lease: TimeInterval) async throws -> [OutboxEntry] {
        try await writer.write { db in
            try Row.fetchAll(db, sql: """
                UPDATE outbox SET claimed_at = ?, delivered_by = ?
                WHERE id IN (SELECT id FROM outbox WHERE \(OutboxSQL.claimable) ORDER BY id LIMIT ?)
                RETURNING \(OutboxSQL.columns)
                """, arguments: [now.millis, node, now.millis, now.addingTimeInterval(-lease).millis, limit]).map(Self.outboxEntry).sorted { $0.id < $1.id }
        }
    }

    public func confirmOutbox(ids: [Int64], now: Date) async throws {
        guard !ids.isEmpty else { return }
        try await writer.write { db in
            try db.execute(sql: "UPDATE outbox SET delivered_at = ? WHERE id IN (\(ids.map(String.init).joined(separator: ",")))",
                           arguments: [now.millis])
        }
    }

    public func retryOutbox(ids: [Int64], error: String, retryAt: Date, maxAttempts: Int, now: Date) async throws {
        guard !ids.isEmpty else { return }
        let (sql, values) = OutboxSQL.retry(ids: ids, error: error, retryAt: retryAt, maxAttempts: maxAttempts, now: now)
        try await writer.write { db in try db.execute(sql: sql, arguments: StatementArguments(values.map(\.sqlite))) }
    }

    public func outboxBacklog() async throws -> (pending: Int, failed: Int) {
        try await pool.read { db in
            (try Int.fetchOne(db, sql: OutboxSQL.pendingCountSQL) ?? 0, try Int.fetchOne(db, sql: OutboxSQL.failedCountSQL) ?? 0)
        }
    }

    public func outbox(afterID: Int64, limit: Int) async throws -> [OutboxEntry] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT \(OutboxSQL.columns) FROM outbox WHERE id > ? ORDER BY id LIMIT ?",
                             arguments: [afterID, limit]).map(Self.outboxEntry)
        }
    }
}

extension SQLiteStore {
    public func importCases(_ items: [ImportedCase]) async throws {
        guard !items.isEmpty else { return }
        let prepared = try items.map { item in
            (item, try CaseRows(item.c, vault: vault, forInsert: true), try item.events.map { try StoredJSON.encode($0.details) })
        }
        try await writer.write { db in
            for (item, rows, details) in prepared {
                _ = try Self.insertNewCase(item.c, rows: rows, index: item.index, queryCodeHash: item.queryCodeHash,
                                           events: Array(zip(item.events, details)), db)
            }
        }
    }
}

extension SQLiteStore {
    public func caseCountsByState() async throws -> [CaseState: Int] {
        try await pool.read { db in
            var counts: [CaseState: Int] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM cases GROUP BY state") {
                if let s = CaseState(rawValue: r["state"]) { counts[s] = r["n"] }
            }
            return counts
        }
    }
}

extension SQLiteStore {
    public func casesOfPeople(idHashes: [Data], phoneHashes: [Data], limit: Int) async throws -> [PriorCase] {
        try await priorCases(PeopleSQL.casesOf(idHashes: idHashes, phoneHashes: phoneHashes, limit: limit))
    }

    public func priorCases(ids: [Int64]) async throws -> [PriorCase] {
        try await priorCases(PeopleSQL.priorCases(ids: ids))
    }

    private func priorCases(_ query: (sql: String, values: [SQLValue])?) async throws -> [PriorCase] {
        guard let (sql, values) = query else { return [] }
        return try await pool.read { db in
            try Row.fetchAll(db.cachedStatement(sql: sql), arguments: StatementArguments(values.map(\.sqlite))).compactMap { r in
                guard let day = LocalDate(r["received_on"] as String), let state = CaseState(rawValue: r["state"]) else { return nil }
                return PriorCase(id: r["id"], number: r["number"], categoryCode: r["category"], receivedOn: day, state: state,
                                 ownerUnitCode: r["owner_unit"], leadUnitCode: r["lead_unit"], signature: r["signature"])
            }
        }
    }
}
