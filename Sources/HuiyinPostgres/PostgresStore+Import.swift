import Foundation
import HuiyinCore
import HuiyinStore
import NIOCore
import PostgresNIO

/// Bulk insert for generated or imported histories: one statement per table per call, rows passed as
/// arrays and expanded with `unnest` (absent values travel as '' or -1 and become NULL again).
extension PostgresStore {
    public func importCases(_ items: [ImportedCase]) async throws {
        guard !items.isEmpty else { return }
        let prepared = try items.map { item in
            (item, try CaseRows(item.c, vault: vault), try item.events.map { try StoredJSON.encode($0.details) })
        }
        let years = prepared.map { ChinaTime.localDate($0.0.c.registeredAt).year }
        try await write { conn in
            // Reserve a block of numbers per year.
            var next: [Int: Int] = [:]
            for (year, count) in Dictionary(grouping: years, by: { $0 }).mapValues(\.count) {
                let last = try await conn.query("""
                    INSERT INTO counters (name, value) VALUES (\("case-\(year)"), \(Int64(count)))
                    ON CONFLICT (name) DO UPDATE SET value = counters.value + excluded.value RETURNING value
                    """, logger: self.logger).decode(Int64.self).first { _ in true } ?? Int64(count)
                next[year] = Int(last) - count + 1
            }
            var numbers: [String] = []
            for year in years {
                numbers.append(CaseNumber.format(year: year, sequence: next[year]!))
                next[year]! += 1
            }
            func text(_ f: (ImportedCase) -> String?) -> [String] { prepared.map { f($0.0) ?? "" } }
            let cols = (
                hash: prepared.map { ByteBuffer(bytes: $0.0.queryCodeHash) },
                rule: text { $0.c.ruleSetID }, state: text { $0.c.state.rawValue }, stage: text { $0.c.stage?.kind.rawValue },
                channel: text { $0.c.channel.rawValue }, kind: text { $0.c.kind.rawValue }, category: text { $0.c.categoryCode },
                territory: text { $0.c.territoryCode }, scope: text { $0.index.scopePath }, owner: text { $0.c.ownerUnitCode },
                lead: text { $0.c.leadUnitCode }, accused: text { $0.c.accusedUnitCode },
                submitter: prepared.map { $0.0.c.submittedBy ?? -1 }, received: text { $0.c.receivedOn.description },
                registered: prepared.map { $0.0.c.registeredAt.millis }, updated: prepared.map { $0.0.c.updatedAt.millis },
                due: text { $0.index.dueOn?.description }, warn: text { $0.index.warnOn?.description },
                people: prepared.map { $0.0.c.peopleCount }, title: text { $0.c.title }, content: text { $0.c.content },
                body: prepared.map { $0.1.body },
                acceptedOnTime: prepared.map { Int32($0.1.facts.acceptedOnTime ?? -1) },
                repliedOnTime: prepared.map { Int32($0.1.facts.repliedOnTime ?? -1) },
                rating: prepared.map { $0.1.facts.rating ?? "" }, wall: prepared.map { $0.1.facts.wall ?? "" })
            var ids: [String: Int64] = [:]
            let inserted = try await conn.query("""
                INSERT INTO cases (number, query_code_hash, version, rule_set, state, stage, channel, kind, category,
                    territory, scope_path, owner_unit, lead_unit, accused_unit, submitted_by, received_on,
                    registered_at, updated_at, due_on, warn_on, people_count, title, content, body,
                    accepted_on_time, replied_on_time, rating, wall)
                SELECT n, h, 1, r, s, NULLIF(st, ''), ch, k, NULLIF(cat, ''), NULLIF(te, ''), sc, NULLIF(ow, ''), NULLIF(le, ''),
                    NULLIF(ac, ''), NULLIF(sb, -1), rc, ra, ua, NULLIF(du, ''), NULLIF(wa, ''), pc, ti, co, bo,
                    NULLIF(aot, -1), NULLIF(rot, -1), NULLIF(rt, ''), NULLIF(wl, '')
                FROM unnest(\(numbers)::text[], \(cols.hash)::bytea[], \(cols.rule)::text[], \(cols.state)::text[], \(cols.stage)::text[],
                    \(cols.channel)::text[], \(cols.kind)::text[], \(cols.category)::text[], \(cols.territory)::text[], \(cols.scope)::text[],
                    \(cols.owner)::text[], \(cols.lead)::text[], \(cols.accused)::text[], \(cols.submitter)::bigint[], \(cols.received)::text[],
                    \(cols.registered)::bigint[], \(cols.updated)::bigint[], \(cols.due)::text[], \(cols.warn)::text[], \(cols.people)::int[],
                    \(cols.title)::text[], \(cols.content)::text[], \(cols.body)::text[], \(cols.acceptedOnTime)::int[],
                    \(cols.repliedOnTime)::int[], \(cols.rating)::text[], \(cols.wall)::text[])
                    AS t(n, h, r, s, st, ch, k, cat, te, sc, ow, le, ac, sb, rc, ra, ua, du, wa, pc, ti, co, bo, aot, rot, rt, wl)
                RETURNING id, number
                """, logger: self.logger)
            for try await (id, number) in inserted.decode((Int64, String).self) { ids[number] = id }
            // Imported histories carry no oversight yet: only the dates from their bodies.
            let batchIDs = Array(ids.values)
            try await conn.query(PostgresQuery(unsafeSQL: OversightFacts.backfillSQL(.postgres) + " WHERE id = ANY($1)",
                                               binds: { var b = PostgresBindings(); b.append(batchIDs); return b }()), logger: self.logger)

            try await self.indexText(zip(prepared, numbers).map { (ids[$1]!, $0.0.c, $0.1.text) }, conn)
            var pCase: [Int64] = [], pSeq: [Int] = [], pRole: [String] = [], pSealed: [ByteBuffer] = [], pID: [ByteBuffer] = [], pPhone: [ByteBuffer] = []
            var uCase: [Int64] = [], uUnit: [String] = [], uRole: [String] = []
            var eCase: [Int64] = [], eSeq: [Int] = [], eAt: [Int64] = [], eUser: [Int64] = [], eName: [String] = [], eRole: [String] = []
            var eUnit: [String] = [], eAction: [String] = [], eFrom: [String] = [], eTo: [String] = [], eNote: [String] = [], eDetails: [String] = []
            for ((item, rows, details), number) in zip(prepared, numbers) {
                let id = ids[number]!
                for p in rows.persons {
                    pCase.append(id); pSeq.append(p.seq); pRole.append(p.role); pSealed.append(ByteBuffer(bytes: p.sealed))
                    pID.append(ByteBuffer(bytes: p.idHash ?? Data())); pPhone.append(ByteBuffer(bytes: p.phoneHash ?? Data()))
                }
                for u in rows.units { uCase.append(id); uUnit.append(u.unit); uRole.append(u.role) }
                for (e, d) in zip(item.events, details) {
                    eCase.append(id); eSeq.append(e.seq); eAt.append(e.at.millis); eUser.append(e.actor.userID ?? -1)
                    eName.append(e.actor.name); eRole.append(e.actor.role); eUnit.append(e.actor.unitCode ?? "")
                    eAction.append(e.action.rawValue); eFrom.append(e.fromState?.rawValue ?? ""); eTo.append(e.toState.rawValue)
                    eNote.append(e.note ?? ""); eDetails.append(d)
                }
            }
            if !pCase.isEmpty {
                try await conn.query("""
                    INSERT INTO case_persons (case_id, seq, role, sealed, id_hash, phone_hash)
                    SELECT c, s, r, se, NULLIF(i, ''::bytea), NULLIF(p, ''::bytea)
                    FROM unnest(\(pCase)::bigint[], \(pSeq)::int[], \(pRole)::text[], \(pSealed)::bytea[], \(pID)::bytea[], \(pPhone)::bytea[])
                        AS t(c, s, r, se, i, p)
                    """, logger: self.logger)
            }
            if !uCase.isEmpty {
                try await conn.query("""
                    INSERT INTO case_units (case_id, unit, role) SELECT * FROM unnest(\(uCase)::bigint[], \(uUnit)::text[], \(uRole)::text[])
                    """, logger: self.logger)
            }
            try await conn.query("""
                INSERT INTO case_events (case_id, seq, at, actor_user, actor_name, actor_role, actor_unit, action, from_state, to_state, note, details)
                SELECT c, s, a, NULLIF(u, -1), n, r, NULLIF(un, ''), ac, NULLIF(f, ''), t, NULLIF(no, ''), d
                FROM unnest(\(eCase)::bigint[], \(eSeq)::int[], \(eAt)::bigint[], \(eUser)::bigint[], \(eName)::text[], \(eRole)::text[],
                    \(eUnit)::text[], \(eAction)::text[], \(eFrom)::text[], \(eTo)::text[], \(eNote)::text[], \(eDetails)::text[])
                    AS x(c, s, a, u, n, r, un, ac, f, t, no, d)
                """, logger: self.logger)
        }
    }
}
