import Foundation
import HuiyinCore
import HuiyinStore
import PostgresNIO

extension PostgresStore {
    public func updateCase(_ c: Case, events: [CaseEvent], index: CaseIndex, expectedVersion: Int) async throws -> Case {
        let rows = try CaseRows(c, vault: vault)
        let details = try events.map { try StoredJSON.encode($0.details) }
        return try await write { conn in
            try await self.update(c, rows: rows, events: events, details: details, index: index, expectedVersion: expectedVersion, conn)
        }
    }

    /// Saves a changed case if its stored version is `expectedVersion`, with its units, events and outbox entries.
    func update(_ c: Case, rows: CaseRows, events: [CaseEvent], details: [String], index: CaseIndex, expectedVersion: Int,
                _ conn: PostgresConnection) async throws -> Case {
            let updated = try await conn.query("""
                UPDATE cases SET version = version + 1, rule_set = \(c.ruleSetID), state = \(c.state.rawValue),
                    stage = \(c.stage?.kind.rawValue), kind = \(c.kind.rawValue), category = \(c.categoryCode),
                    territory = \(c.territoryCode), scope_path = \(index.scopePath), lead_unit = \(c.leadUnitCode),
                    accused_unit = \(c.accusedUnitCode), updated_at = \(c.updatedAt.millis), due_on = \(index.dueOn?.description),
                    warn_on = \(index.warnOn?.description), body = \(rows.body),
                    accepted_on_time = \(rows.facts.acceptedOnTime.map(Int32.init)), replied_on_time = \(rows.facts.repliedOnTime.map(Int32.init)),
                    rating = \(rows.facts.rating), wall = \(rows.facts.wall),
                    supervision_level = \(rows.facts.supervisionLevel.map(Int32.init)), supervised_due = \(rows.facts.supervisedDue),
                    escalate_on = \(index.escalateOn?.description), accountable_units = \(rows.facts.accountableUnits),
                    owner_leader = \(rows.facts.ownerLeader), repeat_of = \(rows.facts.repeatOf),
                    handle_days = \(rows.facts.handleDays.map(Int32.init)), assigned_on = \(rows.facts.assignedOn),
                    merged_into = \(rows.facts.mergedInto), search_sig = \(rows.text.searchSig),
                    search = CASE WHEN search_sig IS DISTINCT FROM \(rows.text.searchSig)
                        THEN setweight(to_tsvector('simple', \(rows.text.searchTitle)), 'A') || to_tsvector('simple', \(rows.text.searchBody))
                        ELSE search END
                WHERE id = \(c.id) AND version = \(expectedVersion)
                RETURNING id
                """, logger: self.logger).collect().count
            guard updated == 1 else {
                let actual = try await conn.query("SELECT version FROM cases WHERE id = \(c.id)", logger: self.logger)
                    .decode(Int.self).first { _ in true }
                guard let actual else { throw StoreError.notFound("信访事项") }
                throw StoreError.versionConflict(caseID: c.id, expected: expectedVersion, actual: actual)
            }
            try await conn.query("DELETE FROM case_units WHERE case_id = \(c.id)", logger: self.logger)
            try await self.insertUnits(rows.units, caseID: c.id, conn)
            for (e, d) in zip(events, details) { try await self.insertEvent(e, details: d, caseID: c.id, conn) }
            try await self.enqueue(OutboxEntry.forEvents(events, of: c), conn)
            var stored = c
            stored.version = expectedVersion + 1
            return stored
    }

    func insertUnits(_ units: [(unit: String, role: String)], caseID: Int64, _ conn: PostgresConnection) async throws {
        guard !units.isEmpty else { return }
        let codes = units.map(\.unit), roles = units.map(\.role)
        try await conn.query("""
            INSERT INTO case_units (case_id, unit, role) SELECT \(caseID), u, r FROM unnest(\(codes)::text[], \(roles)::text[]) AS t(u, r)
            """, logger: logger)
    }

    func insertEvent(_ e: CaseEvent, details: String, caseID: Int64, _ conn: PostgresConnection) async throws {
        try await conn.query("""
            INSERT INTO case_events (case_id, seq, at, actor_user, actor_name, actor_role, actor_unit, action,
                from_state, to_state, note, details)
            VALUES (\(caseID), \(e.seq), \(e.at.millis), \(e.actor.userID), \(e.actor.name), \(e.actor.role), \(e.actor.unitCode),
                \(e.action.rawValue), \(e.fromState?.rawValue), \(e.toState.rawValue), \(e.note), \(details))
            """, logger: logger)
    }

    /// Decodes case rows (`id, number, version, title, content, body`) and, when asked, their people.
    func cases(_ rows: [PostgresRandomAccessRow], withPersons: Bool) async throws -> [Case] {
        var persons: [Int64: [(role: String, sealed: Data)]] = [:]
        if withPersons, !rows.isEmpty {
            let ids = try rows.map { try $0["id"].decode(Int64.self) }
            for r in try await self.rows("SELECT case_id, role, sealed FROM case_persons WHERE case_id = ANY(\(ids)) ORDER BY case_id, seq") {
                persons[try r["case_id"].decode(Int64.self), default: []].append((try r["role"].decode(String.self), try r["sealed"].decode(Data.self)))
            }
        }
        return try rows.map { r in
            let id = try r["id"].decode(Int64.self)
            var c = try CaseRows.decode(body: try r["body"].decode(String.self), title: try r["title"].decode(String.self),
                                        content: try r["content"].decode(String.self), persons: persons[id] ?? [], vault: vault)
            c.id = id
            c.number = try r["number"].decode(String.self)
            c.version = try r["version"].decode(Int.self)
            return c
        }
    }

    public func loadCases(ids: [Int64], withPersons: Bool) async throws -> [Case] {
        guard !ids.isEmpty else { return [] }
        return try await cases(try await rows("SELECT id, number, version, title, content, body FROM cases WHERE id = ANY(\(ids))"),
                               withPersons: withPersons).ordered(like: ids)
    }

    public func loadCase(id: Int64) async throws -> Case? {
        try await cases(try await rows("SELECT id, number, version, title, content, body FROM cases WHERE id = \(id)"), withPersons: true).first
    }

    public func loadCase(number: String) async throws -> (case: Case, queryCodeHash: Data)? {
        guard let row = try await rows("SELECT id, number, version, title, content, body, query_code_hash FROM cases WHERE number = \(number)").first
        else { return nil }
        return (try await cases([row], withPersons: true)[0], try row["query_code_hash"].decode(Data.self))
    }

    public func history(caseID: Int64) async throws -> [CaseEvent] {
        try await rows("""
            SELECT seq, at, actor_user, actor_name, actor_role, actor_unit, action, from_state, to_state, note, details
            FROM case_events WHERE case_id = \(caseID) ORDER BY seq
            """).map { r in
            CaseEvent(seq: try r["seq"].decode(Int.self), at: Date(millis: try r["at"].decode(Int64.self)),
                      actor: ActorRef(userID: try r["actor_user"].decode(Int64?.self), name: try r["actor_name"].decode(String.self),
                                      role: try r["actor_role"].decode(String.self), unitCode: try r["actor_unit"].decode(String?.self)),
                      action: ActionName(rawValue: try r["action"].decode(String.self)) ?? .comment,
                      fromState: try r["from_state"].decode(String?.self).flatMap(CaseState.init(rawValue:)),
                      toState: CaseState(rawValue: try r["to_state"].decode(String.self)) ?? .registered,
                      note: try r["note"].decode(String?.self),
                      details: (try? StoredJSON.decode([String: String].self, try r["details"].decode(String.self))) ?? [:])
        }
    }

    public func listCases(_ q: CaseQuery) async throws -> CasePage {
        let filter = CaseFilterSQL(q, dialect: .postgres)
        let (countSQL, countValues) = filter.count(cap: q.countCap)
        let (pageSQL, pageValues) = filter.page(limit: q.limit, offset: q.offset)
        let total = try await rows(Self.query(countSQL, countValues)).first?["n"].decode(Int.self) ?? 0
        let page = try await rows(Self.query(pageSQL, pageValues))
        return CasePage(total: min(total, q.countCap), totalCapped: total >= q.countCap, cases: try await cases(page, withPersons: true))
    }

    public func openCases() async throws -> [Case] {
        let terminal = CaseState.allCases.filter(\.isTerminal).map { "'\($0.rawValue)'" }.joined(separator: ",")
        return try await cases(try await rows(PostgresQuery(unsafeSQL:
            "SELECT id, number, version, title, content, body FROM cases WHERE state NOT IN (\(terminal))")), withPersons: false)
    }

    public func updateIndexes(_ indexes: [(id: Int64, index: CaseIndex)]) async throws {
        guard !indexes.isEmpty else { return }
        let ids = indexes.map(\.id), paths = indexes.map(\.index.scopePath)
        let due = indexes.map { $0.index.dueOn?.description ?? "" }, warn = indexes.map { $0.index.warnOn?.description ?? "" }
        let escalate = indexes.map { $0.index.escalateOn?.description ?? "" }
        _ = try await write { conn in
            try await conn.query("""
                UPDATE cases SET scope_path = t.p, due_on = NULLIF(t.d, ''), warn_on = NULLIF(t.w, ''), escalate_on = NULLIF(t.e, '')
                FROM unnest(\(ids)::bigint[], \(paths)::text[], \(due)::text[], \(warn)::text[], \(escalate)::text[]) AS t(id, p, d, w, e)
                WHERE cases.id = t.id
                """, logger: self.logger)
        }
    }
}

extension PostgresStore {
    public func caseCountsByState() async throws -> [CaseState: Int] {
        var counts: [CaseState: Int] = [:]
        for r in try await rows("SELECT state, COUNT(*) AS n FROM cases GROUP BY state") {
            if let s = CaseState(rawValue: try r["state"].decode(String.self)) { counts[s] = try r["n"].decode(Int.self) }
        }
        return counts
    }
}
