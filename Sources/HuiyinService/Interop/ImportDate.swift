import Foundation
import HuiyinCore

/// Dates as spreadsheets and old systems write them, read as China time: `2019/4/25 9:32:09`,
/// `2019-04-25 09:32`, `2019-04-25`, `2019年4月25日`, or ISO 8601 with a zone.
enum ImportDate {
    static func parse(_ text: String) -> Date? {
        let t = text.trimmed
        if t.isEmpty { return nil }
        if t.contains("T"), let d = ChinaTime.parse(t) { return d }
        let numbers = t.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        guard numbers.count >= 3, numbers.count <= 6, (1900...2999).contains(numbers[0]) else { return nil }
        guard let day = LocalDate(year: numbers[0], month: numbers[1], day: numbers[2]) else { return nil }
        let time = Array(numbers.dropFirst(3)) + Array(repeating: 0, count: 6 - numbers.count)
        guard time[0] < 24, time[1] < 60, time[2] < 60 else { return nil }
        return ChinaTime.startOfDay(day).addingTimeInterval(TimeInterval(time[0] * 3600 + time[1] * 60 + time[2]))
    }
}
