/// 正常 / 临期 / 超期 and the states around them.
public enum ClockStatus: String, Codable, Sendable {
    /// Office stage, more than `dueSoonDays` left.
    case normal
    /// 临期: office stage, `dueSoonDays` or fewer left.
    case dueSoon = "due_soon"
    /// 超期: office stage, past the due date.
    case overdue
    /// 暂停计时: a hearing or other pause stops the clock.
    case paused
    /// The petitioner's window (复查/复核申请期) is open.
    case waiting
    /// The petitioner's window has ended; the case can be closed.
    case windowClosed = "window_closed"
    /// No clock: the case is finished.
    case none

    public var label: String {
        switch self {
        case .normal: return "正常"
        case .dueSoon: return "临期"
        case .overdue: return "超期"
        case .paused: return "暂停计时"
        case .waiting: return "等待信访人"
        case .windowClosed: return "申请期已届满"
        case .none: return "—"
        }
    }
}

/// The legal clock of a case on a given day: current stage, due date, time left, status, and the
/// secondary deadlines (written notice, return window).
public struct Clock: Sendable, Hashable {
    public var stage: StageKind?
    public var startedOn: LocalDate?
    /// Last day of the current stage (ends at 24:00). While paused: the due date if resumed today.
    public var due: LocalDate?
    /// From this day on the case is 临期.
    public var warnOn: LocalDate?
    public var status: ClockStatus
    /// Calendar days after today until `due` (0 = due today, negative = overdue).
    public var daysLeft: Int?
    /// Working days after today up to and including `due`.
    public var workingDaysLeft: Int?
    public var waitingOn: WaitingOn?
    public var period: Period?
    /// 书面告知 deadline, while the petitioner has not been notified.
    public var notifyDue: LocalDate?
    /// Last day the lead unit may return the case.
    public var returnUntil: LocalDate?
    /// Years the computation crossed without an official holiday schedule (weekends only assumed).
    public var missingCalendarYears: [Int]

    /// Whether the stored `due` should count in overdue / due-soon queries.
    public var runsForOffice: Bool { waitingOn == .office && status != .paused && due != nil }
}

/// Computes ``Clock`` values. Pure: the same case, rules, calendar and day always give the same clock.
public enum CaseClock {
    /// The period of a stage under a rule set.
    public static func period(of stage: StageKind, _ rules: RuleSet) -> Period {
        switch stage {
        case .dispose: return rules.dispose
        case .handle: return rules.handle
        case .redo: return rules.redo
        case .reviewWindow: return rules.reviewRequestWindow
        case .review: return rules.review
        case .recheckWindow: return rules.recheckRequestWindow
        case .recheck: return rules.recheck
        }
    }

    /// Days the clock of `stage` stood still, in the stage's unit: from the day the pause began up to the
    /// day before it ended (a running pause counts up to yesterday).
    public static func pausedDays(_ c: Case, stage: Stage, unit: DayUnit, calendar: WorkCalendar, today: LocalDate) -> Int {
        c.pauses.filter { $0.stage == stage.kind && $0.startedOn >= stage.startedOn }.reduce(0) { sum, p in
            let end = p.endedOn ?? today
            switch unit {
            case .calendar: return sum + max(0, end.days(since: p.startedOn))
            case .working: return sum + calendar.workingDays(after: p.startedOn.adding(days: -1), through: end.adding(days: -1))
            }
        }
    }

    /// The last day of the current stage: the stage's period plus the time paused, counted from the
    /// stage's start; an extension (延期) then runs on from the end of that period.
    public static func due(_ c: Case, rules: RuleSet, calendar: WorkCalendar, today: LocalDate) -> LocalDate? {
        guard let stage = c.stage else { return nil }
        let base = period(of: stage.kind, rules)
        let paused = pausedDays(c, stage: stage, unit: base.unit, calendar: calendar, today: today)
        let end = calendar.due(after: stage.startedOn, period: base.adding(paused))
        guard stage.kind == .handle, c.extensionDays > 0 else { return end }
        return calendar.due(after: end, period: Period(days: c.extensionDays, unit: base.unit))
    }

    public static func evaluate(_ c: Case, rules: RuleSet, calendar: WorkCalendar, today: LocalDate) -> Clock {
        var clock = Clock(status: .none, missingCalendarYears: [])
        if !c.state.isTerminal, c.milestones.notifiedOn == nil {
            clock.notifyDue = calendar.due(after: c.receivedOn, period: rules.notify)
        }
        if [.assigned, .inProgress].contains(c.state), c.stage?.kind == .handle, let assigned = c.milestones.assignedOn {
            clock.returnUntil = calendar.due(after: assigned, period: rules.returnWindow)
        }
        guard let stage = c.stage, let due = due(c, rules: rules, calendar: calendar, today: today) else { return clock }
        clock.stage = stage.kind
        clock.startedOn = stage.startedOn
        clock.due = due
        clock.period = period(of: stage.kind, rules)
        clock.waitingOn = stage.kind.waitingOn
        clock.daysLeft = due.days(since: today)
        clock.workingDaysLeft = due > today ? calendar.workingDays(after: today, through: due) : 0
        clock.missingCalendarYears = calendar.missingYears(from: stage.startedOn, to: due)
        let warn = clock.period?.unit == .working
            ? calendar.workingDaysBefore(rules.dueSoonDays, due) : due.adding(days: -rules.dueSoonDays)
        clock.warnOn = warn
        if c.openPause != nil {
            clock.status = .paused
        } else if stage.kind.waitingOn == .petitioner {
            clock.status = today > due ? .windowClosed : .waiting
        } else if today > due {
            clock.status = .overdue
        } else if today >= warn {
            clock.status = .dueSoon
        } else {
            clock.status = .normal
        }
        return clock
    }
}
