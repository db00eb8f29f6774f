extension WorkCalendar {
    /// The due date of `period` from `start`, with the reasoning in Chinese, one step per line:
    /// where counting starts, the nominal last day, and any roll-forward over rest days.
    ///
    /// ```
    /// 2026-10-08
    /// 起算日 2026-09-16 不计入，自次日起计算15日
    /// 第15日为 2026-10-01（国庆节），期间最后一日为节假日，顺延至其后第一个工作日 2026-10-08
    /// ```
    public func explainDue(after start: LocalDate, period: Period) -> (due: LocalDate, lines: [String]) {
        let due = self.due(after: start, period: period)
        var lines = ["起算日 \(start) 不计入，自次日起计算\(period)"]
        switch period.unit {
        case .calendar:
            let nominal = start.adding(days: period.days)
            if nominal == due {
                lines.append("第\(period.days)日为 \(nominal)（\(describe(nominal))），即为期限届满日")
            } else {
                lines.append("第\(period.days)日为 \(nominal)（\(describe(nominal))），期间最后一日为休息日，顺延至其后第一个工作日 \(due)")
            }
        case .working:
            let skipped = due.days(since: start) - period.days
            lines.append("第\(period.days)个工作日为 \(due)，其间跳过休息日\(skipped)天")
            let makeups = (1...max(1, due.days(since: start))).map { start.adding(days: $0) }.filter {
                if case .makeupWorkday = kind(of: $0) { return $0 <= due } else { return false }
            }
            if !makeups.isEmpty { lines.append("其中补班日计为工作日：" + makeups.map(\.description).joined(separator: "、")) }
        }
        let missing = missingYears(from: start, to: due)
        if !missing.isEmpty {
            lines.append("注意：尚未录入 \(missing.map(String.init).joined(separator: "、")) 年的节假日安排，仅按周末计算")
        }
        return (due, lines)
    }

    /// 工作日, 周六, 春节, 春节补班 …
    public func describe(_ date: LocalDate) -> String {
        let names = ["", "周一", "周二", "周三", "周四", "周五", "周六", "周日"]
        switch kind(of: date) {
        case .workday: return "\(names[date.weekday])，工作日"
        case .weekend: return "\(names[date.weekday])，休息日"
        case .holiday(let n): return "\(n)，节假日"
        case .makeupWorkday(let n): return "\(names[date.weekday])，\(n)"
        }
    }
}
