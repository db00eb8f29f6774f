import Foundation

/// A share that must be reached: "more than half" (1/2, strict) or "at least two thirds" (2/3). Counted
/// in whole numbers, so 101 of 200 is more than half and 199 of 300 is not two thirds.
public struct Threshold: Codable, Sendable, Hashable {
    public var numerator: Int
    public var denominator: Int
    /// true: more than the share (过半数); false: at least the share (三分之二以上, i.e. ≥).
    public var strict: Bool

    public init(_ numerator: Int, _ denominator: Int, strict: Bool) {
        self.numerator = numerator; self.denominator = denominator; self.strict = strict
    }

    public static let majority = Threshold(1, 2, strict: true)
    public static let twoThirds = Threshold(2, 3, strict: false)

    /// Whether `count` of `total` reaches the share (never with nothing to count).
    public func met(_ count: Int, of total: Int) -> Bool {
        guard total > 0 else { return false }
        let lhs = count * denominator, rhs = numerator * total
        return strict ? lhs > rhs : lhs >= rhs
    }

    /// Sensible: 0 < numerator ≤ denominator ≤ 100.
    public var isValid: Bool { numerator > 0 && denominator > 0 && numerator <= denominator && denominator <= 100 }

    /// 过半数, 三分之二以上 (含), 超过3/4 …
    public var label: String {
        if self == .majority { return "过半数" }
        let names = [2: "二", 3: "三", 4: "四", 5: "五", 10: "十"]
        let share = names[denominator].map { "\($0)分之\(numerator == 1 ? "一" : names[numerator] ?? String(numerator))" }
            ?? "\(numerator)/\(denominator)"
        return strict ? "超过\(share)" : "\(share)以上（含）"
    }
}
