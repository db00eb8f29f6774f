import Foundation
import GRDB
import HuiyinCore

/// Search index, similarity index, models and warnings on SQLite.
extension SQLiteStore {
    /// Writes a case's bigram documents into `case_search` (rowid = case id).
    static func indexText(_ t: CaseTextRows, caseID: Int64, replacing: Bool, _ db: Database) throws {
        if replacing { try db.cachedStatement(sql: "DELETE FROM case_search WHERE rowid = ?").execute(arguments: [caseID]) }
        try db.cachedStatement(sql: "INSERT INTO case_search (rowid, title, body) VALUES (?, ?, ?)")
            .execute(arguments: [caseID, t.searchTitle, t.searchBody])
    }

    static func indexSimilarity(_ s: (signature: Data, bands: [Int64])?, caseID: Int64, _ db: Database) throws {
        guard let s else { return }
        try db.cachedStatement(sql: "INSERT OR REPLACE INTO case_minhash (case_id, signature) VALUES (?, ?)").execute(arguments: [caseID, s.signature])
        let band = try db.cachedStatement(sql: "INSERT OR IGNORE INTO case_bands (band, case_id) VALUES (?, ?)")
        for b in s.bands { try band.execute(arguments: [b, caseID]) }
    }

    public func similarityCandidates(bands: [Int64], limit: Int) async throws -> [SimilarityCandidate] {
        guard !bands.isEmpty else { return [] }
        let (sql, values) = InsightSQL.candidates(bands: bands, limit: limit)
        return try await pool.read { db in
            try Row.fetchAll(db.cachedStatement(sql: sql), arguments: StatementArguments(values.map(\.sqlite)))
                .map { SimilarityCandidate(caseID: $0[0], signature: $0[1]) }
        }
    }

    public func indexSimilarity(_ items: [(caseID: Int64, signature: Data, bands: [Int64])]) async throws {
        guard !items.isEmpty else { return }
        try await writer.write { db in
            for i in items { try Self.indexSimilarity((i.signature, i.bands), caseID: i.caseID, db) }
        }
    }

    public func reindexText(limit: Int) async throws -> Int {
        let cases = try await pool.read { db in
            try self.cases(try Row.fetchAll(db, sql: "SELECT id, number, version, title, content, body FROM cases WHERE search_sig IS NULL ORDER BY id LIMIT ?",
                                            arguments: [limit]), withPersons: false, db)
        }
        guard !cases.isEmpty else { return 0 }
        let prepared = cases.map { ($0.id, CaseTextRows($0), CaseTextRows.similarity($0), $0.insight?.mergedInto) }
        try await writer.write { db in
            for (id, text, similarity, merged) in prepared {
                try db.execute(sql: "DELETE FROM case_search WHERE rowid = ?", arguments: [id])
                try Self.indexText(text, caseID: id, replacing: false, db)
                try Self.indexSimilarity(similarity, caseID: id, db)
                try db.execute(sql: "UPDATE cases SET search_sig = ?, merged_into = ? WHERE id = ?", arguments: [text.searchSig, merged, id])
            }
        }
        return prepared.count
    }

    public func mergedCases(into caseID: Int64) async throws -> [Int64] {
        try await pool.read { db in
            try Int64.fetchAll(db, sql: "SELECT id FROM cases WHERE merged_into = ? AND state = 'merged' ORDER BY id", arguments: [caseID])
        }
    }

    public func saveModel(_ model: StoredModel, audit: AuditEntry) async throws -> Int64 {
        let metrics = try StoredJSON.encode(model.metrics)
        return try await writer.write { db in
            try db.execute(sql: "INSERT INTO insight_models (kind, created_at, trained_on, metrics, blob) VALUES (?, ?, ?, ?, ?)",
                           arguments: [model.kind, model.createdAt.millis, model.trainedOn, metrics, model.blob])
            let version = db.lastInsertedRowID
            var entry = audit
            entry.details["version"] = String(version)
            try Self.appendAudit(entry, db)
            return version
        }
    }

    private static func model(_ r: Row, withBlob: Bool) -> StoredModel {
        StoredModel(version: r["version"], kind: r["kind"], createdAt: Date(millis: r["created_at"]), trainedOn: r["trained_on"],
                    metrics: (try? StoredJSON.decode([String: String].self, r["metrics"])) ?? [:],
                    blob: withBlob ? r["blob"] : Data())
    }

    public func latestModel(kind: String) async throws -> StoredModel? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM insight_models WHERE kind = ? ORDER BY version DESC LIMIT 1", arguments: [kind])
                .map { Self.model($0, withBlob: true) }
        }
    }

    public func modelVersions(kind: String, limit: Int) async throws -> [StoredModel] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT version, kind, created_at, trained_on, metrics FROM insight_models WHERE kind = ? ORDER BY version DESC LIMIT ?
                """, arguments: [kind, limit]).map { Self.model($0, withBlob: false) }
        }
    }

    public func trainingCases(limit: Int) async throws -> [TrainingCase] {
        let (sql, values) = InsightSQL.trainingCases(limit: limit)
        return try await pool.read { db in
            try Row.fetchAll(db, sql: sql, arguments: StatementArguments(values.map(\.sqlite))).map {
                TrainingCase(title: $0["title"], content: $0["content"], categoryCode: $0["category"], leadUnit: $0["lead_unit"])
            }
        }
    }

    public func hotRows(from: LocalDate, to: LocalDate, scopePath: String) async throws -> [HotRow] {
        let (sql, values) = InsightSQL.hotRows(from: from, to: to, scopePath: scopePath)
        return try await pool.read { db in
            try Row.fetchAll(db, sql: sql, arguments: StatementArguments(values.map(\.sqlite))).compactMap { r in
                guard let day = LocalDate(r["received_on"] as String) else { return nil }
                return HotRow(id: r["id"], number: r["number"], title: r["title"], content: r["content"], receivedOn: day,
                              territoryCode: r["territory"], scopePath: r["scope_path"], categoryCode: r["category"],
                              peopleCount: r["people_count"], personKey: r["person_key"], likes: r["likes"],
                              accusedUnit: r["accused_unit"])
            }
        }
    }

    public func recordAlert(_ a: InsightAlert) async throws -> Int64? {
        let details = try StoredJSON.encode(a.details)
        return try await writer.write { db in
            try db.execute(sql: """
                INSERT INTO insight_alerts (dedupe_key, kind, created_at, scope_path, title, details, heat)
                VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING
                """, arguments: [a.dedupeKey, a.kind.rawValue, a.createdAt.millis, a.scopePath, a.title, details, a.heat])
            guard db.changesCount == 1 else { return nil }
            let id = db.lastInsertedRowID
            let member = try db.cachedStatement(sql: "INSERT OR IGNORE INTO insight_alert_cases (case_id, alert_id) VALUES (?, ?)")
            for c in a.caseIDs { try member.execute(arguments: [c, id]) }
            try Self.enqueue(a.outboxEntries(id: id), db)
            return id
        }
    }

    public func alerts(scopePath: String, limit: Int) async throws -> [InsightAlert] {
        let (sql, values) = InsightSQL.alerts(scopePath: scopePath, limit: limit, .sqlite)
        return try await pool.read { db in
            try Row.fetchAll(db, sql: sql, arguments: StatementArguments(values.map(\.sqlite))).map { r in
                InsightAlert(id: r["id"], dedupeKey: r["dedupe_key"], kind: InsightAlert.Kind(rawValue: r["kind"]) ?? .burst,
                             createdAt: Date(millis: r["created_at"]), scopePath: r["scope_path"], title: r["title"],
                             details: (try? StoredJSON.decode([String: String].self, r["details"])) ?? [:], heat: r["heat"],
                             caseIDs: InsightSQL.caseIDs(r["case_ids"] as String?))
            }
        }
    }

    public func alertedCases(_ ids: [Int64]) async throws -> [Int64: Int64] {
        guard !ids.isEmpty else { return [:] }
        return try await pool.read { db in
            var out: [Int64: Int64] = [:]
            for chunk in stride(from: 0, to: ids.count, by: 500).map({ Array(ids[$0..<min($0 + 500, ids.count)]) }) {
                for r in try Row.fetchAll(db, sql: "SELECT case_id, alert_id FROM insight_alert_cases WHERE \(CaseFilterSQL.in("case_id", chunk.count))",
                                          arguments: StatementArguments(chunk)) {
                    out[r["case_id"]] = r["alert_id"]
                }
            }
            return out
        }
    }

    public func likes(caseIDs: [Int64]) async throws -> [Int64: Int] {
        guard !caseIDs.isEmpty else { return [:] }
        return try await pool.read { db in
            let marks = caseIDs.map { _ in "?" }.joined(separator: ",")
            let rows = try Row.fetchAll(db, sql: "SELECT id, likes FROM cases WHERE likes > 0 AND id IN (\(marks))",
                                        arguments: StatementArguments(caseIDs))
            return Dictionary(uniqueKeysWithValues: rows.map { (($0["id"] as Int64), ($0["likes"] as Int)) })
        }
    }

    public func like(caseID: Int64, voter: String, now: Date) async throws -> (likes: Int, counted: Bool) {
        try await writer.write { db in
            guard let current = try Int.fetchOne(db, sql: "SELECT likes FROM cases WHERE id = ? AND wall = 'published'", arguments: [caseID]) else {
                throw StoreError.notFound("公开留言")
            }
            try db.execute(sql: "INSERT INTO wall_likes (case_id, voter, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                           arguments: [caseID, voter, now.millis])
            guard db.changesCount == 1 else { return (current, false) }
            try db.execute(sql: "UPDATE cases SET likes = likes + 1 WHERE id = ?", arguments: [caseID])
            return (current + 1, true)
        }
    }
}
