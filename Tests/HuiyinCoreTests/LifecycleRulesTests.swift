import Foundation
import Testing
@testable import HuiyinCore

@Suite("Lifecycle rules: what each transition does and the limits it enforces")
struct LifecycleRulesTests {
    typealias F = Fixture

    func expectError(_ code: String, _ kind: HuiyinError.Kind, _ body: () throws -> Case) {
        do {
            _ = try body()
            Issue.record("expected \(code)")
        } catch let e as HuiyinError {
            #expect(e.code == code && e.kind == kind, "\(e)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("each step records who, when, what and why, with the state before and after")
    func events() throws {
        let c = try F.registered("2026-03-02")
        let (accepted, event) = try Lifecycle.apply(.accept(note: "符合受理条件"), to: c, by: F.dispatcher, in: F.context("2026-03-03"))
        #expect(event.seq == 2 && event.fromState == .registered && event.toState == .accepted)
        #expect(event.actor.name == "dispatcher" && event.actor.unitCode == "office" && event.note == "符合受理条件")
        #expect(event.at == F.at("2026-03-03"))
        #expect(accepted.milestones.acceptedOn?.description == "2026-03-03" && accepted.eventCount == 2)
    }

    @Test("assigning needs a category and a territory; a letter gets them first")
    func assignNeedsClassification() throws {
        var d = F.draft(territory: nil)
        d.category = nil
        let c = try F.registered("2026-03-02", draft: d)
        expectError("missing_field", .invalid) { try F.act(c, .init(action: "assign", leadUnit: "dept"), by: F.dispatcher, on: "2026-03-03") }
        let classified = try F.act(c, .init(action: "classify", category: "环境保护/水污染/其他", territory: "石桥村"), by: F.registrar, on: "2026-03-03")
        #expect(classified.territoryCode == "c-a-t-v" && classified.categoryCode == "020101")
        let assigned = try F.act(classified, .init(action: "assign", leadUnit: "dept2"), by: F.dispatcher, on: "2026-03-03")
        #expect(assigned.state == .assigned && assigned.milestones.acceptedOn != nil)
        let inOne = try F.act(F.registered("2026-03-02", draft: d),
                              .init(action: "assign", leadUnit: "dept", category: "城乡建设", territory: "c-a-t"), by: F.dispatcher, on: "2026-03-03")
        #expect(inOne.state == .assigned && inOne.categoryCode == "01")
    }

    @Test("units for assignment must exist, be in the dispatcher's scope, differ, and not be the accused")
    func assignmentUnits() throws {
        let c = try F.registered("2026-03-02")
        expectError("unknown_unit", .invalid) { try F.act(c, .init(action: "assign", leadUnit: "nope"), by: F.dispatcher, on: "2026-03-03") }
        expectError("duplicate_unit", .invalid) {
            try F.act(c, .init(action: "assign", leadUnit: "dept", assistingUnits: ["dept2", "dept"]), by: F.dispatcher, on: "2026-03-03")
        }
        expectError("unit_out_of_scope", .invalid) {
            try F.act(c, .init(action: "assign", leadUnit: "dept"), by: F.townDispatcher, on: "2026-03-03")
        }
        let ok = try F.act(c, .init(action: "assign", leadUnit: "t-gov"), by: F.townDispatcher, on: "2026-03-03")
        #expect(ok.leadUnitCode == "t-gov")
        var d = F.draft(kind: "检举控告")
        d.accusedUnit = "t-gov"
        let accusation = try F.registered("2026-03-02", draft: d)
        expectError("accused_unit_conflict", .invalid) {
            try F.act(accusation, .init(action: "assign", leadUnit: "jw", assistingUnits: ["t-office"]), by: F.dispatcher, on: "2026-03-03")
        }
    }

    @Test("classify keeps the matter in the actor's scope and the intake rules on kinds")
    func classifyRules() throws {
        let c = try F.registered("2026-03-02")
        expectError("territory_out_of_scope", .invalid) {
            try F.act(c, .init(action: "classify", territory: "c-b-t"), by: F.townDispatcher, on: "2026-03-03")
        }
        var anonymous = F.draft(kind: "检举控告")
        anonymous.petitioners = nil
        anonymous.anonymous = true
        let a = try F.registered("2026-03-02", draft: anonymous)
        expectError("anonymous_not_allowed", .invalid) { try F.act(a, .init(action: "classify", kind: "申诉求决"), by: F.registrar, on: "2026-03-03") }
        let named = try F.act(a, .init(action: "classify", accusedUnit: "t-gov"), by: F.registrar, on: "2026-03-03")
        #expect(named.accusedUnitCode == "t-gov")
        expectError("accused_unit_recorded", .invalid) { try F.act(named, .init(action: "classify", kind: "建议意见"), by: F.registrar, on: "2026-03-03") }
        expectError("accused_unit_not_allowed", .invalid) { try F.act(c, .init(action: "classify", accusedUnit: "t-gov"), by: F.registrar, on: "2026-03-03") }
    }

    @Test("extension: a leader, a reason, at most 30 days in total, before the deadline passes")
    func extensionLimits() throws {
        var c = try F.registered("2026-03-02")
        c = try F.act(c, .init(action: "assign", leadUnit: "dept"), by: F.dispatcher, on: "2026-03-02")
        expectError("role_not_allowed", .forbidden) { try F.act(c, .init(action: "extend", reason: "x", days: 5), by: F.handler, on: "2026-04-01") }
        expectError("missing_field", .invalid) { try F.act(c, .init(action: "extend", days: 5), by: F.leader, on: "2026-04-01") }
        expectError("extension_too_long", .invalid) { try F.act(c, .init(action: "extend", reason: "复杂", days: 31), by: F.leader, on: "2026-04-01") }
        let once = try F.act(c, .init(action: "extend", reason: "复杂", days: 20), by: F.leader, on: "2026-04-01")
        let twice = try F.act(once, .init(action: "extend", reason: "仍复杂", days: 10), by: F.leader, on: "2026-04-02")
        #expect(twice.extensionDays == 30)
        expectError("extension_exhausted", .conflict) { try F.act(twice, .init(action: "extend", reason: "再延", days: 1), by: F.leader, on: "2026-04-03") }
        expectError("deadline_passed", .conflict) { try F.act(c, .init(action: "extend", reason: "迟了", days: 5), by: F.leader, on: "2026-05-07") }
    }

    @Test("复查 within 30 days of the reply, by the unit above; 复核 by the unit above that; then final")
    func reviewChain() throws {
        let replied = try TransitionMatrixTests.caseIn(.replied)
        expectError("review_window_closed", .conflict) {
            try F.act(replied, .init(action: "request_review", reason: "不服"), by: .petitioner, on: "2026-04-21")
        }
        let review = try F.act(replied, .init(action: "request_review", reason: "不服"), by: .petitioner, on: "2026-04-20")
        #expect(review.state == .review && review.reviewUnitCode == "a-gov")
        #expect(CaseClock.evaluate(review, rules: F.rules2022, calendar: F.calendar, today: LocalDate("2026-04-20")!).due?.description == "2026-05-20")
        expectError("not_handling_unit", .forbidden) {
            try F.act(review, .init(action: "review_opinion", text: "维持", opinion: "uphold"), by: F.townHandler, on: "2026-04-25")
        }
        expectError("invalid_opinion", .invalid) {
            try F.act(review, .init(action: "review_opinion", text: "维持", opinion: "support"), by: F.districtGovHandler, on: "2026-04-25")
        }
        let final = try TransitionMatrixTests.caseIn(.final)
        #expect(final.recheckUnitCode == "gov" && final.recheckOpinion?.verdict == .uphold && final.stage == nil)
        #expect(final.milestones.closedOn != nil)
    }

    @Test("复查 needs a unit above; only 申诉求决 replies can be taken to 复查")
    func reviewApplicability() throws {
        var c = try F.registered("2026-03-02")
        c = try F.act(c, .init(action: "assign", leadUnit: "jw"), by: F.dispatcher, on: "2026-03-02")
        let jwHandler = F.user("jw-handler", .handler, "jw")
        c = try F.act(c, .init(action: "reply", text: "已核实", opinion: "explain"), by: jwHandler, on: "2026-03-10")
        expectError("no_superior_unit", .conflict) { try F.act(c, .init(action: "request_review", reason: "不服"), by: .petitioner, on: "2026-03-11") }
        var s = try F.registered("2026-03-02", draft: F.draft(kind: "建议意见"))
        s = try F.act(s, .init(action: "assign", leadUnit: "dept"), by: F.dispatcher, on: "2026-03-02")
        s = try F.act(s, .init(action: "reply", text: "感谢建议，已采纳", opinion: "support"), by: F.handler, on: "2026-03-10")
        expectError("review_not_applicable", .conflict) { try F.act(s, .init(action: "request_review", reason: "不服"), by: .petitioner, on: "2026-03-11") }
    }

    @Test("不满意 → redo puts the case back to the unit on a new clock, and it cannot be returned then")
    func redo() throws {
        let unsatisfied = try TransitionMatrixTests.caseIn(.unsatisfied)
        expectError("role_not_allowed", .forbidden) { try F.act(unsatisfied, .init(action: "redo", reason: "重办"), by: F.registrar, on: "2026-03-23") }
        let redo = try F.act(unsatisfied, .init(action: "redo", reason: "答复未解决实际问题"), by: F.supervisor, on: "2026-03-23")
        #expect(redo.state == .inProgress && redo.stage == Stage(.redo, from: LocalDate("2026-03-23")!) && redo.rating == nil)
        #expect(CaseClock.evaluate(redo, rules: F.rules2022, calendar: F.calendar, today: LocalDate("2026-03-23")!).due?.description == "2026-04-22")
        expectError("return_not_allowed", .conflict) { try F.act(redo, .init(action: "return", reason: "不属于我们"), by: F.townHandler, on: "2026-03-24") }
        let again = try F.act(redo, .init(action: "reply", text: "已重新处理", opinion: "support"), by: F.townHandler, on: "2026-04-01")
        #expect(try F.act(again, .init(action: "rate", rating: "基本满意"), by: F.registrar, on: "2026-04-03").state == .closed)
    }

    @Test("a replied case closes only after the 复查 window, unless the petitioner is satisfied")
    func closing() throws {
        let replied = try TransitionMatrixTests.caseIn(.replied)
        expectError("window_open", .conflict) { try F.act(replied, .init(action: "close"), by: F.dispatcher, on: "2026-04-20") }
        let closed = try F.act(replied, .init(action: "close", note: "期满未申请复查"), by: F.dispatcher, on: "2026-04-21")
        #expect(closed.state == .closed && closed.milestones.closedOn?.description == "2026-04-21")
        let rated = try F.act(replied, .init(action: "rate", rating: "满意"), by: F.registrar, on: "2026-03-25")
        #expect(rated.state == .closed && rated.rating?.byReturnVisit == true)
    }

    @Test("the petitioner may withdraw while the case is open; a refusal and a transfer record their reasons")
    func endings() throws {
        let progressing = try TransitionMatrixTests.caseIn(.inProgress)
        let w = try F.act(progressing, .init(action: "withdraw", reason: "已和解"), by: .petitioner, on: "2026-03-06")
        #expect(w.state == .withdrawn && w.outcome?.reason == "已和解" && w.stage == nil)
        let r = try TransitionMatrixTests.caseIn(.refused)
        #expect(r.outcome?.reason == "已进入诉讼程序")
        let t = try TransitionMatrixTests.caseIn(.transferred)
        #expect(t.outcome?.receivingBody == "市中级人民法院")
        expectError("invalid_state", .conflict) { try F.act(t, .init(action: "withdraw", reason: "x"), by: .petitioner, on: "2026-03-05") }
    }

    @Test("a citizen account acts as the petitioner on its own case only, and appears as 信访人")
    func citizenAccount() throws {
        var d = F.draft()
        d.channel = nil
        var c = try Intake.validate(d, by: F.citizen, in: F.intake(now: "2026-03-02"))
        c = Lifecycle.register(c, by: F.citizen, now: F.at("2026-03-02")).0
        #expect(c.channel == .online && c.ownerUnitCode == "office" && c.submittedBy == 900)
        let w = try Lifecycle.apply(.withdraw(reason: "不需要了"), to: c, by: F.citizen, in: F.context("2026-03-03"))
        #expect(w.1.actor.name == "信访人" && w.1.actor.role == "petitioner")
        let stranger = Actor.user(User(id: 901, username: "other", displayName: "李四", role: .citizen, unitCode: nil))
        expectError("role_not_allowed", .forbidden) { try F.act(c, .init(action: "withdraw", reason: "x"), by: stranger, on: "2026-03-03") }
    }
}
