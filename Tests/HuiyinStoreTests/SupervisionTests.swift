import Foundation
import HuiyinCore
import HuiyinService
import HuiyinStore
import HuiyinTestSupport
import Testing

/// The clock watcher, the escalation ladder and the return window, on a fixed clock, on the engine
/// under test (SQLite, or PostgreSQL with HUIYIN_TEST_ENGINE=postgres).
@Suite("Supervision: return window, exactly one automatic 督办, the ladder in order, 责任追究")
struct SupervisionTests {
    func act(_ world: TestWorld, _ id: Int64, _ who: String, _ r: ActionRequest) async throws -> CaseView {
        try await world.huiyin.cases.perform(r, onCase: id, by: try await world.actor(who), now: world.clock.now)
    }

    func assigned(_ world: TestWorld, received: String? = nil, person: Int = 1) async throws -> Int64 {
        let reg = try await world.huiyin.cases.register(TestWorld.draft(received: received, person: person),
                                                        by: try await world.actor("registrar"), now: world.clock.now)
        _ = try await act(world, reg.view.case.id, "dispatcher", ActionRequest(action: "assign", leadUnit: "yx-zjj"))
        return reg.view.case.id
    }

    @Test("a case assigned on 2026-02-12 may be returned until 2026-02-26 (Spring Festival, 2/14 make-up day) and not after")
    func returnWindow() async throws {
        let world = try await TestWorld.make(now: "2026-02-12 10:00")
        let first = try await assigned(world), second = try await assigned(world, person: 2)
        let view = try await world.huiyin.cases.view(id: first, by: try await world.actor("handler"), now: world.clock.now)
        #expect(view.clock.returnUntil == LocalDate("2026-02-26"))

        world.clock.set("2026-02-26 17:30")
        let returned = try await act(world, first, "handler", ActionRequest(action: "return", reason: "不属本单位职责，应由青石镇处理"))
        #expect(returned.case.state == .returned && returned.case.ov.returnedBy == ["yx-zjj"])

        world.clock.set("2026-02-27 08:30")
        await #expect(throws: HuiyinError.self) {
            _ = try await act(world, second, "handler", ActionRequest(action: "return", reason: "不属本单位职责"))
        }
        do {
            _ = try await act(world, second, "handler", ActionRequest(action: "return", reason: "不属本单位职责"))
        } catch let e as HuiyinError {
            #expect(e.kind == .conflict && e.code == "return_window_closed" && e.message.contains("2026-02-26"))
        }
        let after = try await world.huiyin.cases.view(id: second, by: try await world.actor("handler"), now: world.clock.now)
        #expect(after.case.state == .assigned, "a refused return changes nothing")
    }

    @Test("an overdue case gets exactly one automatic 督办 however often the watcher runs, in parallel or after a restart")
    func exactlyOnce() async throws {
        let world = try await TestWorld.make(now: "2026-03-02 09:00")
        let id = try await assigned(world)
        let due = try await world.huiyin.cases.view(id: id, by: try await world.actor("handler"), now: world.clock.now).clock.due!
        world.clock.set(due.adding(days: 1).description + " 08:00")

        let watcher = ClockWatcher(huiyin: world.huiyin)
        let passes = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<4 { group.addTask { try await watcher.run(now: world.clock.now).total } }
            return try await group.reduce(0, +)
        }
        #expect(passes == 1, "four watchers at once take the step once")
        #expect(try await watcher.run(now: world.clock.now).total == 0)
        world.clock.advance(days: 1)
        #expect(try await watcher.run(now: world.clock.now).total == 0, "next day: the unit still has its feedback time")

        // Restart: a new process on the same database.
        let again = try await world.openAgain()
        #expect(try await ClockWatcher(huiyin: again).run(now: world.clock.now).total == 0)
        await again.close()

        let c = try await world.huiyin.cases.view(id: id, by: try await world.actor("supervisor"), now: world.clock.now).case
        #expect(c.ov.supervisions.map(\.level) == [.supervise])
        let s = try #require(c.ov.supervisions.first)
        #expect(s.automatic && s.unitCode == "yx-zjj" && s.missedDue == due && s.issuedOn == due.adding(days: 1))
        let history = try await world.huiyin.store.history(caseID: id)
        #expect(history.filter { $0.action == .supervise }.count == 1 && history.last?.actor.role == "system")
        let notices = try await world.huiyin.store.outbox(afterID: 0, limit: 100).filter { $0.kind == .overdue && $0.caseID == id }
        #expect(notices.count == 1 && notices.first?.recipientUnit == "yx-zjj")
        #expect(notices.first?.text.contains("请于 \(s.feedbackDue!) 前书面反馈") == true)

        // The unit answers in writing; the 督办 shows the feedback.
        _ = try await act(world, id, "handler", ActionRequest(action: "supervision_feedback", text: "已组织清运，三日内办结"))
        let answered = try await world.huiyin.cases.view(id: id, by: try await world.actor("handler"), now: world.clock.now).case
        #expect(answered.ov.supervisions.first?.feedback == "已组织清运，三日内办结")
    }

    @Test("the ladder climbs 督办 → 挂牌督办 → 约谈 → 通报 one rung at a time, with 责任追究 for 约谈 and 通报")
    func ladder() async throws {
        let world = try await TestWorld.make(now: "2026-03-02 09:00")
        let id = try await assigned(world)
        let supervisor = try await world.actor("supervisor")
        let due = try await world.huiyin.cases.view(id: id, by: supervisor, now: world.clock.now).clock.due!
        let watcher = ClockWatcher(huiyin: world.huiyin)
        func run(_ daysOver: Int) async throws -> [SupervisionLevel] {
            world.clock.set(due.adding(days: daysOver).description + " 08:00")
            return try await watcher.run(now: world.clock.now).supervised.keys.sorted()
        }
        #expect(try await run(0) == [], "due today is not overdue")
        #expect(try await run(1) == [.supervise])
        #expect(try await run(5) == [], "挂牌督办 after 10 days over")
        #expect(try await run(10) == [.listed])
        #expect(try await run(10) == [])
        #expect(try await run(60) == [.interview], "far over, but one rung per step")
        #expect(try await run(60) == [], "约谈 leaves 5 working days for the written answer")
        #expect(try await run(70) == [.bulletin])
        #expect(try await run(200) == [], "the ladder ends at 通报")

        let c = try await world.huiyin.cases.view(id: id, by: supervisor, now: world.clock.now).case
        #expect(c.ov.supervisions.map(\.level) == [.supervise, .listed, .interview, .bulletin])
        #expect(c.ov.accountability.map(\.measure) == [.interview, .bulletin])
        #expect(c.ov.accountability.allSatisfy { $0.unitCode == "yx-zjj" && $0.missedDue == due && $0.automatic })

        // Publicly listed from 挂牌督办 on, without any personal data.
        let listed = try await world.huiyin.cases.publicListed(page: 1, now: world.clock.now)
        #expect(listed.views.map(\.case.id) == [id] && listed.views[0].case.persons.isEmpty)

        // A supervisor adds 诫勉 for a named person; the unit's side finds all three (两倒查).
        _ = try await act(world, id, "supervisor", ActionRequest(action: "hold_accountable", reason: "连续超期未办结", measure: "诫勉", person: "王某"))
        let records = try await world.huiyin.cases.accountability(ofUnit: "yx-zjj", by: try await world.user("supervisor"), now: world.clock.now)
        #expect(records.map(\.record.measure).sorted { $0.rawValue < $1.rawValue } == [.admonish, .bulletin, .interview])
        #expect(records.allSatisfy { $0.case.id == id } && records.contains { $0.record.person == "王某" })
        let none = try await world.huiyin.cases.accountability(ofUnit: "yx-rsj", by: try await world.user("supervisor"), now: world.clock.now)
        #expect(none.isEmpty)
    }

    @Test("a case overdue again on a new deadline (重复超期) climbs the next rung at once")
    func repeatedOverdue() async throws {
        let world = try await TestWorld.make(now: "2026-03-02 09:00")
        let id = try await assigned(world)
        let first = try await world.huiyin.cases.view(id: id, by: try await world.actor("handler"), now: world.clock.now).clock.due!
        let watcher = ClockWatcher(huiyin: world.huiyin)
        world.clock.set(first.adding(days: 1).description + " 08:00")
        #expect(try await watcher.run(now: world.clock.now).supervised == [.supervise: 1])
        _ = try await act(world, id, "handler", ActionRequest(action: "reply", text: "已清运", opinion: "support"))
        _ = try await act(world, id, "registrar", ActionRequest(action: "rate", rating: "不满意"))
        let redo = try await act(world, id, "dispatcher", ActionRequest(action: "redo", reason: "群众反映未彻底解决"))
        let second = try #require(redo.clock.due)
        world.clock.set(second.adding(days: 1).description + " 08:00")
        #expect(try await watcher.run(now: world.clock.now).supervised == [.listed: 1])
    }

    @Test("a supervisor's 督办 before the deadline counts as the first rung, without jumping the ladder when the case runs over")
    func manualFirst() async throws {
        let world = try await TestWorld.make(now: "2026-03-02 09:00")
        let id = try await assigned(world)
        let ordered = try await act(world, id, "supervisor", ActionRequest(action: "supervise", reason: "群众反映强烈，请加快办理", days: 3))
        let s = try #require(ordered.case.ov.supervisions.first)
        #expect(s.level == .supervise && !s.automatic && s.missedDue == nil && s.unitCode == "yx-zjj")
        let due = try #require(ordered.clock.due)
        let watcher = ClockWatcher(huiyin: world.huiyin)
        world.clock.set(due.adding(days: 1).description + " 08:00")
        #expect(try await watcher.run(now: world.clock.now).total == 0, "already supervised: the next rung waits for 10 days over")
        world.clock.set(due.adding(days: 10).description + " 08:00")
        #expect(try await watcher.run(now: world.clock.now).supervised == [.listed: 1])
    }

    @Test("an admin's new ladder in the rule set applies to cases already supervised")
    func ladderChange() async throws {
        let world = try await TestWorld.make(now: "2026-03-02 09:00")
        let id = try await assigned(world)
        let view = try await world.huiyin.cases.view(id: id, by: try await world.actor("supervisor"), now: world.clock.now)
        let due = try #require(view.clock.due)
        let watcher = ClockWatcher(huiyin: world.huiyin)
        world.clock.set(due.adding(days: 1).description + " 08:00")
        #expect(try await watcher.run(now: world.clock.now).supervised == [.supervise: 1])
        world.clock.set(due.adding(days: 6).description + " 08:00")
        #expect(try await watcher.run(now: world.clock.now).total == 0, "standard ladder: 挂牌督办 after 10 days")

        var rules = view.rules
        rules.escalation = EscalationLadder(steps: [
            .init(level: .supervise, afterDays: 1, feedbackDays: 1), .init(level: .listed, afterDays: 5, feedbackDays: 1),
        ])
        _ = try await world.huiyin.admin.saveRuleSet(rules, by: try await world.actor("admin"), now: world.clock.now)
        #expect(try await watcher.run(now: world.clock.now).supervised == [.listed: 1], "the stored next-rung day was recomputed")
        world.clock.set(due.adding(days: 60).description + " 08:00")
        #expect(try await watcher.run(now: world.clock.now).total == 0, "this ladder ends at 挂牌督办")
    }
}
