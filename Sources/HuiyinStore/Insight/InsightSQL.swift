import Foundation
import HuiyinCore

/// SQL of the insight tables, shared by both engines where the dialects agree.
public enum InsightSQL {
    /// Columns and tables of the v6 migration common to both engines (PostgreSQL adds its `search`
    /// tsvector, SQLite its FTS5 table).
    public static func migrationSQL(_ d: SQLDialect) -> [String] {
        let id = d == .sqlite ? "INTEGER PRIMARY KEY" : "BIGSERIAL PRIMARY KEY"
        let blob = d == .sqlite ? "BLOB" : "BYTEA"
        let int64 = d == .sqlite ? "INTEGER" : "BIGINT"
        let withoutRowID = d == .sqlite ? " WITHOUT ROWID" : ""
        return [
            "ALTER TABLE cases ADD COLUMN merged_into \(int64)",
            "CREATE INDEX cases_merged ON cases(merged_into) WHERE merged_into IS NOT NULL",
            "ALTER TABLE cases ADD COLUMN search_sig \(int64)",
            "ALTER TABLE cases ADD COLUMN likes INTEGER NOT NULL DEFAULT 0",
            "CREATE TABLE case_minhash (case_id \(int64) PRIMARY KEY, signature \(blob) NOT NULL)",
            "CREATE TABLE case_bands (band \(int64) NOT NULL, case_id \(int64) NOT NULL, PRIMARY KEY (band, case_id))\(withoutRowID)",
            """
            CREATE TABLE insight_models (version \(id), kind TEXT NOT NULL, created_at \(int64) NOT NULL,
                trained_on INTEGER NOT NULL, metrics TEXT NOT NULL, blob \(blob) NOT NULL)
            """,
            "CREATE INDEX insight_models_kind ON insight_models(kind, version)",
            """
            CREATE TABLE insight_alerts (id \(id), dedupe_key TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
                created_at \(int64) NOT NULL, scope_path TEXT NOT NULL, title TEXT NOT NULL, details TEXT NOT NULL,
                heat DOUBLE PRECISION)
            """,
            "CREATE INDEX insight_alerts_time ON insight_alerts(created_at)",
            "CREATE TABLE insight_alert_cases (case_id \(int64) NOT NULL, alert_id \(int64) NOT NULL, PRIMARY KEY (case_id, alert_id))",
            "CREATE INDEX insight_alert_cases_alert ON insight_alert_cases(alert_id)",
        ]
    }

    /// 附议 once per visitor: who liked which wall message (the visitor as a keyed hash).
    public static func wallLikesSQL(_ d: SQLDialect) -> [String] {
        let int64 = d == .sqlite ? "INTEGER" : "BIGINT"
        return ["""
            CREATE TABLE wall_likes (case_id \(int64) NOT NULL, voter TEXT NOT NULL, created_at \(int64) NOT NULL,
                PRIMARY KEY (case_id, voter))
            """]
    }

    /// Cases sharing the most bands with a probe, most shared first, with their signatures. Each band contributes only its `perBand` newest cases:
    /// a template letter filed thousands of times fills its buckets, and reading them whole made every
    /// intake of that letter slower than the last (O(n) rows grouped per probe).
    public static func candidates(bands: [Int64], limit: Int, perBand: Int? = nil) -> (sql: String, values: [SQLValue]) {
        let buckets = bands.indices.map { i in
            "SELECT case_id FROM (SELECT case_id FROM case_bands WHERE band = ? ORDER BY case_id DESC LIMIT ?) AS b\(i)"
        }.joined(separator: " UNION ALL ")
        // The newest members of each band: enough to fill `limit` (at least 16, at most 64 per band).
        let perBand = perBand ?? min(64, max(16, limit))
        return ("""
        SELECT m.case_id, m.signature FROM (
            SELECT case_id, COUNT(*) AS n FROM (\(buckets)) AS hits
            GROUP BY case_id ORDER BY n DESC, case_id DESC LIMIT ?) AS c
        JOIN case_minhash m ON m.case_id = c.case_id
        """, bands.flatMap { [SQLValue.int($0), .int(Int64(perBand))] } + [.int(Int64(limit))])
    }

    /// States whose final category and unit are decisions worth learning from.
    static let handledStates: [CaseState] = [.replied, .unsatisfied, .review, .reviewed, .recheck, .closed, .final]

    public static func trainingCases(limit: Int) -> (sql: String, values: [SQLValue]) {
        ("""
        SELECT title, content, category, lead_unit FROM cases
        WHERE \(CaseFilterSQL.in("state", handledStates.count)) AND category IS NOT NULL
        ORDER BY id DESC LIMIT ?
        """, handledStates.map { .text($0.rawValue) } + [.int(Int64(limit))])
    }

    /// Cases received in a period within a territory subtree (refused and transferred ones left out:
    /// they are not ours to handle, though duplicates still count as people's voices).
    public static func hotRows(from: LocalDate, to: LocalDate, scopePath: String) -> (sql: String, values: [SQLValue]) {
        ("""
        SELECT c.id, c.number, c.title, c.content, c.received_on, c.territory, c.scope_path, c.category, c.people_count, c.likes, c.accused_unit,
            (SELECT COALESCE(p.id_hash, p.phone_hash) FROM case_persons p WHERE p.case_id = c.id ORDER BY p.seq LIMIT 1) AS person_key
        FROM cases c
        WHERE c.received_on >= ? AND c.received_on <= ? AND c.scope_path >= ? AND c.scope_path < ?
            AND c.state NOT IN ('refused', 'transferred')
        ORDER BY c.id
        """, [.text(from.description), .text(to.description), .text(scopePath), .text(prefixUpperBound(scopePath))])
    }

    /// Warnings in a territory subtree, newest first, with their cases (`case_ids`, comma-separated) from
    /// `insight_alert_cases`, the one record of which cases belong to which warning.
    public static func alerts(scopePath: String, limit: Int, _ d: SQLDialect) -> (sql: String, values: [SQLValue]) {
        let members = d == .sqlite ? "group_concat(m.case_id)" : "string_agg(m.case_id::text, ',')"
        return ("""
            SELECT a.id, a.dedupe_key, a.kind, a.created_at, a.scope_path, a.title, a.details, a.heat,
                (SELECT \(members) FROM insight_alert_cases m WHERE m.alert_id = a.id) AS case_ids
            FROM insight_alerts a WHERE a.scope_path >= ? AND a.scope_path < ? ORDER BY a.created_at DESC, a.id DESC LIMIT ?
            """, [.text(scopePath), .text(prefixUpperBound(scopePath)), .int(Int64(limit))])
    }

    public static func caseIDs(_ text: String?) -> [Int64] {
        (text ?? "").split(separator: ",").compactMap { Int64($0) }.sorted()
    }
}
