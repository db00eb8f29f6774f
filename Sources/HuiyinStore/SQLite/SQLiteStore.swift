import Foundation
import GRDB
import HuiyinCore

/// The embedded store: one SQLite file in WAL mode (readers never block the writer), `synchronous =
/// FULL` so a commit survives power loss, and group commit through ``WriteQueue``.
///
/// ```swift
/// let vault = try PersonalDataVault.loadOrCreate(keyFile: "huiyin.key")
/// let store = try SQLiteStore(path: "huiyin.db", vault: vault)
/// ```
public final class SQLiteStore: HuiyinStore, @unchecked Sendable {
    let pool: DatabasePool
    let writer: WriteQueue
    let vault: PersonalDataVault
    public let path: String

    /// Opens (creating if needed) and migrates the database, and checks that `vault` holds the key the
    /// existing personal data was sealed with.
    public init(path: String, vault: PersonalDataVault) throws {
        var config = Configuration()
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
            // Every write runs in its own savepoint (WriteQueue), and SQLite copies each page a savepoint
            // touches into a statement journal: on file that was ~50 page writes per registered case,
            // more than the commit itself. The writer keeps it in memory (emptied at each commit).
            if !db.configuration.readonly { try db.execute(sql: "PRAGMA temp_store = MEMORY") }
        }
        self.path = path
        self.vault = vault
        pool = try DatabasePool(path: path, configuration: config)
        try SQLiteSchema.migrator().migrate(pool)
        writer = WriteQueue(pool: pool)
        try pool.write { db in
            let stored = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'key_fingerprint'")
            if let stored, stored != vault.fingerprint { throw StoreError.keyMismatch }
            if stored == nil {
                try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('key_fingerprint', ?)", arguments: [vault.fingerprint])
            }
        }
    }

    /// Writes a consistent copy of the live database to `destination` (SQLite online backup).
    public func backup(to destination: String) throws {
        let target = try DatabaseQueue(path: destination)
        try pool.backup(to: target)
    }

    public func close() throws { try pool.close() }

    // MARK: Settings, audit

    public func setting(_ key: String) async throws -> String? {
        try await pool.read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key]) }
    }

    public func setSetting(_ key: String, _ value: String) async throws {
        try await writer.write { db in
            try db.execute(sql: "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                           arguments: [key, value])
        }
    }

    public func saveSetting(_ key: String, _ value: String, audit: AuditEntry) async throws {
        try await writer.write { db in
            try db.execute(sql: "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                           arguments: [key, value])
            try Self.appendAudit(audit, db)
        }
    }

    public func settings(prefix: String) async throws -> [String: String] {
        try await pool.read { db in
            var out: [String: String] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT key, value FROM meta WHERE key >= ? AND key < ?",
                                      arguments: [prefix, prefixUpperBound(prefix)]) { out[r["key"]] = r["value"] }
            return out
        }
    }

    public func auditLog(limit: Int) async throws -> [AuditEntry] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM audit_log ORDER BY id DESC LIMIT ?", arguments: [limit]).map { r in
                AuditEntry(at: Date(millis: r["at"]),
                           actor: ActorRef(userID: r["actor_user"], name: r["actor_name"], role: r["actor_role"], unitCode: nil),
                           action: r["action"], target: r["target"],
                           details: (try? StoredJSON.decode([String: String].self, r["details"])) ?? [:])
            }
        }
    }

    static func appendAudit(_ e: AuditEntry, _ db: Database) throws {
        try db.execute(sql: """
            INSERT INTO audit_log (at, actor_user, actor_name, actor_role, action, target, details)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [e.at.millis, e.actor.userID, e.actor.name, e.actor.role, e.action, e.target,
                             try StoredJSON.encode(e.details)])
    }

    /// Tells other processes on this file (the CLI, a restarted server) that reference data changed.
    static func bumpReferenceVersion(_ db: Database) throws {
        try db.execute(sql: """
            INSERT INTO meta (key, value) VALUES ('reference_version', '1')
            ON CONFLICT(key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)
            """)
    }

    public func referenceVersion() async throws -> Int64 {
        Int64(try await setting("reference_version") ?? "0") ?? 0
    }

    public func rawInsert(_ payload: String) async throws {
        try await writer.write { db in
            try db.cachedStatement(sql: "INSERT INTO bench_rows (payload, at) VALUES (?, ?)")
                .execute(arguments: [payload, Date().millis])
        }
    }

    // MARK: Calendar and rule sets

    public func calendarYears() async throws -> [CalendarYear] {
        try await pool.read { db in
            try String.fetchAll(db, sql: "SELECT body FROM calendar_years ORDER BY year").map {
                try StoredJSON.decode(CalendarYear.self, $0)
            }
        }
    }

    public func saveCalendarYear(_ year: CalendarYear, audit: AuditEntry) async throws {
        let body = try StoredJSON.encode(year)
        try await writer.write { db in
            try db.execute(sql: "INSERT INTO calendar_years (year, body) VALUES (?, ?) ON CONFLICT(year) DO UPDATE SET body = excluded.body",
                           arguments: [year.year, body])
            try Self.bumpReferenceVersion(db)
            try Self.appendAudit(audit, db)
        }
    }

    public func ruleSets() async throws -> [RuleSet] {
        try await pool.read { db in
            try String.fetchAll(db, sql: "SELECT body FROM rule_sets ORDER BY id").map { try StoredJSON.decode(RuleSet.self, $0) }
        }
    }

    public func saveRuleSet(_ rules: RuleSet, audit: AuditEntry) async throws {
        let body = try StoredJSON.encode(rules)
        try await writer.write { db in
            try db.execute(sql: "INSERT INTO rule_sets (id, body) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET body = excluded.body",
                           arguments: [rules.id, body])
            try Self.bumpReferenceVersion(db)
            try Self.appendAudit(audit, db)
        }
    }
}

extension SQLiteStore {
    public func analyze() async throws {
        try await writer.write { db in try db.execute(sql: "ANALYZE") }
    }

    /// Bytes of the database file and its WAL.
    public var fileSize: Int64 {
        [path, path + "-wal"].compactMap { (try? FileManager.default.attributesOfItem(atPath: $0)[.size] as? NSNumber)?.int64Value }
            .reduce(0, +)
    }
}
