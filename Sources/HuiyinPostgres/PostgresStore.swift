import Foundation
import HuiyinCore
import HuiyinStore
import Logging
import PostgresNIO

/// The store on PostgreSQL, for a province or a national system: many stateless app nodes on one
/// database. Every method is one transaction on a pooled connection; the hot statements are prepared
/// once per connection (``PostgresStatements``).
///
/// ```swift
/// let vault = try PersonalDataVault.loadOrCreate(keyFile: "huiyin.key")
/// let store = try await PostgresStore.connect(try PostgresURL("postgres://huiyin@db/huiyin"), vault: vault)
/// ```
public final class PostgresStore: HuiyinStore, @unchecked Sendable {
    let client: PostgresClient
    let vault: PersonalDataVault
    let logger: Logger
    public let url: PostgresURL
    private let runner: Task<Void, Never>

    private init(url: PostgresURL, vault: PersonalDataVault, logger: Logger) {
        self.url = url
        self.vault = vault
        self.logger = logger
        // The pool's own chatter (e.g. a query queued before run() started) is not worth a warning.
        var background = logger
        background.logLevel = .error
        let client = PostgresClient(configuration: url.configuration, backgroundLogger: background)
        self.client = client
        runner = Task { await client.run() }
    }

    /// Connects, migrates (once across all nodes) and checks that `vault` holds the key the existing
    /// personal data was sealed with.
    public static func connect(_ url: PostgresURL, vault: PersonalDataVault, logger: Logger? = nil) async throws -> PostgresStore {
        var log = logger ?? Logger(label: "huiyin.postgres")
        if logger == nil { log.logLevel = .warning }
        let store = PostgresStore(url: url, vault: vault, logger: log)
        do {
            try await PostgresSchema.migrate(store.client, logger: log)
            try await store.checkKey()
        } catch {
            store.close()
            throw Self.translate(error, url: url)
        }
        return store
    }

    private func checkKey() async throws {
        try await write { conn in
            let stored = try await conn.query("SELECT value FROM meta WHERE key = 'key_fingerprint' FOR UPDATE", logger: self.logger)
                .decode(String.self).first { _ in true }
            if let stored, stored != self.vault.fingerprint { throw StoreError.keyMismatch }
            if stored == nil {
                try await conn.query("INSERT INTO meta (key, value) VALUES ('key_fingerprint', \(self.vault.fingerprint)) ON CONFLICT (key) DO NOTHING",
                                     logger: self.logger)
            }
        }
    }

    /// Stops the connection pool.
    public func close() { runner.cancel() }

    // MARK: Plumbing

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    func write<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await client.withTransaction(logger: logger) { conn in try await body(conn) }
        } catch let e as PostgresTransactionError {
            if let inner = e.closureError { throw Self.translate(inner, url: url) }
            throw Self.translate(e.commitError ?? e.beginError ?? e.rollbackError ?? e, url: url)
        } catch {
            throw Self.translate(error, url: url)
        }
    }

    /// Rows of a query outside any transaction.
    func rows(_ query: PostgresQuery) async throws -> [PostgresRandomAccessRow] {
        do {
            return try await client.query(query, logger: logger).collect().map { $0.makeRandomAccess() }
        } catch {
            throw Self.translate(error, url: url)
        }
    }

    /// A query written with `?` placeholders (shared SQL) and engine-neutral values.
    static func query(_ sql: String, _ values: [SQLValue]) -> PostgresQuery {
        var binds = PostgresBindings(capacity: values.count)
        for v in values {
            switch v {
            case .text(let t): binds.append(t)
            case .int(let i): binds.append(i)
            case .blob(let d): binds.append(ByteBuffer(bytes: d))
            case .null: binds.appendNull()
            }
        }
        return PostgresQuery(unsafeSQL: numberedPlaceholders(sql), binds: binds)
    }

    /// Server errors users can act on become ``StoreError``s; the rest keep their detail for the log.
    static func translate(_ error: any Error, url: PostgresURL) -> any Error {
        guard let e = error as? PSQLError else { return error }
        switch e.code {
        case .server:
            let state = e.serverInfo?[.sqlState] ?? ""
            if state == "23505" { return StoreError.duplicate(e.serverInfo?[.constraintName] ?? "记录") }
            if state == "3D000" { return StoreError.unavailable("PostgreSQL 数据库“\(url.database)”不存在") }
            if state.hasPrefix("28") { return StoreError.unavailable("PostgreSQL 拒绝了用户“\(url.username)”的登录") }
            return StoreError.database("\(state) \(e.serverInfo?[.message] ?? "")")
        case .connectionError, .serverClosedConnection, .uncleanShutdown, .clientClosedConnection, .poolClosed:
            return StoreError.unavailable("无法连接 PostgreSQL（\(url)）")
        default:
            return error
        }
    }

    // MARK: Settings, audit

    public func setting(_ key: String) async throws -> String? {
        try await rows("SELECT value FROM meta WHERE key = \(key)").first?["value"].decode(String.self)
    }

    public func setSetting(_ key: String, _ value: String) async throws {
        try await write { conn in
            try await conn.query("INSERT INTO meta (key, value) VALUES (\(key), \(value)) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                 logger: self.logger)
        }
    }

    public func saveSetting(_ key: String, _ value: String, audit: AuditEntry) async throws {
        try await write { conn in
            try await conn.query("INSERT INTO meta (key, value) VALUES (\(key), \(value)) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                 logger: self.logger)
            try await self.appendAudit(audit, conn)
        }
    }

    public func settings(prefix: String) async throws -> [String: String] {
        var out: [String: String] = [:]
        for r in try await rows(Self.query("SELECT key, value FROM meta WHERE key >= ? AND key < ? COLLATE \"C\"",
                                           [.text(prefix), .text(prefixUpperBound(prefix))])) {
            out[try r["key"].decode(String.self)] = try r["value"].decode(String.self)
        }
        return out
    }

    public func auditLog(limit: Int) async throws -> [AuditEntry] {
        try await rows("SELECT at, actor_user, actor_name, actor_role, action, target, details FROM audit_log ORDER BY id DESC LIMIT \(limit)")
            .map { r in
                AuditEntry(at: Date(millis: try r["at"].decode(Int64.self)),
                           actor: ActorRef(userID: try r["actor_user"].decode(Int64?.self), name: try r["actor_name"].decode(String.self),
                                           role: try r["actor_role"].decode(String.self), unitCode: nil),
                           action: try r["action"].decode(String.self), target: try r["target"].decode(String.self),
                           details: (try? StoredJSON.decode([String: String].self, try r["details"].decode(String.self))) ?? [:])
            }
    }

    func appendAudit(_ e: AuditEntry, _ conn: PostgresConnection) async throws {
        try await conn.query("""
            INSERT INTO audit_log (at, actor_user, actor_name, actor_role, action, target, details)
            VALUES (\(e.at.millis), \(e.actor.userID), \(e.actor.name), \(e.actor.role), \(e.action), \(e.target), \(try StoredJSON.encode(e.details)))
            """, logger: logger)
    }

    /// Tells every node that directory, calendars or rule sets changed (see ``HuiyinStore/referenceVersion()``).
    func bumpReferenceVersion(_ conn: PostgresConnection) async throws {
        try await conn.query("""
            INSERT INTO meta (key, value) VALUES ('reference_version', '1')
            ON CONFLICT (key) DO UPDATE SET value = (meta.value::bigint + 1)::text
            """, logger: logger)
    }

    public func referenceVersion() async throws -> Int64 {
        Int64(try await setting("reference_version") ?? "0") ?? 0
    }

    public func rawInsert(_ payload: String) async throws {
        try await write { conn in
            try await conn.query("INSERT INTO bench_rows (payload, at) VALUES (\(payload), \(Date().millis))", logger: self.logger)
        }
    }

    // MARK: Calendar and rule sets

    public func calendarYears() async throws -> [CalendarYear] {
        try await rows("SELECT body FROM calendar_years ORDER BY year").map {
            try StoredJSON.decode(CalendarYear.self, try $0["body"].decode(String.self))
        }
    }

    public func saveCalendarYear(_ year: CalendarYear, audit: AuditEntry) async throws {
        let body = try StoredJSON.encode(year)
        try await write { conn in
            try await conn.query("INSERT INTO calendar_years (year, body) VALUES (\(year.year), \(body)) ON CONFLICT (year) DO UPDATE SET body = excluded.body",
                                 logger: self.logger)
            try await self.bumpReferenceVersion(conn)
            try await self.appendAudit(audit, conn)
        }
    }

    public func ruleSets() async throws -> [RuleSet] {
        try await rows("SELECT body FROM rule_sets ORDER BY id").map { try StoredJSON.decode(RuleSet.self, try $0["body"].decode(String.self)) }
    }

    public func saveRuleSet(_ rules: RuleSet, audit: AuditEntry) async throws {
        let body = try StoredJSON.encode(rules)
        try await write { conn in
            try await conn.query("INSERT INTO rule_sets (id, body) VALUES (\(rules.id), \(body)) ON CONFLICT (id) DO UPDATE SET body = excluded.body",
                                 logger: self.logger)
            try await self.bumpReferenceVersion(conn)
            try await self.appendAudit(audit, conn)
        }
    }
}

extension PostgresStore {
    /// Removes the recorded key fingerprint, so the database accepts the next key it meets. Only for
    /// copying an empty, migrated database as a template (tests); never on data.
    public func forgetKeyFingerprint() async throws {
        try await write { conn in
            let cases = try await conn.query("SELECT count(*) FROM case_persons", logger: self.logger).decode(Int.self).first { _ in true } ?? 0
            guard cases == 0 else { throw StoreError.database("refusing to forget the key of a database holding personal data") }
            try await conn.query("DELETE FROM meta WHERE key = 'key_fingerprint'", logger: self.logger)
        }
    }
}

extension PostgresStore {
    public func analyze() async throws {
        _ = try await rows("ANALYZE")
    }

    /// Bytes of the whole database (tables, indexes, TOAST).
    public func databaseSize() async throws -> Int64 {
        try await rows("SELECT pg_database_size(current_database()) AS n").first?["n"].decode(Int64.self) ?? 0
    }
}
