import Foundation
import HuiyinCore
import HuiyinService
import HuiyinStore
import HuiyinTestSupport
import Testing

@Suite("Store (SQLite and PostgreSQL): durability, encryption at rest, append-only history, no partial writes")
struct PersistenceTests {
    @Test("a case and its history survive closing and reopening the database")
    func survivesRestart() async throws {
        let world = try await TestWorld.make()
        let registrar = try await world.actor("registrar")
        let registered = try await world.huiyin.cases.register(TestWorld.draft(name: "欧阳明月"), by: registrar, now: world.clock.now)
        _ = try await world.huiyin.cases.perform(ActionRequest(action: "accept"), onCase: registered.view.case.id,
                                                 by: try await world.actor("dispatcher"), now: world.clock.now)
        await world.huiyin.close()

        let reopened = try await world.reopen()
        let c = try #require(try await reopened.store.loadCase(id: registered.view.case.id))
        #expect(c.state == .accepted)
        #expect(c.number == registered.view.case.number)
        #expect(c.persons.first?.name == "欧阳明月")
        #expect(c.persons.first?.idNumber == TestWorld.idNumber())
        let history = try await reopened.store.history(caseID: c.id)
        #expect(history.map(\.action) == [.register, .accept])
        #expect(history[1].actor.name == "王派单")
    }

    @Test("several cases load in one read, in the order asked, missing ids left out, their people only when asked")
    func loadsSeveral() async throws {
        let world = try await TestWorld.make()
        let registrar = try await world.actor("registrar")
        var ids: [Int64] = []
        for i in 1...3 {
            ids.append(try await world.huiyin.cases.register(TestWorld.draft(name: "信访人\(i)", person: i), by: registrar, now: world.clock.now).view.case.id)
        }
        let asked = [ids[2], 999_999, ids[0], ids[1]]
        let bare = try await world.huiyin.store.loadCases(ids: asked, withPersons: false)
        #expect(bare.map(\.id) == [ids[2], ids[0], ids[1]])
        #expect(bare.allSatisfy { $0.persons.isEmpty } && bare.allSatisfy { !$0.number.isEmpty && !$0.title.isEmpty })
        let full = try await world.huiyin.store.loadCases(ids: asked, withPersons: true)
        #expect(full.map { $0.persons.first?.name } == ["信访人3", "信访人1", "信访人2"])
        #expect(try await world.huiyin.store.loadCases(ids: [], withPersons: true).isEmpty)
    }

    @Test("names, ID numbers, phones and addresses never appear in the database files in clear text")
    func encryptedAtRest() async throws {
        let world = try await TestWorld.make()
        let registrar = try await world.actor("registrar")
        var draft = TestWorld.draft(name: "慕容秋水")
        draft.petitioners![0].address = "东湖区青石镇荷塘村九十九号"
        _ = try await world.huiyin.cases.register(draft, by: registrar, now: world.clock.now)

        let bytes = try await world.databaseFileBytes()
        #expect(bytes.count > 10_000)
        for secret in ["慕容秋水", TestWorld.idNumber(), "13912345678", "荷塘村九十九号"] {
            #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(secret) found in clear text")
        }
        #expect(bytes.range(of: Data("石桥村垃圾长期无人清运".utf8)) != nil, "sanity: the title is stored in clear")

        let hex = try await world.strings(TestWorld.engine.isPostgres
            ? "SELECT encode(id_hash, 'hex') || ' ' || encode(phone_hash, 'hex') FROM case_persons"
            : "SELECT lower(hex(id_hash)) || ' ' || lower(hex(phone_hash)) FROM case_persons")
        let vault = world.huiyin.vault
        func hexString(_ d: Data) -> String { d.map { String(format: "%02x", $0) }.joined() }
        #expect(hex == [hexString(vault.idNumberHash(TestWorld.idNumber().lowercased())) + " " + hexString(vault.phoneHash("+86 139-1234-5678"))])
        #expect(hex.first??.count == 64 + 1 + 64)
    }

    @Test("the key file is created once, private (0600), and a different key is refused")
    func keyFile() async throws {
        let world = try await TestWorld.make()
        let attributes = try FileManager.default.attributesOfItem(atPath: world.keyPath)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        await world.huiyin.close()

        let otherKey = world.folder.appendingPathComponent("other.key").path
        await #expect(throws: StoreError.keyMismatch) {
            _ = try await world.openAgain(keyFile: otherKey)
        }
        _ = try await world.reopen()
    }

    @Test("case history and audit log refuse UPDATE and DELETE")
    func appendOnly() async throws {
        let world = try await TestWorld.make()
        _ = try await world.huiyin.cases.register(TestWorld.draft(), by: try await world.actor("registrar"), now: world.clock.now)
        for sql in ["UPDATE case_events SET note = 'x'", "DELETE FROM case_events", "UPDATE audit_log SET action = 'x'",
                    "DELETE FROM audit_log"] {
            await #expect(throws: (any Error).self, "\(sql)") { try await world.execute(sql) }
        }
        #expect(try await world.strings("SELECT note FROM case_events").count == 1)
        #expect(try await world.strings("SELECT action FROM audit_log").contains("x") == false)
    }

    @Test("a stale version is refused and leaves the case and its history untouched")
    func versionConflict() async throws {
        let world = try await TestWorld.make()
        let store = world.huiyin.store
        let reg = try await world.huiyin.cases.register(TestWorld.draft(), by: try await world.actor("registrar"), now: world.clock.now)
        let c = try #require(try await store.loadCase(id: reg.view.case.id))
        var first = c
        first.state = .accepted
        first.eventCount = 2
        let event = CaseEvent(seq: 2, at: world.clock.now, actor: ActorRef(userID: nil, name: "甲", role: "dispatcher", unitCode: nil),
                              action: .accept, fromState: .registered, toState: .accepted, note: nil)
        let index = CaseIndex(scopePath: "/yx/", dueOn: nil, warnOn: nil)
        _ = try await store.updateCase(first, events: [event], index: index, expectedVersion: c.version)
        var second = c
        second.state = .refused
        await #expect(throws: StoreError.versionConflict(caseID: c.id, expected: 1, actual: 2)) {
            _ = try await store.updateCase(second, events: [event], index: index, expectedVersion: c.version)
        }
        #expect(try await store.loadCase(id: c.id)?.state == .accepted)
        #expect(try await store.history(caseID: c.id).count == 2)
    }

    @Test("a write that fails half-way leaves nothing, while concurrent writes in the same batch commit")
    func noPartialWrites() async throws {
        let world = try await TestWorld.make()
        let store = world.huiyin.store
        let registrar = try await world.actor("registrar")
        let reg = try await world.huiyin.cases.register(TestWorld.draft(), by: registrar, now: world.clock.now)
        let c = try #require(try await store.loadCase(id: reg.view.case.id))
        var bad = c
        bad.state = .accepted
        // Event seq 1 already exists: the case row is updated first, then the insert fails.
        let duplicate = CaseEvent(seq: 1, at: world.clock.now, actor: ActorRef(userID: nil, name: "甲", role: "x", unitCode: nil),
                                  action: .accept, fromState: .registered, toState: .accepted, note: nil)
        let now = world.clock.now
        let stale = bad
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                await #expect(throws: (any Error).self) {
                    _ = try await store.updateCase(stale, events: [duplicate], index: CaseIndex(scopePath: "/", dueOn: nil, warnOn: nil),
                                                   expectedVersion: c.version)
                }
            }
            for i in 0..<20 {
                group.addTask {
                    _ = try await world.huiyin.cases.register(TestWorld.draft(name: "并发\(i)"), by: registrar, now: now)
                }
            }
            try await group.waitForAll()
        }
        let after = try #require(try await store.loadCase(id: c.id))
        #expect(after.state == .registered)
        #expect(after.version == c.version)
        #expect(try await store.history(caseID: c.id).count == 1)
        let all = try await store.listCases({ var q = CaseQuery(scope: .territoryOrUnit(path: "/", unit: "")); q.limit = 100; return q }())
        #expect(all.total == 21)
    }

    @Test("case numbers are unique and without gaps under concurrent registration")
    func numbering() async throws {
        let world = try await TestWorld.make()
        let registrar = try await world.actor("registrar")
        let now = world.clock.now
        let numbers = try await withThrowingTaskGroup(of: String.self) { group in
            for i in 0..<50 {
                group.addTask { try await world.huiyin.cases.register(TestWorld.draft(name: "甲\(i)"), by: registrar, now: now).view.case.number }
            }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(Set(numbers) == Set((1...50).map { CaseNumber.format(year: 2026, sequence: $0) }))
    }
}
