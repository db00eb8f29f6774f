/// China's working calendar: weekends, statutory holidays and make-up working days (补班/调休), with
/// the period arithmetic of the 民法典 (第二百零一–二百零三条).
///
/// - A period of N days starts counting the day after the start date (the start day is not counted).
/// - If the last day of a calendar-day period is a rest day (weekend or holiday), the period ends on
///   the next working day.
/// - A period of N working days ends on the Nth working day after the start date.
///
/// ```swift
/// let cal = WorkCalendar(years: [year2026])
/// cal.due(after: LocalDate("2026-09-16")!, period: Period(days: 15, unit: .calendar))  // 2026-10-08
/// cal.due(after: LocalDate("2026-02-12")!, period: Period(days: 5, unit: .working))    // 2026-02-26
/// ```
public struct WorkCalendar: Sendable {
    /// What kind of day a date is.
    public enum DayKind: Sendable, Hashable {
        case workday
        case weekend
        case holiday(String)
        case makeupWorkday(String)

        public var isWorking: Bool {
            switch self {
            case .workday, .makeupWorkday: return true
            case .weekend, .holiday: return false
            }
        }
    }

    public private(set) var years: [Int: CalendarYear] = [:]
    private var holidays: [LocalDate: String] = [:]
    private var makeup: [LocalDate: String] = [:]

    public init(years: [CalendarYear] = []) {
        for y in years { add(y) }
    }

    /// Adds or replaces one year's schedule.
    public mutating func add(_ year: CalendarYear) {
        if let old = years[year.year] {
            for h in old.holidays { for d in Self.days(h.from, h.to) { holidays[d] = nil } }
            for w in old.workdays { makeup[w.date] = nil }
        }
        years[year.year] = year
        for h in year.holidays { for d in Self.days(h.from, h.to) { holidays[d] = h.name } }
        for w in year.workdays { makeup[w.date] = w.name }
    }

    /// Whether the official schedule of `year` is loaded; without it only weekends are rest days.
    public func covers(year: Int) -> Bool { years[year] != nil }

    public func kind(of date: LocalDate) -> DayKind {
        if let name = makeup[date] { return .makeupWorkday(name) }
        if let name = holidays[date] { return .holiday(name) }
        return date.isWeekend ? .weekend : .workday
    }

    public func isWorkingDay(_ date: LocalDate) -> Bool { kind(of: date).isWorking }

    /// The last day of `period` counted from `start` (start day not counted).
    public func due(after start: LocalDate, period: Period) -> LocalDate {
        switch period.unit {
        case .calendar: return endOfCalendarPeriod(after: start, days: period.days)
        case .working: return addingWorkingDays(period.days, to: start)
        }
    }

    /// N calendar days after `start`; a last day that is a rest day moves to the next working day.
    public func endOfCalendarPeriod(after start: LocalDate, days: Int) -> LocalDate {
        var end = start.adding(days: days)
        while !isWorkingDay(end) { end = end.adding(days: 1) }
        return end
    }

    /// The Nth working day after `start` (`start` itself is not counted). Zero days gives `start`.
    public func addingWorkingDays(_ n: Int, to start: LocalDate) -> LocalDate {
        var date = start
        var left = n
        while left > 0 {
            date = date.adding(days: 1)
            if isWorkingDay(date) { left -= 1 }
        }
        return date
    }

    /// The Nth working day before `date` (0: `date` itself): where a "N working days left" warning starts.
    public func workingDaysBefore(_ n: Int, _ date: LocalDate) -> LocalDate {
        var d = date
        var left = n
        while left > 0 {
            d = d.adding(days: -1)
            if isWorkingDay(d) { left -= 1 }
        }
        return d
    }

    /// Working days in the interval (`after`, `through`]: after the first date, up to and including the
    /// second. Zero when `through <= after`.
    public func workingDays(after: LocalDate, through: LocalDate) -> Int {
        guard through > after else { return 0 }
        var count = 0
        var d = after.adding(days: 1)
        while d <= through {
            if isWorkingDay(d) { count += 1 }
            d = d.adding(days: 1)
        }
        return count
    }

    /// Years between `from` and `to` whose official schedule is missing (dates there assume weekends only).
    public func missingYears(from: LocalDate, to: LocalDate) -> [Int] {
        let lo = min(from, to).year, hi = max(from, to).year
        return (lo...hi).filter { !covers(year: $0) }
    }

    private static func days(_ from: LocalDate, _ to: LocalDate) -> [LocalDate] {
        guard from <= to else { return [] }
        return (from.dayNumber...to.dayNumber).map(LocalDate.init(dayNumber:))
    }
}
