import Foundation
import HuiyinCore
import HuiyinStore

/// Rates of a tally as fractions (nil when there is nothing to measure), for rankings and reports.
extension CaseTally {
    public static func fraction(_ part: Int, of whole: Int) -> Double? { whole == 0 ? nil : Double(part) / Double(whole) }
    /// 按期受理率.
    public var acceptShare: Double? { Self.fraction(acceptedOnTime, of: accepted) }
    /// 按期办结率.
    public var replyShare: Double? { Self.fraction(repliedOnTime, of: replied) }
    /// 满意率 (满意 + 基本满意 of those rated).
    public var satisfactionShare: Double? { Self.fraction(satisfied, of: rated) }
    /// 重复访率.
    public var repeatShare: Double? { Self.fraction(repeats, of: total) }
    /// 超期率: open cases past their deadline, of all cases.
    public var overdueShare: Double? { Self.fraction(overdue, of: total) }
    /// Average handling days (receipt → answer) of the answered cases.
    public var averageHandleDays: Double? { handled == 0 ? nil : Double(handleDays) / Double(handled) }
    /// 重复访率 as text.
    public var repeatRate: String { Self.percent(repeats, of: total) }
}

/// The figures of one period, territory and unit, with the previous period of the same length.
public struct PeriodStatistics: Sendable {
    public var from: LocalDate
    public var to: LocalDate
    public var previousFrom: LocalDate
    public var previousTo: LocalDate
    public var territory: String?
    public var unit: String?
    public var current: CaseTally
    public var previous: CaseTally
    /// Change of 信访总量 against the previous period (nil when the previous period had none).
    public var change: Double? { previous.total == 0 ? nil : Double(current.total - previous.total) / Double(previous.total) }
    public var rankings: [UnitRanking]
}

/// A unit's place in the ranking of a period.
public struct UnitRanking: Sendable, Hashable {
    public var rank: Int
    public var unitCode: String
    public var unitName: String
    public var tally: CaseTally
    /// 0–100, see ``Ranking/score(_:)``.
    public var score: Double
    /// Among the last three (排名后三位), for follow-up.
    public var flagged: Bool
}

public enum Ranking {
    /// Weights of the score: 按期办结率 40 %, 满意率 40 %, 未超期率 (1 − 超期率) 20 %. A rate with nothing
    /// to measure (no answers, no ratings) is left out and the other weights scaled up.
    public static let weights: [(String, Double)] = [("reply", 0.4), ("satisfaction", 0.4), ("not_overdue", 0.2)]

    public static func score(_ t: CaseTally) -> Double {
        let parts: [(Double?, Double)] = [(t.replyShare, 0.4), (t.satisfactionShare, 0.4), (t.overdueShare.map { 1 - $0 }, 0.2)]
        let present = parts.compactMap { v, w in v.map { ($0, w) } }
        let weight = present.reduce(0) { $0 + $1.1 }
        guard weight > 0 else { return 0 }
        return (present.reduce(0) { $0 + $1.0 * $1.1 } / weight * 100 * 100).rounded() / 100
    }

    /// Ranks units by score (then by volume, then code); the last three are flagged when at least four
    /// units are ranked.
    public static func rank(_ rows: [(code: String, name: String, tally: CaseTally)]) -> [UnitRanking] {
        let sorted = rows.map { ($0, score($0.tally)) }.sorted { a, b in
            (a.1, a.0.tally.total, b.0.code) > (b.1, b.0.tally.total, a.0.code)
        }
        let n = sorted.count
        return sorted.enumerated().map { i, item in
            UnitRanking(rank: i + 1, unitCode: item.0.code, unitName: item.0.name, tally: item.0.tally, score: item.1,
                        flagged: n >= 4 && i >= n - 3)
        }
    }
}
