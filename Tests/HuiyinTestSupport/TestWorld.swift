import Foundation
import HuiyinCore
import HuiyinDemo
import HuiyinService
import HuiyinStore

/// A temporary database holding the demo city 云溪市 and its users (password `huiyin-demo`), no cases.
/// Each test gets its own folder, so tests run in parallel.
public final class TestWorld: @unchecked Sendable {
    public let folder: URL
    public let dbPath: String
    public let keyPath: String
    public let huiyin: Huiyin
    public let clock: MutableClock

    public static let password = Demo.password

    /// Opens a fresh world whose clock reads `now` (China time, e.g. "2026-03-02 09:00").
    public static func make(now: String = "2026-03-02 09:00", cases: Int = 0) async throws -> TestWorld {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("huiyin-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let clock = MutableClock(TestWorld.instant(now))
        let db = folder.appendingPathComponent("huiyin.db").path
        let huiyin = try await Huiyin.openSQLite(path: db, settings: testSettings)
        _ = try await Demo.seed(huiyin, cases: cases, now: clock.now)
        return TestWorld(folder: folder, dbPath: db, keyPath: Huiyin.defaultKeyFile(for: db), huiyin: huiyin, clock: clock)
    }

    init(folder: URL, dbPath: String, keyPath: String, huiyin: Huiyin, clock: MutableClock) {
        self.folder = folder; self.dbPath = dbPath; self.keyPath = keyPath; self.huiyin = huiyin; self.clock = clock
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
    public func reopen() async throws -> Huiyin {
        try await Huiyin.openSQLite(path: dbPath, settings: Self.testSettings)
    }

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
                             territory: String? = "yx-dh-qs-sq") -> CaseDraft {
        CaseDraft(channel: "来信", kind: kind, category: "城乡建设/城市建设和市政管理/环境卫生", territory: territory,
                  title: "石桥村垃圾长期无人清运", content: "石桥村垃圾站半个月无人清运，气味很大，请尽快处理。",
                  receivedAt: received,
                  petitioners: [CaseDraft.PersonDraft(name: name, idNumber: idNumber(), phone: "13912345678",
                                                      address: "东湖区青石镇石桥村8号")])
    }

    deinit { try? FileManager.default.removeItem(at: folder) }
}

/// A clock tests can move: `clock.set("2026-02-26 10:00")`.
public final class MutableClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    public init(_ start: Date) { current = start }

    public var now: Date { lock.withLock { current } }
    public func set(_ text: String) { lock.withLock { current = TestWorld.instant(text) } }
    public func advance(days: Int) { lock.withLock { current = current.addingTimeInterval(Double(days) * 86_400) } }
}
