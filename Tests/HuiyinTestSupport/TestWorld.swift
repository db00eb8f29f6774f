import Foundation
import HuiyinCore
import GRDB
import HuiyinDemo
import HuiyinPostgres
import HuiyinService
import HuiyinStore

/// A temporary database holding the demo city 云溪市 and its users (password `huiyin-demo`), no cases,
/// on the engine of this test run (``TestEngine/current``). Each test gets its own folder (and, on
/// PostgreSQL, its own database), so tests run in parallel.
public final class TestWorld: @unchecked Sendable {
    public let folder: URL
    /// The SQLite file (unused on PostgreSQL).
    public let dbPath: String
    public let keyPath: String
    /// The test's own PostgreSQL database, when running on PostgreSQL.
    public let postgres: PostgresURL?
    public let huiyin: Huiyin
    public let clock: MutableClock

    public static var engine: TestEngine { TestEngine.current }

    public static let password = Demo.password

    /// Opens a fresh world whose clock reads `now` (China time, e.g. "2026-03-02 09:00").
    public static func make(now: String = "2026-03-02 09:00", cases: Int = 0) async throws -> TestWorld {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("huiyin-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let clock = MutableClock(TestWorld.instant(now))
        let db = folder.appendingPathComponent("huiyin.db").path
        let key = Huiyin.defaultKeyFile(for: db)
        let postgres = engine.isPostgres ? try await TestDatabases.shared.fresh() : nil
        let huiyin = try await open(postgres: postgres, dbPath: db, keyPath: key)
        _ = try await Demo.seed(huiyin, cases: cases, now: clock.now)
        return TestWorld(folder: folder, dbPath: db, keyPath: key, postgres: postgres, huiyin: huiyin, clock: clock)
    }

    /// A world without the demo city: an empty, migrated database.
    public static func makeEmpty(now: String = "2026-03-02 09:00") async throws -> TestWorld {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("huiyin-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let db = folder.appendingPathComponent("huiyin.db").path
        let key = Huiyin.defaultKeyFile(for: db)
        let postgres = engine.isPostgres ? try await TestDatabases.shared.fresh() : nil
        let huiyin = try await open(postgres: postgres, dbPath: db, keyPath: key)
        return TestWorld(folder: folder, dbPath: db, keyPath: key, postgres: postgres, huiyin: huiyin, clock: MutableClock(instant(now)))
    }

    init(folder: URL, dbPath: String, keyPath: String, postgres: PostgresURL?, huiyin: Huiyin, clock: MutableClock) {
        self.folder = folder; self.dbPath = dbPath; self.keyPath = keyPath; self.postgres = postgres; self.huiyin = huiyin
        self.clock = clock
    }

    static func open(postgres: PostgresURL?, dbPath: String, keyPath: String) async throws -> Huiyin {
        if let postgres { return try await Huiyin.openPostgres(url: postgres, keyFile: keyPath, settings: testSettings) }
        return try await Huiyin.openSQLite(path: dbPath, keyFile: keyPath, settings: testSettings)
    }

    /// Another node on the same database (PostgreSQL), or another handle on the same file (SQLite).
    public func openAgain(keyFile: String? = nil) async throws -> Huiyin {
        try await Self.open(postgres: postgres, dbPath: dbPath, keyPath: keyFile ?? keyPath)
    }

    /// Plain SQL on the world's database, outside the store.
    public func execute(_ sql: String) async throws {
        if let postgres { return try await PostgresRaw.execute(postgres, sql) }
        let queue = try DatabaseQueue(path: dbPath)
        try await queue.write { db in try db.execute(sql: sql) }
    }

    /// Every byte the database keeps on disk for this world: the SQLite file and its WAL, or (after a
    /// CHECKPOINT) the PostgreSQL files of the test's database.
    public func databaseFileBytes() async throws -> Data {
        var bytes = Data()
        var files: [String] = []
        if postgres != nil {
            try await execute("CHECKPOINT")
            guard let cluster = ProcessInfo.processInfo.environment["HUIYIN_PG_CLUSTER"],
                  let oid = try await strings("SELECT oid::text FROM pg_database WHERE datname = current_database()").first ?? nil
            else { throw CocoaError(.fileNoSuchFile) }
            let dir = "\(cluster)/data/base/\(oid)"
            files = try FileManager.default.contentsOfDirectory(atPath: dir).map { "\(dir)/\($0)" }
        } else {
            files = [dbPath, dbPath + "-wal"]
        }
        for f in files { if let d = FileManager.default.contents(atPath: f) { bytes.append(d) } }
        return bytes
    }

    /// The first column of every row of a query, as text.
    public func strings(_ sql: String) async throws -> [String?] {
        if let postgres { return try await PostgresRaw.strings(postgres, sql) }
        let queue = try DatabaseQueue(path: dbPath)
        return try await queue.read { db in try String?.fetchAll(db, sql: sql) }
    }

    /// Fast password hashing for tests (the production default is 11), and logins that outlive the
    /// months tests move their clock across.
    public static var testSettings: ServiceSettings {
        var s = ServiceSettings()
        s.bcryptCost = 4
        s.sessionLifetime = 400 * 86_400
        return s
    }

    /// Opens the same database again (a restart), with the same key file.
    public func reopen() async throws -> Huiyin { try await openAgain() }

    /// "2026-03-02 09:00" or "2026-03-02" in China time.
    public static func instant(_ text: String) -> Date {
        let parts = text.split(separator: " ")
        let day = LocalDate(String(parts[0]))!
        var seconds = 9 * 3600
        if parts.count > 1 {
            let hm = parts[1].split(separator: ":").compactMap { Int($0) }
            seconds = hm[0] * 3600 + (hm.count > 1 ? hm[1] * 60 : 0)
        }
        return ChinaTime.startOfDay(day).addingTimeInterval(Double(seconds))
    }

    public func user(_ username: String) async throws -> User {
        guard let u = try await huiyin.store.user(username: username)?.user else { fatalError("no user \(username)") }
        return u
    }

    public func actor(_ username: String) async throws -> Actor { .user(try await user(username)) }

    /// A valid resident ID number for tests (correct check character).
    public static func idNumber(_ seq: Int = 1, born: String = "19800101") -> String {
        let first17 = "360981" + born + String(format: "%03d", seq % 1000)
        return first17 + String(IdentityCheck.checkCharacter(for: first17))
    }

    /// An ordinary letter about rubbish in 石桥村 (青石镇, 东湖区).
    public static func draft(kind: String = "申诉求决", received: String? = nil, name: String = "张三",
                             territory: String? = "yx-dh-qs-sq", person: Int = 1, phone: String = "13912345678",
                             category: String = "城乡建设/城市建设和市政管理/环境卫生") -> CaseDraft {
        CaseDraft(channel: "来信", kind: kind, category: category, territory: territory,
                  title: "石桥村垃圾长期无人清运", content: "石桥村垃圾站半个月无人清运，气味很大，请尽快处理。",
                  receivedAt: received,
                  petitioners: [CaseDraft.PersonDraft(name: name, idNumber: idNumber(person), phone: phone,
                                                      address: "东湖区青石镇石桥村8号")])
    }

    deinit {
        let huiyin = huiyin
        Task { await huiyin.close() }
        try? FileManager.default.removeItem(at: folder)
    }
}

/// A clock tests can move: `clock.set("2026-02-26 10:00")`.
public final class MutableClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    public init(_ start: Date) { current = start }

    public var now: Date { lock.withLock { current } }
    public func set(_ text: String) { lock.withLock { current = TestWorld.instant(text) } }
    public func advance(days: Int) { lock.withLock { current = current.addingTimeInterval(Double(days) * 86_400) } }
    public func advance(seconds: Double) { lock.withLock { current = current.addingTimeInterval(seconds) } }
}
