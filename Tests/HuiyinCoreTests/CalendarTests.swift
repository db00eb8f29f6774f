import Testing
@testable import HuiyinCore

@Suite("China calendar and 民法典 period arithmetic")
struct CalendarTests {
    let cal = Fixture.calendar
    func d(_ s: String) -> LocalDate { LocalDate(s)! }

    @Test("LocalDate parses, formats, validates and knows weekdays")
    func localDate() {
        #expect(d("2026-02-14").weekday == 6)
        #expect(d("2026-09-20").weekday == 7)
        #expect(d("2026-01-01").weekday == 4)
        #expect(LocalDate("2026-02-29") == nil)
        #expect(LocalDate("2024-02-29") != nil)
        #expect(LocalDate("2026-2-1") == nil)
        #expect(d("2026-12-31").adding(days: 1).description == "2027-01-01")
        #expect(d("2026-03-01").days(since: d("2026-02-01")) == 28)
        #expect(LocalDate(dayNumber: d("1969-12-31").dayNumber).description == "1969-12-31")
    }

    @Test("Spring Festival 2026: 2/15–2/23 off, make-up Saturdays 2/14 and 2/28 are working days")
    func springFestival2026() {
        #expect(cal.kind(of: d("2026-02-14")) == .makeupWorkday("春节补班"))
        #expect(cal.kind(of: d("2026-02-28")) == .makeupWorkday("春节补班"))
        for day in 15...23 { #expect(!cal.isWorkingDay(d(String(format: "2026-02-%02d", day)))) }
        #expect(cal.kind(of: d("2026-02-17")) == .holiday("春节"))
        #expect(cal.isWorkingDay(d("2026-02-24")))
        #expect(cal.isWorkingDay(d("2026-02-13")))
        #expect(!cal.isWorkingDay(d("2026-03-01")))
    }

    @Test("National Day 2026: 10/1–10/7 off, make-up days 9/20 (Sun) and 10/10 (Sat)")
    func nationalDay2026() {
        #expect(cal.isWorkingDay(d("2026-09-20")))
        #expect(cal.isWorkingDay(d("2026-10-10")))
        for day in 1...7 { #expect(!cal.isWorkingDay(d(String(format: "2026-10-%02d", day)))) }
        #expect(cal.isWorkingDay(d("2026-10-08")))
        #expect(!cal.isWorkingDay(d("2026-09-26")))
        #expect(!cal.isWorkingDay(d("2026-10-11")))
    }

    @Test("2025 schedule: make-up Sundays 1/26, 4/27, 9/28 and Saturdays 2/8, 10/11")
    func schedule2025() {
        for day in ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"] { #expect(cal.isWorkingDay(d(day))) }
        for day in ["2025-01-01", "2025-01-28", "2025-02-04", "2025-05-05", "2025-06-02", "2025-10-08"] { #expect(!cal.isWorkingDay(d(day))) }
    }

    @Test("calendar-day period: start day not counted, ends on a working day as it is")
    func plainPeriod() {
        #expect(cal.due(after: d("2026-03-02"), period: .calendar(15)) == d("2026-03-17"))
        #expect(cal.due(after: d("2026-03-02"), period: .calendar(60)) == d("2026-05-06"))  // 5/1–5/5 holiday → 5/6
    }

    @Test("a period whose last day is a weekend moves to Monday")
    func endsOnWeekend() {
        #expect(cal.due(after: d("2026-03-06"), period: .calendar(15)) == d("2026-03-23"))
    }

    @Test("a period whose last day falls in National Day ends on 10/8")
    func endsInNationalDay() {
        #expect(cal.due(after: d("2026-09-16"), period: .calendar(15)) == d("2026-10-08"))
        #expect(cal.due(after: d("2026-09-21"), period: .calendar(15)) == d("2026-10-08"))
    }

    @Test("a period whose last day falls in the Spring Festival ends on 2/24")
    func endsInSpringFestival() {
        #expect(cal.due(after: d("2026-02-01"), period: .calendar(15)) == d("2026-02-24"))
        #expect(cal.due(after: d("2026-01-08"), period: .calendar(45)) == d("2026-02-24"))
    }

    @Test("a period ending on a make-up Saturday ends that Saturday")
    func endsOnMakeupDay() {
        #expect(cal.due(after: d("2026-01-30"), period: .calendar(15)) == d("2026-02-14"))
        #expect(cal.due(after: d("2026-09-05"), period: .calendar(15)) == d("2026-09-20"))
    }

    @Test("5 working days from 2026-02-12 end on 2026-02-26 across the Spring Festival and the 2/14 make-up day")
    func workingDaysAcrossSpringFestival() {
        #expect(cal.addingWorkingDays(5, to: d("2026-02-12")) == d("2026-02-26"))
        #expect(cal.due(after: d("2026-02-12"), period: .working(1)) == d("2026-02-13"))
        #expect(cal.due(after: d("2026-02-12"), period: .working(2)) == d("2026-02-14"))
        #expect(cal.due(after: d("2026-02-12"), period: .working(3)) == d("2026-02-24"))
    }

    @Test("working days count make-up weekends and skip holidays")
    func workingDayCounts() {
        #expect(cal.workingDays(after: d("2026-02-13"), through: d("2026-02-28")) == 6)
        #expect(cal.workingDays(after: d("2026-09-18"), through: d("2026-09-24")) == 5)
        #expect(cal.addingWorkingDays(3, to: d("2026-09-30")) == d("2026-10-10"))
        #expect(cal.workingDays(after: d("2026-09-30"), through: d("2026-10-11")) == 3)
        #expect(cal.workingDays(after: d("2026-03-02"), through: d("2026-03-02")) == 0)
        #expect(cal.workingDays(after: d("2026-03-09"), through: d("2026-03-02")) == 0)
    }

    @Test("a year without an official schedule counts weekends only and is flagged")
    func missingYear() {
        #expect(cal.missingYears(from: d("2026-12-20"), to: d("2027-01-05")) == [2027])
        #expect(cal.due(after: d("2026-12-20"), period: .calendar(13)) == d("2027-01-04"))
        let (_, lines) = cal.explainDue(after: d("2026-12-20"), period: .calendar(15))
        #expect(lines.last?.contains("2027") == true)
    }

    @Test("an administrator's new year replaces the weekends-only assumption")
    func addedYear() throws {
        var c = cal
        let y2027 = CalendarYear(year: 2027, holidays: [.init(name: "元旦", from: d("2027-01-01"), to: d("2027-01-03"))],
                                 workdays: [])
        try y2027.validate()
        c.add(y2027)
        #expect(c.covers(year: 2027))
        #expect(!c.isWorkingDay(d("2027-01-01")))
        #expect(c.due(after: d("2026-12-17"), period: .calendar(15)) == d("2027-01-04"))
    }

    @Test("an incoherent schedule is refused with a Chinese reason")
    func invalidSchedules() {
        let weekdayMakeup = CalendarYear(year: 2027, holidays: [], workdays: [.init(name: "补班", date: d("2027-03-03"))])
        #expect(throws: HuiyinError.self) { try weekdayMakeup.validate() }
        let reversed = CalendarYear(year: 2027, holidays: [.init(name: "春节", from: d("2027-02-10"), to: d("2027-02-05"))], workdays: [])
        #expect(throws: HuiyinError.self) { try reversed.validate() }
        let wrongYear = CalendarYear(year: 2027, holidays: [.init(name: "元旦", from: d("2026-01-01"), to: d("2026-01-01"))], workdays: [])
        #expect(throws: HuiyinError.self) { try wrongYear.validate() }
    }

    @Test("due-date explanation names the holiday and the roll-forward")
    func explanation() {
        let (due, lines) = cal.explainDue(after: d("2026-09-16"), period: .calendar(15))
        #expect(due == d("2026-10-08"))
        #expect(lines[0].contains("2026-09-16"))
        #expect(lines[1].contains("国庆节") && lines[1].contains("顺延"))
        let (wdue, wlines) = cal.explainDue(after: d("2026-02-12"), period: .working(5))
        #expect(wdue == d("2026-02-26"))
        #expect(wlines.joined().contains("2026-02-14"))
    }
}
