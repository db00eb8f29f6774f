import Foundation
import HuiyinCore

/// 敏感期: festivals and major events, from a calendar the admin edits. During a period the hot-issue
/// index runs hotter and the burst bars are lower (`factor`), and every warning names the period.
public struct SensitivePeriod: Codable, Sendable, Hashable {
    public var name: String
    public var from: LocalDate
    public var to: LocalDate
    /// ≥ 1: how much more sensitive (1.5 = half again).
    public var factor: Double

    public init(name: String, from: LocalDate, to: LocalDate, factor: Double = 1.5) {
        self.name = name; self.from = from; self.to = to; self.factor = factor
    }

    public func covers(_ day: LocalDate) -> Bool { from <= day && day <= to }
}

public enum SensitivePeriods {
    public static let settingKey = "sensitive_periods"

    /// Checks a calendar an admin submitted: names, dates in order, factors 1–5, at most 100 periods.
    public static func validate(_ periods: [SensitivePeriod]) throws -> [SensitivePeriod] {
        guard periods.count <= 100 else { throw HuiyinError.invalid("too_many_periods", "敏感期不得超过100个", field: "periods") }
        return try periods.enumerated().map { i, p in
            let name = p.name.trimmed
            guard !name.isEmpty, name.count <= 50 else {
                throw HuiyinError.invalid("invalid_period", "第\(i + 1)个敏感期：名称须为1至50字", field: "periods")
            }
            guard p.from <= p.to else {
                throw HuiyinError.invalid("invalid_period", "第\(i + 1)个敏感期“\(name)”：结束日期早于开始日期", field: "periods")
            }
            guard p.factor >= 1, p.factor <= 5 else {
                throw HuiyinError.invalid("invalid_period", "第\(i + 1)个敏感期“\(name)”：敏感系数须在1到5之间", field: "periods")
            }
            return SensitivePeriod(name: name, from: p.from, to: p.to, factor: p.factor)
        }
    }

    /// The most sensitive period covering `day`.
    public static func active(_ periods: [SensitivePeriod], on day: LocalDate) -> SensitivePeriod? {
        periods.filter { $0.covers(day) }.max { $0.factor < $1.factor }
    }
}
