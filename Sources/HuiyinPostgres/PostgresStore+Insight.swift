import Foundation
import HuiyinCore
import HuiyinStore
import NIOCore
import PostgresNIO

/// Search index, similarity index, models and warnings on PostgreSQL.
extension PostgresStore {
    /// Writes the search documents (and, for new text, the similarity rows) of stored cases in bulk.
    func indexText(_ items: [(id: Int64, c: Case, text: CaseTextRows)], _ conn: PostgresConnection) async throws {
        guard !items.isEmpty else { return }
        let ids = items.map(\.id), titles = items.map(\.text.searchTitle), bodies = items.map(\.text.searchBody)
        let sigs = items.map(\.text.searchSig), merged = items.map { $0.c.insight?.mergedInto ?? -1 }
        try await conn.query("""
            UPDATE cases SET search = setweight(to_tsvector('simple', t.ti), 'A') || to_tsvector('simple', t.bo),
                search_sig = t.sg, merged_into = NULLIF(t.mi, -1)
            FROM unnest(\(ids)::bigint[], \(titles)::text[], \(bodies)::text[], \(sigs)::bigint[], \(merged)::bigint[]) AS t(id, ti, bo, sg, mi)
            WHERE cases.id = t.id
            """, logger: logger)
        let sims = items.compactMap { i in CaseTextRows.similarity(i.c).map { (i.id, $0.signature, $0.bands) } }
        try await indexSimilarity(sims, conn)
    }

    func indexSimilarity(_ items: [(caseID: Int64, signature: Data, bands: [Int64])], _ conn: PostgresConnection) async throws {
        guard !items.isEmpty else { return }
        let ids = items.map(\.caseID), sigs = items.map { ByteBuffer(bytes: $0.signature) }
        try await conn.query("""
            INSERT INTO case_minhash (case_id, signature) SELECT * FROM unnest(\(ids)::bigint[], \(sigs)::bytea[])
            ON CONFLICT (case_id) DO UPDATE SET signature = excluded.signature
            """, logger: logger)
        let bandCase = items.flatMap { i in i.bands.map { _ in i.caseID } }, bands = items.flatMap(\.bands)
        try await conn.query("""
            INSERT INTO case_bands (band, case_id) SELECT * FROM unnest(\(bands)::bigint[], \(bandCase)::bigint[]) ON CONFLICT DO NOTHING
            """, logger: logger)
    }

    public func similarityCandidates(bands: [Int64], limit: Int) async throws -> [SimilarityCandidate] {
        guard !bands.isEmpty else { return [] }
        let (sql, values) = InsightSQL.candidates(bands: bands, limit: limit)
        return try await rows(Self.query(sql, values)).map {
            SimilarityCandidate(caseID: try $0["case_id"].decode(Int64.self), signature: try $0["signature"].decode(Data.self))
        }
    }

    public func indexSimilarity(_ items: [(caseID: Int64, signature: Data, bands: [Int64])]) async throws {
        try await write { conn in try await self.indexSimilarity(items, conn) }
    }

    public func reindexText(limit: Int) async throws -> Int {
        let cases = try await cases(try await rows(
            "SELECT id, number, version, title, content, body FROM cases WHERE search_sig IS NULL ORDER BY id LIMIT \(limit)"), withPersons: false)
        guard !cases.isEmpty else { return 0 }
        try await write { conn in
            let ids = cases.map(\.id)
            try await conn.query("DELETE FROM case_bands WHERE case_id = ANY(\(ids))", logger: self.logger)
            try await self.indexText(cases.map { ($0.id, $0, CaseTextRows($0)) }, conn)
        }
        return cases.count
    }

    public func mergedCases(into caseID: Int64) async throws -> [Int64] {
        try await rows("SELECT id FROM cases WHERE merged_into = \(caseID) AND state = 'merged' ORDER BY id").map { try $0["id"].decode(Int64.self) }
    }

    public func saveModel(_ model: StoredModel, audit: AuditEntry) async throws -> Int64 {
        let metrics = try StoredJSON.encode(model.metrics)
        return try await write { conn in
            let version = try await conn.query("""
                INSERT INTO insight_models (kind, created_at, trained_on, metrics, blob)
                VALUES (\(model.kind), \(model.createdAt.millis), \(Int32(model.trainedOn)), \(metrics), \(ByteBuffer(bytes: model.blob)))
                RETURNING version
                """, logger: self.logger).decode(Int64.self).first { _ in true } ?? 0
            var entry = audit
            entry.details["version"] = String(version)
            try await self.appendAudit(entry, conn)
            return version
        }
    }

    private func model(_ r: PostgresRandomAccessRow, withBlob: Bool) throws -> StoredModel {
        StoredModel(version: try r["version"].decode(Int64.self), kind: try r["kind"].decode(String.self),
                    createdAt: Date(millis: try r["created_at"].decode(Int64.self)), trainedOn: try r["trained_on"].decode(Int.self),
                    metrics: (try? StoredJSON.decode([String: String].self, try r["metrics"].decode(String.self))) ?? [:],
                    blob: withBlob ? try r["blob"].decode(Data.self) : Data())
    }

    public func latestModel(kind: String) async throws -> StoredModel? {
        try await rows("SELECT * FROM insight_models WHERE kind = \(kind) ORDER BY version DESC LIMIT 1").first.map { try model($0, withBlob: true) }
    }

    public func modelVersions(kind: String, limit: Int) async throws -> [StoredModel] {
        try await rows("""
            SELECT version, kind, created_at, trained_on, metrics FROM insight_models WHERE kind = \(kind) ORDER BY version DESC LIMIT \(limit)
            """).map { try model($0, withBlob: false) }
    }

    public func trainingCases(limit: Int) async throws -> [TrainingCase] {
        let (sql, values) = InsightSQL.trainingCases(limit: limit)
        return try await rows(Self.query(sql, values)).map {
            TrainingCase(title: try $0["title"].decode(String.self), content: try $0["content"].decode(String.self),
                         categoryCode: try $0["category"].decode(String?.self), leadUnit: try $0["lead_unit"].decode(String?.self))
        }
    }

    public func hotRows(from: LocalDate, to: LocalDate, scopePath: String) async throws -> [HotRow] {
        let (sql, values) = InsightSQL.hotRows(from: from, to: to, scopePath: scopePath)
        return try await rows(Self.query(sql, values)).compactMap { r in
            guard let day = LocalDate(try r["received_on"].decode(String.self)) else { return nil }
            return HotRow(id: try r["id"].decode(Int64.self), number: try r["number"].decode(String.self), title: try r["title"].decode(String.self),
                          content: try r["content"].decode(String.self), receivedOn: day, territoryCode: try r["territory"].decode(String?.self),
                          scopePath: try r["scope_path"].decode(String.self), categoryCode: try r["category"].decode(String?.self),
                          peopleCount: try r["people_count"].decode(Int.self), personKey: try r["person_key"].decode(Data?.self),
                          likes: try r["likes"].decode(Int.self), accusedUnit: try r["accused_unit"].decode(String?.self))
        }
    }

    public func recordAlert(_ a: InsightAlert) async throws -> Int64? {
        let details = try StoredJSON.encode(a.details)
        return try await write { conn in
            guard let id = try await conn.query("""
                INSERT INTO insight_alerts (dedupe_key, kind, created_at, scope_path, title, details, heat)
                VALUES (\(a.dedupeKey), \(a.kind.rawValue), \(a.createdAt.millis), \(a.scopePath), \(a.title), \(details), \(a.heat))
                ON CONFLICT (dedupe_key) DO NOTHING RETURNING id
                """, logger: self.logger).decode(Int64.self).first(where: { _ in true }) else { return nil }
            try await conn.query("""
                INSERT INTO insight_alert_cases (case_id, alert_id) SELECT c, \(id) FROM unnest(\(a.caseIDs)::bigint[]) AS t(c) ON CONFLICT DO NOTHING
                """, logger: self.logger)
            try await self.enqueue(a.outboxEntries(id: id), conn)
            return id
        }
    }

    public func alerts(scopePath: String, limit: Int) async throws -> [InsightAlert] {
        let (sql, values) = InsightSQL.alerts(scopePath: scopePath, limit: limit, .postgres)
        return try await rows(Self.query(sql, values)).map { r in
            InsightAlert(id: try r["id"].decode(Int64.self), dedupeKey: try r["dedupe_key"].decode(String.self),
                         kind: InsightAlert.Kind(rawValue: try r["kind"].decode(String.self)) ?? .burst,
                         createdAt: Date(millis: try r["created_at"].decode(Int64.self)), scopePath: try r["scope_path"].decode(String.self),
                         title: try r["title"].decode(String.self),
                         details: (try? StoredJSON.decode([String: String].self, try r["details"].decode(String.self))) ?? [:],
                         heat: try r["heat"].decode(Double?.self), caseIDs: InsightSQL.caseIDs(try r["case_ids"].decode(String?.self)))
        }
    }

    public func alertedCases(_ ids: [Int64]) async throws -> [Int64: Int64] {
        guard !ids.isEmpty else { return [:] }
        var out: [Int64: Int64] = [:]
        for r in try await rows("SELECT case_id, alert_id FROM insight_alert_cases WHERE case_id = ANY(\(ids))") {
            out[try r["case_id"].decode(Int64.self)] = try r["alert_id"].decode(Int64.self)
        }
        return out
    }

    public func likes(caseIDs: [Int64]) async throws -> [Int64: Int] {
        guard !caseIDs.isEmpty else { return [:] }
        let rows = try await rows("SELECT id, likes FROM cases WHERE likes > 0 AND id = ANY(\(caseIDs))")
        return Dictionary(uniqueKeysWithValues: try rows.map { (try $0["id"].decode(Int64.self), try $0["likes"].decode(Int.self)) })
    }

    public func like(caseID: Int64, voter: String, now: Date) async throws -> (likes: Int, counted: Bool) {
        try await write { conn in
            // The row lock orders concurrent likes of one message; the insert decides whether this one counts.
            guard let current = try await conn.query("SELECT likes FROM cases WHERE id = \(caseID) AND wall = 'published' FOR UPDATE",
                                                     logger: self.logger).decode(Int.self).first(where: { _ in true }) else {
                throw StoreError.notFound("公开留言")
            }
            let added = try await conn.query("""
                INSERT INTO wall_likes (case_id, voter, created_at) VALUES (\(caseID), \(voter), \(now.millis))
                ON CONFLICT DO NOTHING RETURNING case_id
                """, logger: self.logger).decode(Int64.self).first(where: { _ in true }) != nil
            guard added else { return (current, false) }
            try await conn.query("UPDATE cases SET likes = likes + 1 WHERE id = \(caseID)", logger: self.logger)
            return (current + 1, true)
        }
    }
}
