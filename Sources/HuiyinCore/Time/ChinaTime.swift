import Foundation

/// China Standard Time (UTC+8, no daylight saving): the zone every legal date in Huiyin is read in.
///
/// The core never reads the system clock; callers pass `now`. This type only converts instants to
/// local dates and formats timestamps as `2026-02-05T09:30:00+08:00`.
public enum ChinaTime {
    public static let offsetSeconds = 8 * 3600

    /// The date in China at the instant `date`.
    public static func localDate(_ date: Date) -> LocalDate {
        let seconds = Int(floor(date.timeIntervalSince1970)) + offsetSeconds
        return LocalDate(dayNumber: Int(floor(Double(seconds) / 86_400)))
    }

    /// The instant a local date begins (00:00 China time).
    public static func startOfDay(_ day: LocalDate) -> Date {
        Date(timeIntervalSince1970: TimeInterval(day.dayNumber * 86_400 - offsetSeconds))
    }

    /// `2026-02-05T09:30:00+08:00`.
    public static func timestamp(_ date: Date) -> String {
        let total = Int(floor(date.timeIntervalSince1970)) + offsetSeconds
        let day = LocalDate(dayNumber: Int(floor(Double(total) / 86_400)))
        let secs = total - day.dayNumber * 86_400
        return day.description + "T" + zeroPadded(secs / 3600, 2) + ":" + zeroPadded(secs % 3600 / 60, 2) + ":"
            + zeroPadded(secs % 60, 2) + "+08:00"
    }

    /// Parses `YYYY-MM-DD` (start of that day in China) or an ISO 8601 timestamp with a zone
    /// (`2026-02-05T09:30:00+08:00`, `…Z`, with or without fractional seconds).
    public static func parse(_ text: String) -> Date? {
        if let day = LocalDate(text) { return startOfDay(day) }
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        if let d = plain.date(from: text) { return d }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }
}
