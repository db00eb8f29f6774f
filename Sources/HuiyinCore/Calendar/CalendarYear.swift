/// One year of the official holiday schedule (国务院办公厅关于节假日安排的通知), as data.
///
/// Each November the State Council publishes next year's schedule; an administrator adds it as a
/// `CalendarYear` (JSON) without a code change.
///
/// ```json
/// {"year": 2026, "source": "国办发明电〔2025〕7号",
///  "holidays": [{"name": "春节", "from": "2026-02-15", "to": "2026-02-23"}],
///  "workdays": [{"name": "春节补班", "date": "2026-02-14"}]}
/// ```
public struct CalendarYear: Codable, Sendable, Hashable {
    /// A run of days off (法定节假日及调休).
    public struct Holiday: Codable, Sendable, Hashable {
        public var name: String
        public var from: LocalDate
        public var to: LocalDate
        public init(name: String, from: LocalDate, to: LocalDate) {
            self.name = name; self.from = from; self.to = to
        }
    }

    /// A weekend day that is a working day (补班).
    public struct Workday: Codable, Sendable, Hashable {
        public var name: String
        public var date: LocalDate
        public init(name: String, date: LocalDate) { self.name = name; self.date = date }
    }

    public var year: Int
    public var source: String?
    public var holidays: [Holiday]
    public var workdays: [Workday]

    public init(year: Int, source: String? = nil, holidays: [Holiday], workdays: [Workday]) {
        self.year = year; self.source = source; self.holidays = holidays; self.workdays = workdays
    }

    /// Checks the schedule is coherent: every date inside its year, ranges in order, make-up days on a
    /// weekend and not inside a holiday.
    public func validate() throws {
        guard (1949...2200).contains(year) else {
            throw HuiyinError.invalid("calendar_invalid", "日历年份 \(year) 不合理")
        }
        for h in holidays {
            guard !h.name.isEmpty else { throw HuiyinError.invalid("calendar_invalid", "节假日名称不能为空") }
            guard h.from <= h.to else {
                throw HuiyinError.invalid("calendar_invalid", "节假日“\(h.name)”的起止日期颠倒（\(h.from) 至 \(h.to)）")
            }
            guard h.from.year == year || h.to.year == year else {
                throw HuiyinError.invalid("calendar_invalid", "节假日“\(h.name)”（\(h.from)）不在 \(year) 年内")
            }
            guard h.to.days(since: h.from) < 31 else {
                throw HuiyinError.invalid("calendar_invalid", "节假日“\(h.name)”超过 31 天，请检查日期")
            }
        }
        for w in workdays {
            guard w.date.year == year else {
                throw HuiyinError.invalid("calendar_invalid", "补班日 \(w.date) 不在 \(year) 年内")
            }
            guard w.date.isWeekend else {
                throw HuiyinError.invalid("calendar_invalid", "补班日 \(w.date) 不是周末，无需设为补班")
            }
            if holidays.contains(where: { $0.from <= w.date && w.date <= $0.to }) {
                throw HuiyinError.invalid("calendar_invalid", "补班日 \(w.date) 与节假日重叠")
            }
        }
    }
}
