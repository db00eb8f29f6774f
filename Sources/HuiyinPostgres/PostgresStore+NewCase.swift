import Foundation
import HuiyinCore
import HuiyinStore
import NIOCore
import PostgresNIO

/// Registering a case on PostgreSQL in four round trips.
///
/// Case numbers are gapless, so the year's counter row stays locked from the moment a number is taken
/// until commit (a rolled-back registration gives its number back with the lock), and registrations
/// queue on it one after another. Everything that does not need the number runs before it (the id
/// comes from the sequence), and the case with its people, units, first event, similarity rows and
/// notification goes in as one statement: the lock is held for two round trips and the commit, not
/// the nine it took statement by statement.
extension PostgresStore {
    public func createCase(_ c: Case, event: CaseEvent, index: CaseIndex, queryCodeHash: Data) async throws -> Case {
        let rows = try CaseRows(c, vault: vault, forInsert: true)
        let eventDetails = try StoredJSON.encode(event.details)
        let year = ChinaTime.localDate(c.registeredAt).year
        return try await write { conn in
            guard let id = try await conn.query("SELECT nextval(pg_get_serial_sequence('cases', 'id'))", logger: self.logger)
                .decode(Int64.self).first(where: { _ in true }) else { throw StoreError.database("no id returned") }
            let seq = try await conn.query("""
                INSERT INTO counters (name, value) VALUES (\("case-\(year)"), 1)
                ON CONFLICT (name) DO UPDATE SET value = counters.value + 1 RETURNING value
                """, logger: self.logger).decode(Int64.self).first { _ in true } ?? 1
            var stored = c
            stored.id = id
            stored.number = CaseNumber.format(year: year, sequence: Int(seq))
            stored.version = 1
            try await conn.query(try Self.newCaseStatement(stored, rows: rows, index: index, queryCodeHash: queryCodeHash,
                                                       event: event, eventDetails: eventDetails), logger: self.logger)
            return stored
        }
    }

    /// One INSERT … WITH for the case (`c.id`, `c.number` set) and every row that belongs to it.
    /// The foreign keys of the people, units and event are checked at the end of the statement, when
    /// the case row exists.
    static func newCaseStatement(_ c: Case, rows: CaseRows, index: CaseIndex, queryCodeHash: Data,
                                 event e: CaseEvent, eventDetails: String) throws -> PostgresQuery {
        let sims = rows.similarity.map { [ByteBuffer(bytes: $0.signature)] } ?? []
        let bands = rows.similarity?.bands ?? []
        // Arrays cannot hold NULL from Swift here: an empty hash stands for none and NULLIF restores it.
        let p = rows.persons
        let pSeq = p.map { Int64($0.seq) }, pRole = p.map(\.role), pSealed = p.map { ByteBuffer(bytes: $0.sealed) }
        let pID = p.map { ByteBuffer(bytes: $0.idHash ?? Data()) }, pPhone = p.map { ByteBuffer(bytes: $0.phoneHash ?? Data()) }
        let uCode = rows.units.map(\.unit), uRole = rows.units.map(\.role)
        let out = OutboxEntry.forEvents([e], of: c)
        let oKey = out.map(\.dedupeKey), oKind = out.map(\.kind.rawValue), oUnit = out.map(\.recipientUnit)
        let oText = out.map(\.text), oAt = out.map(\.createdAt.millis)
        return try """
            WITH c AS (
                INSERT INTO cases (id, number, query_code_hash, version, rule_set, state, stage, channel, kind, category,
                    territory, scope_path, owner_unit, lead_unit, accused_unit, submitted_by, received_on,
                    registered_at, updated_at, due_on, warn_on, people_count, title, content, body,
                    accepted_on_time, replied_on_time, rating, wall, supervision_level, supervised_due, escalate_on,
                    accountable_units, owner_leader, repeat_of, handle_days, assigned_on, merged_into, search_sig, search)
                VALUES (\(c.id), \(c.number), \(queryCodeHash), 1, \(c.ruleSetID), \(c.state.rawValue), \(c.stage?.kind.rawValue),
                    \(c.channel.rawValue), \(c.kind.rawValue), \(c.categoryCode), \(c.territoryCode), \(index.scopePath),
                    \(c.ownerUnitCode), \(c.leadUnitCode), \(c.accusedUnitCode), \(c.submittedBy), \(c.receivedOn.description),
                    \(c.registeredAt.millis), \(c.updatedAt.millis), \(index.dueOn?.description), \(index.warnOn?.description),
                    \(c.peopleCount), \(c.title), \(c.content), \(rows.body), \(rows.facts.acceptedOnTime.map(Int32.init)),
                    \(rows.facts.repliedOnTime.map(Int32.init)), \(rows.facts.rating), \(rows.facts.wall),
                    \(rows.facts.supervisionLevel.map(Int32.init)), \(rows.facts.supervisedDue), \(index.escalateOn?.description),
                    \(rows.facts.accountableUnits), \(rows.facts.ownerLeader), \(rows.facts.repeatOf),
                    \(rows.facts.handleDays.map(Int32.init)), \(rows.facts.assignedOn), \(rows.facts.mergedInto),
                    \(rows.text.searchSig), setweight(to_tsvector('simple', \(rows.text.searchTitle)), 'A') || to_tsvector('simple', \(rows.text.searchBody)))
                RETURNING id),
            minhash AS (
                INSERT INTO case_minhash (case_id, signature) SELECT c.id, t.s FROM c, unnest(\(sims)::bytea[]) AS t(s)
                ON CONFLICT (case_id) DO UPDATE SET signature = excluded.signature),
            bands AS (
                INSERT INTO case_bands (band, case_id) SELECT t.b, c.id FROM c, unnest(\(bands)::bigint[]) AS t(b) ON CONFLICT DO NOTHING),
            persons AS (
                INSERT INTO case_persons (case_id, seq, role, sealed, id_hash, phone_hash)
                SELECT c.id, t.seq, t.role, t.sealed, NULLIF(t.idh, ''::bytea), NULLIF(t.ph, ''::bytea)
                FROM c, unnest(\(pSeq)::int[], \(pRole)::text[], \(pSealed)::bytea[], \(pID)::bytea[], \(pPhone)::bytea[]) AS t(seq, role, sealed, idh, ph)),
            units AS (
                INSERT INTO case_units (case_id, unit, role) SELECT c.id, t.u, t.r FROM c, unnest(\(uCode)::text[], \(uRole)::text[]) AS t(u, r)),
            event AS (
                INSERT INTO case_events (case_id, seq, at, actor_user, actor_name, actor_role, actor_unit, action,
                    from_state, to_state, note, details)
                SELECT c.id, \(e.seq), \(e.at.millis), \(e.actor.userID), \(e.actor.name), \(e.actor.role), \(e.actor.unitCode),
                    \(e.action.rawValue), \(e.fromState?.rawValue), \(e.toState.rawValue), \(e.note), \(eventDetails) FROM c),
            notice AS (
                INSERT INTO outbox (dedupe_key, case_id, kind, recipient_unit, text, created_at)
                SELECT t.k, c.id, t.kind, t.unit, t.text, t.at
                FROM c, unnest(\(oKey)::text[], \(oKind)::text[], \(oUnit)::text[], \(oText)::text[], \(oAt)::bigint[]) AS t(k, kind, unit, text, at)
                ON CONFLICT (dedupe_key) DO NOTHING)
            SELECT id FROM c
            """
    }
}
