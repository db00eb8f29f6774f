import Testing
@testable import HuiyinCore

@Suite("The legal clock: due dates, 正常/临期/超期, pauses, extensions, windows, 12345 rules")
struct ClockTests {
    typealias F = Fixture

    func clock(_ c: Case, on day: String, rules: RuleSet = F.rules2022) -> Clock {
        CaseClock.evaluate(c, rules: rules, calendar: F.calendar, today: LocalDate(day)!)
    }

    @Test("disposal clock: 15 days from receipt; 正常, then 临期 three days before, then 超期")
    func statuses() throws {
        let c = try F.registered("2026-03-02", draft: F.draft(received: "2026-02-27"))
        #expect(clock(c, on: "2026-03-02").due?.description == "2026-03-16")
        #expect(clock(c, on: "2026-03-12").status == .normal)
        #expect(clock(c, on: "2026-03-13").status == .dueSoon)
        #expect(clock(c, on: "2026-03-16").status == .dueSoon)
        #expect(clock(c, on: "2026-03-16").daysLeft == 0)
        #expect(clock(c, on: "2026-03-17").status == .overdue)
        #expect(clock(c, on: "2026-03-17").daysLeft == -1)
        #expect(clock(c, on: "2026-03-12").workingDaysLeft == 2)
        #expect(clock(c, on: "2026-03-02").notifyDue?.description == "2026-03-16")
    }

    @Test("handling clock: 60 days from acceptance (not assignment) under the 条例")
    func handling() throws {
        var c = try F.registered("2026-03-02")
        c = try F.act(c, .init(action: "accept"), by: F.dispatcher, on: "2026-03-02")
        c = try F.act(c, .init(action: "assign", leadUnit: "dept"), by: F.dispatcher, on: "2026-03-10")
        let k = clock(c, on: "2026-03-10")
        #expect(k.stage == .handle && k.due?.description == "2026-05-06" && k.returnUntil?.description == "2026-03-17")
    }

    @Test("an extension runs on from the end of the original period, even when that end rolled over a holiday")
    func extensionFromRolledEnd() throws {
        var c = try F.registered("2026-08-02")
        c = try F.act(c, .init(action: "assign", leadUnit: "dept"), by: F.dispatcher, on: "2026-08-02")
        #expect(clock(c, on: "2026-08-03").due?.description == "2026-10-08")
        c = try F.act(c, .init(action: "extend", reason: "案情复杂", days: 30), by: F.leader, on: "2026-09-20")
        #expect(clock(c, on: "2026-09-20").due?.description == "2026-11-09")
    }

    @Test("a hearing pause stops the clock and moves the due date by the days paused")
    func pause() throws {
        var c = try F.registered("2026-03-02")
        c = try F.act(c, .init(action: "assign", leadUnit: "dept"), by: F.dispatcher, on: "2026-03-02")
        c = try F.act(c, .init(action: "pause", reason: "听证"), by: F.handler, on: "2026-04-01")
        let paused = clock(c, on: "2026-04-20")
        #expect(paused.status == .paused && !paused.runsForOffice)
        #expect(CaseIndex.make(c, clock: paused, directory: F.directory).dueOn == nil)
        c = try F.act(c, .init(action: "resume"), by: F.handler, on: "2026-04-11")
        #expect(clock(c, on: "2026-04-11").due?.description == "2026-05-11")  // 10 paused days: 70 days from 3/2
        #expect(throws: HuiyinError.self) { _ = try F.act(c, .init(action: "resume"), by: F.handler, on: "2026-04-12") }
    }

    @Test("12345 rules count working days from assignment; pauses and 临期 count working days too")
    func hotline() throws {
        let rules = F.rules12345
        var c = try F.registered("2026-03-06", rules: rules)
        c = try F.act(c, .init(action: "assign", leadUnit: "dept"), by: F.dispatcher, on: "2026-03-06", rules: rules)
        #expect(clock(c, on: "2026-03-06", rules: rules).due?.description == "2026-03-13")
        #expect(clock(c, on: "2026-03-11", rules: rules).status == .normal)
        #expect(clock(c, on: "2026-03-12", rules: rules).status == .dueSoon)
        // Paused Monday 3/9, resumed Saturday 3/14: five working days lost → due moves five working days.
        c = try F.act(c, .init(action: "pause", reason: "等待现场勘验"), by: F.handler, on: "2026-03-09", rules: rules)
        c = try F.act(c, .init(action: "resume"), by: F.handler, on: "2026-03-14", rules: rules)
        #expect(clock(c, on: "2026-03-14", rules: rules).due?.description == "2026-03-20")
        let weekend = try F.registered("2026-03-13", rules: rules)
        var w = try F.act(weekend, .init(action: "assign", leadUnit: "dept"), by: F.dispatcher, on: "2026-03-13", rules: rules)
        w = try F.act(w, .init(action: "pause", reason: "x"), by: F.handler, on: "2026-03-14", rules: rules)
        w = try F.act(w, .init(action: "resume"), by: F.handler, on: "2026-03-16", rules: rules)
        #expect(clock(w, on: "2026-03-16", rules: rules).due?.description == "2026-03-20", "a weekend pause loses no working day")
    }

    @Test("a 12345 case returned by the unit goes back on the dispatcher's clock")
    func hotlineReturn() throws {
        let rules = F.rules12345
        var c = try F.registered("2026-03-02", rules: rules)
        c = try F.act(c, .init(action: "assign", leadUnit: "dept"), by: F.dispatcher, on: "2026-03-02", rules: rules)
        c = try F.act(c, .init(action: "return", reason: "非本单位职责"), by: F.handler, on: "2026-03-03", rules: rules)
        let k = clock(c, on: "2026-03-03", rules: rules)
        #expect(k.stage == .dispose && k.due?.description == "2026-03-04")
        c = try F.act(c, .init(action: "assign", leadUnit: "dept2"), by: F.dispatcher, on: "2026-03-04", rules: rules)
        #expect(clock(c, on: "2026-03-04", rules: rules).due?.description == "2026-03-11")
    }

    @Test("after the reply the petitioner's 复查 window runs; it is not an office deadline")
    func windows() throws {
        let c = try TransitionMatrixTests.caseIn(.replied)
        let open = clock(c, on: "2026-04-10")
        #expect(open.stage == .reviewWindow && open.status == .waiting && !open.runsForOffice)
        #expect(open.due?.description == "2026-04-20")  // 3/20 + 30 = 4/19, a Sunday
        #expect(clock(c, on: "2026-04-21").status == .windowClosed)
        #expect(CaseIndex.make(c, clock: open, directory: F.directory).dueOn == nil)
        let done = try TransitionMatrixTests.caseIn(.closed)
        #expect(clock(done, on: "2026-04-01").status == ClockStatus.none && clock(done, on: "2026-04-01").due == nil)
    }

    @Test("the index keeps the scope path of the matter's territory, or of the registering unit before it is known")
    func index() throws {
        let c = try F.registered("2026-03-02")
        #expect(CaseIndex.make(c, clock: clock(c, on: "2026-03-02"), directory: F.directory).scopePath == "/c/c-a/c-a-t/c-a-t-v/")
        let letter = try F.registered("2026-03-02", draft: F.draft(territory: nil))
        #expect(CaseIndex.make(letter, clock: clock(letter, on: "2026-03-02"), directory: F.directory).scopePath == "/c/")
        #expect(prefixUpperBound("/c/c-a/") == "/c/c-a0" && prefixUpperBound("01") == "02")
    }
}
