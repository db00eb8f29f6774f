import Foundation
import HuiyinPostgres
import HuiyinStore
import Logging
import PostgresNIO

/// Which database engine the tests run on. `swift test` alone uses SQLite; `scripts/test` runs the
/// suite a second time with `HUIYIN_TEST_ENGINE=postgres` against a throwaway cluster it started
/// (`HUIYIN_TEST_POSTGRES_URL`).
public enum TestEngine: Sendable, Equatable, CustomStringConvertible {
    case sqlite
    case postgres(server: String)

    public static let current: TestEngine = {
        let env = ProcessInfo.processInfo.environment
        guard env["HUIYIN_TEST_ENGINE"] == "postgres" else { return .sqlite }
        guard let url = env["HUIYIN_TEST_POSTGRES_URL"], !url.isEmpty else {
            fatalError("HUIYIN_TEST_ENGINE=postgres needs HUIYIN_TEST_POSTGRES_URL (scripts/test sets both)")
        }
        return .postgres(server: url)
    }()

    public var isPostgres: Bool { if case .postgres = self { true } else { false } }

    public var description: String { isPostgres ? "PostgreSQL" : "SQLite" }
}

/// Fresh PostgreSQL databases for tests, each a copy of a migrated template (fast: no migration per test).
public actor TestDatabases {
    public static let shared = TestDatabases()
    private var template: Task<String, any Error>?
    private let logger: Logger = {
        var l = Logger(label: "huiyin-test-pg")
        l.logLevel = .error
        return l
    }()

    /// A new, migrated, empty database on the test server (`bare`: without even the tables, for a restore).
    public func fresh(bare: Bool = false) async throws -> PostgresURL {
        guard case .postgres(let server) = TestEngine.current else { fatalError("not running on PostgreSQL") }
        let admin = try PostgresURL(server)
        let template = bare ? "template0" : try await ensureTemplate(admin)
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try await createDatabase(admin, "CREATE DATABASE \(name) TEMPLATE \(template)")
        return admin.with(database: name)
    }

    /// Created once per test process; concurrent callers wait for the same task (actors re-enter at awaits).
    private func ensureTemplate(_ admin: PostgresURL) async throws -> String {
        if let template { return try await template.value }
        let task = Task { try await self.makeTemplate(admin) }
        template = task
        return try await task.value
    }

    private func makeTemplate(_ admin: PostgresURL) async throws -> String {
        let name = "huiyin_template_\(ProcessInfo.processInfo.processIdentifier)"
        try await createDatabase(admin, "CREATE DATABASE \(name)")
        let keyFile = FileManager.default.temporaryDirectory.appendingPathComponent("huiyin-template-\(UUID().uuidString).key").path
        defer { try? FileManager.default.removeItem(atPath: keyFile) }
        let store = try await PostgresStore.connect(admin.with(database: name), vault: try PersonalDataVault.loadOrCreate(keyFile: keyFile))
        try await store.forgetKeyFingerprint()
        store.close()
        return name
    }

    /// Runs a CREATE DATABASE, retrying while the template still has a closing connection.
    private func createDatabase(_ admin: PostgresURL, _ sql: String) async throws {
        var attempt = 0
        while true {
            do {
                try await PostgresRaw.execute(admin, sql)
                return
            } catch {
                attempt += 1
                if attempt > 50 { throw TestDatabaseError(sql: sql, detail: String(reflecting: error)) }
                try await Task.sleep(nanoseconds: 100_000_000)
            }
        }
    }
}

/// Plain SQL on a test database, outside the store (to check what the store wrote, or that the
/// database refuses what it must refuse).
public enum PostgresRaw {
    public static func execute(_ url: PostgresURL, _ sql: String) async throws {
        _ = try await strings(url, sql)
    }

    public static func strings(_ url: PostgresURL, _ sql: String) async throws -> [String?] {
        var logger = Logger(label: "huiyin-test-pg")
        logger.logLevel = .error
        let config = PostgresConnection.Configuration(host: url.host, port: url.port, username: url.username, password: url.password,
                                                      database: url.database, tls: .disable)
        let conn = try await PostgresConnection.connect(configuration: config, id: 0, logger: logger)
        do {
            let rows = try await conn.query(PostgresQuery(unsafeSQL: sql), logger: logger).collect()
            try await conn.close()
            return try rows.map { row in try row.first.map { try $0.decode(String?.self) } ?? nil }
        } catch {
            try? await conn.close()
            throw error
        }
    }
}

struct TestDatabaseError: Error, CustomStringConvertible {
    var sql: String
    var detail: String
    var description: String { "\(sql): \(detail)" }
}
