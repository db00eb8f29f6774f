/// The escalation ladder of overdue cases, as data (part of a rule set, editable by an admin).
///
/// The clock watcher climbs one rung at a time and never skips one:
/// - the first rung fires once a case is `afterDays` calendar days past its deadline;
/// - the next rung fires on the same deadline once the case is `afterDays` past it **and** the previous
///   rung's written-feedback deadline has passed (the unit had its chance to answer);
/// - a case that runs over **another** deadline after having been supervised (重复超期: after a redo, in
///   复查 …) climbs to the next rung at once.
public struct EscalationLadder: Codable, Sendable, Hashable {
    public struct Step: Codable, Sendable, Hashable {
        public var level: SupervisionLevel
        /// Calendar days past the deadline before this rung may fire (1 = the day after the deadline).
        public var afterDays: Int
        /// Working days the unit has to answer in writing (0: no feedback asked).
        public var feedbackDays: Int
        /// Also record a 责任追究 entry for the unit (约谈, 通报).
        public var accountability: AccountabilityMeasure?

        public init(level: SupervisionLevel, afterDays: Int, feedbackDays: Int, accountability: AccountabilityMeasure? = nil) {
            self.level = level; self.afterDays = afterDays; self.feedbackDays = feedbackDays; self.accountability = accountability
        }

        private enum CodingKeys: String, CodingKey {
            case level, accountability
            case afterDays = "after_days", feedbackDays = "feedback_days"
        }
    }

    public var steps: [Step]

    public init(steps: [Step]) { self.steps = steps }

    /// 督办 the day after the deadline (3 working days to answer), 挂牌督办 after 10 days, 约谈 after
    /// 20, 通报 after 30.
    public static let standard = EscalationLadder(steps: [
        Step(level: .supervise, afterDays: 1, feedbackDays: 3),
        Step(level: .listed, afterDays: 10, feedbackDays: 5),
        Step(level: .interview, afterDays: 20, feedbackDays: 5, accountability: .interview),
        Step(level: .bulletin, afterDays: 30, feedbackDays: 0, accountability: .bulletin),
    ])

    public func validate() throws {
        guard !steps.isEmpty, steps.count <= SupervisionLevel.allCases.count else {
            throw HuiyinError.invalid("ladder_invalid", "督办升级阶梯须有 1 至 4 级", field: "escalation")
        }
        for (i, s) in steps.enumerated() {
            guard s.level.rawValue == i + 1 else {
                throw HuiyinError.invalid("ladder_invalid", "督办升级阶梯须依次为：督办、挂牌督办、约谈、通报", field: "escalation")
            }
            guard (1...3650).contains(s.afterDays), (0...60).contains(s.feedbackDays) else {
                throw HuiyinError.invalid("ladder_invalid", "“\(s.level.label)”的触发天数须在 1–3650 之间，反馈期限须在 0–60 个工作日之间", field: "escalation")
            }
            if i > 0, s.afterDays < steps[i - 1].afterDays {
                throw HuiyinError.invalid("ladder_invalid", "“\(s.level.label)”的触发天数不能少于上一级", field: "escalation")
            }
        }
    }
}

/// The clock watcher's decision for one case: the next 督办 due now, if any. Pure.
public enum Escalation {
    public struct Decision: Sendable, Hashable {
        public var supervision: Supervision
        public var accountability: AccountabilityMeasure?
        public var reason: String
    }

    /// The unit a 督办 on `c` goes to: whoever must act in the current stage, else the registering unit
    /// (the case waits for acceptance in the petition office).
    public static func responsibleUnit(_ c: Case) -> String? {
        c.handlingUnitCode ?? c.leadUnitCode ?? c.ownerUnitCode
    }

    public static func next(for c: Case, rules: RuleSet, calendar: WorkCalendar, today: LocalDate) -> Decision? {
        let clock = CaseClock.evaluate(c, rules: rules, calendar: calendar, today: today)
        guard clock.status == .overdue, clock.runsForOffice, let due = clock.due, let unit = responsibleUnit(c) else { return nil }
        let ladder = rules.ladder
        let ov = c.ov
        let level = ov.level
        guard level < ladder.steps.count else { return nil }
        let step = ladder.steps[level]
        let overdueDays = today.days(since: due)
        // The last order about a missed deadline (a manual order before the deadline does not count as
        // a missed one), and the last order of all (whose feedback time must run out first).
        let lastMissed = ov.supervisions.last { $0.missedDue != nil }
        let reason: String
        if let lastMissed, lastMissed.missedDue == due {
            guard overdueDays >= step.afterDays else { return nil }
            if let fb = ov.supervisions.last?.feedbackDue, today <= fb { return nil }
            reason = "超过\(clock.stage.map { $0.label } ?? "")期限（\(due)）已\(overdueDays)日，升级为\(step.level.label)"
        } else if lastMissed != nil {
            reason = "再次超过\(clock.stage.map { $0.label } ?? "")期限（\(due)），升级为\(step.level.label)"
        } else {
            guard overdueDays >= step.afterDays else { return nil }
            reason = level == 0 ? "超过\(clock.stage.map { $0.label } ?? "")期限（\(due)）\(overdueDays)日未办结，自动督办"
                : "督办后仍超过\(clock.stage.map { $0.label } ?? "")期限（\(due)）\(overdueDays)日，升级为\(step.level.label)"
        }
        let feedbackDue = step.feedbackDays > 0 ? calendar.due(after: today, period: .working(step.feedbackDays)) : nil
        let s = Supervision(level: step.level, issuedOn: today, unitCode: unit, missedDue: due, stage: clock.stage,
                            feedbackDue: feedbackDue, automatic: true, note: reason)
        return Decision(supervision: s, accountability: step.accountability, reason: reason)
    }

    /// The first day the watcher could escalate `c` further on its current deadline, or nil when the
    /// ladder is exhausted (kept in a column so the watcher's scan skips cases with nothing to do).
    public static func nextCheck(for c: Case, rules: RuleSet) -> LocalDate? {
        let ov = c.ov
        let steps = rules.ladder.steps
        guard let due = ov.supervisions.last(where: { $0.missedDue != nil })?.missedDue, ov.level < steps.count else { return nil }
        let byDays = due.adding(days: steps[ov.level].afterDays)
        guard let fb = ov.supervisions.last?.feedbackDue else { return byDays }
        return max(byDays, fb.adding(days: 1))
    }
}

extension RuleSet {
    /// The escalation ladder of this rule set (the standard one unless an admin set another).
    public var ladder: EscalationLadder { escalation ?? .standard }
}
