/// 民情日记 compliance: on how many days of each week a grid worker visited households, against the rule
/// (e.g. 康庄: at least three days a week).
public struct VisitCompliance: Sendable, Hashable {
    /// A Monday-to-Sunday week.
    public struct Week: Sendable, Hashable, Comparable {
        public var monday: LocalDate
        public var sunday: LocalDate { monday.adding(days: 6) }
        public init(containing day: LocalDate) { monday = day.adding(days: 1 - day.weekday) }
        public static func < (a: Week, b: Week) -> Bool { a.monday < b.monday }
    }

    public struct Row: Sendable, Hashable {
        public var workerID: Int64
        /// Visit days per week, oldest week first, aligned with ``VisitCompliance/weeks``.
        public var days: [Int]
        public var compliantWeeks: Int
    }

    public var weeks: [Week]
    public var minimumDays: Int
    public var rows: [Row]

    /// The last `count` weeks up to the one containing `today`, for `workers`, from their visit days.
    /// The current week counts only once it is over or already meets the rule.
    public init(workers: [Int64], visits: [(workerID: Int64, day: LocalDate)], today: LocalDate, weeks count: Int, minimumDays: Int) {
        let current = Week(containing: today)
        let weeks = (0..<max(count, 1)).reversed().map { Week(containing: current.monday.adding(days: -7 * $0)) }
        self.weeks = weeks
        self.minimumDays = minimumDays
        var byWorker: [Int64: [Week: Set<LocalDate>]] = [:]
        for v in visits { byWorker[v.workerID, default: [:]][Week(containing: v.day), default: []].insert(v.day) }
        rows = workers.map { w in
            let days = weeks.map { byWorker[w]?[$0]?.count ?? 0 }
            return Row(workerID: w, days: days, compliantWeeks: days.filter { $0 >= minimumDays }.count)
        }
    }

    /// The week is complete (before today's week) or already meets the rule.
    public func judged(_ week: Int, days: Int) -> Bool { weeks[week] != weeks.last || days >= minimumDays }
}
