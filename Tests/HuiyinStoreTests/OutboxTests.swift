import Foundation
import HuiyinCore
import HuiyinService
import HuiyinStore
import HuiyinTestSupport
import Logging
import Testing

@Suite("Outbox: one notice per event and per 督办, each sent once, failures retried")
struct OutboxTests {
    final class RecordingSink: NotificationSink, @unchecked Sendable {
        private let lock = NSLock()
        private var received: [OutboxEntry] = []
        var failing = false
        var entries: [OutboxEntry] { lock.withLock { received } }
        func deliver(_ entries: [OutboxEntry]) async throws {
            try lock.withLock {
                if failing { throw CocoaError(.fileWriteUnknown) }
                received += entries
            }
        }
    }

    @Test("events queue notices for the responsible unit in the same transaction; overdue cases get one 督办 notice")
    func queueing() async throws {
        let world = try await TestWorld.make(now: "2026-03-02 09:00")
        let registrar = try await world.actor("registrar"), dispatcher = try await world.actor("dispatcher")
        let old = try await world.huiyin.cases.register(TestWorld.draft(received: "2026-02-02"), by: registrar, now: world.clock.now)
        let fresh = try await world.huiyin.cases.register(TestWorld.draft(), by: registrar, now: world.clock.now)
        _ = try await world.huiyin.cases.perform(ActionRequest(action: "assign", leadUnit: "yx-zjj"), onCase: fresh.view.case.id,
                                                 by: dispatcher, now: world.clock.now)
        let store = world.huiyin.store
        var all = try await store.outbox(afterID: 0, limit: 100)
        #expect(all.map(\.dedupeKey) == ["event:\(old.view.case.id):1", "event:\(fresh.view.case.id):1", "event:\(fresh.view.case.id):2"])
        #expect(all.first?.recipientUnit == "yx-xfj", "before assignment the registering unit is responsible")
        #expect(all.last?.recipientUnit == "yx-zjj" && all.last?.text.contains("交办") == true)

        #expect(all.last?.kind == .assigned)

        let jobs = BackgroundJobs(huiyin: world.huiyin, sink: RecordingSink(), logger: Logger(label: "test"), now: { world.clock.now })
        #expect(try await jobs.watchClocks() == 1)
        #expect(try await jobs.watchClocks() == 0)
        world.clock.advance(days: 70)
        #expect(try await jobs.watchClocks() == 2, "the assigned case gets its first 督办; the old one, 80 days over, climbs to 挂牌督办")
        all = try await store.outbox(afterID: 0, limit: 100)
        let overdue = all.filter { $0.kind == .overdue }
        #expect(overdue.filter { $0.caseID == old.view.case.id }.map { $0.text.hasPrefix("【督办】") } == [true, false])
        #expect(overdue.filter { $0.caseID == old.view.case.id }.last?.text.hasPrefix("【挂牌督办】") == true)
        #expect(overdue.filter { $0.caseID == fresh.view.case.id }.map(\.recipientUnit) == ["yx-zjj"])
        #expect(overdue.first { $0.caseID == old.view.case.id }?.recipientUnit == "yx-xfj", "not yet accepted: the petition office itself")
    }

    @Test("concurrent senders never get the same notice; a failed delivery is put back and sent later")
    func sending() async throws {
        let world = try await TestWorld.make()
        let registrar = try await world.actor("registrar")
        for i in 0..<12 { _ = try await world.huiyin.cases.register(TestWorld.draft(name: "甲\(i)"), by: registrar, now: world.clock.now) }
        let store = world.huiyin.store
        let now = world.clock.now
        let claimed = try await withThrowingTaskGroup(of: [Int64].self) { group in
            for n in 0..<6 { group.addTask { try await store.claimOutbox(node: "n\(n)", limit: 3, now: now, lease: 60).map(\.id) } }
            return try await group.reduce(into: [Int64]()) { $0 += $1 }
        }
        #expect(claimed.count == 12 && Set(claimed).count == 12)
        // A node that claimed and died: its claim expires after the lease and the entries go out again.
        #expect(try await store.claimOutbox(node: "late", limit: 100, now: now.addingTimeInterval(30), lease: 60).isEmpty)
        let reclaimed = try await store.claimOutbox(node: "late", limit: 100, now: now.addingTimeInterval(61), lease: 60)
        #expect(reclaimed.map(\.id).sorted() == claimed.sorted() && reclaimed.allSatisfy { $0.deliveredBy == "late" })
        try await store.confirmOutbox(ids: claimed, now: now)

        for i in 0..<3 { _ = try await world.huiyin.cases.register(TestWorld.draft(name: "乙\(i)"), by: registrar, now: world.clock.now) }
        let sink = RecordingSink()
        sink.failing = true
        let jobs = BackgroundJobs(huiyin: world.huiyin, sink: sink, logger: Logger(label: "test"), now: { world.clock.now })
        #expect(try await jobs.sendOutbox() == 0)
        let waiting = try await store.outbox(afterID: 0, limit: 100).filter { $0.deliveredAt == nil }
        #expect(waiting.count == 3 && waiting.allSatisfy { $0.attempts == 1 && $0.lastError != nil && $0.failedAt == nil })
        sink.failing = false
        #expect(try await jobs.sendOutbox() == 0, "not before the back-off (30 s)")
        world.clock.advance(seconds: 31)
        #expect(try await jobs.sendOutbox() == 3)
        #expect(try await jobs.sendOutbox() == 0)
        #expect(sink.entries.count == 3 && Set(sink.entries.map(\.id)).count == 3)
        #expect(try await store.outbox(afterID: 0, limit: 100).allSatisfy { $0.deliveredAt != nil && $0.deliveredBy != nil })

        // Failing for good: given up after the configured attempts, then counted as failed, never claimed again.
        _ = try await world.huiyin.cases.register(TestWorld.draft(name: "丙"), by: registrar, now: world.clock.now)
        sink.failing = true
        for _ in 0..<world.huiyin.settings.maxNotificationAttempts {
            _ = try await jobs.sendOutbox()
            world.clock.advance(seconds: 3601)
        }
        #expect(try await store.outboxBacklog() == (pending: 0, failed: 1))
        sink.failing = false
        #expect(try await jobs.sendOutbox() == 0)
    }
}
