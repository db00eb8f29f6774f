import Foundation

/// 群众评议: where a rating campaign stands on a day (its period is inclusive).
public enum EvaluationStatus: String, Sendable, CaseIterable {
    /// 未开始
    case upcoming
    /// 进行中: citizens may rate.
    case open
    /// 已结束: results may be published.
    case closed

    public init(opensOn: LocalDate, closesOn: LocalDate, today: LocalDate) {
        self = today < opensOn ? .upcoming : today > closesOn ? .closed : .open
    }

    public var label: String {
        switch self {
        case .upcoming: return "未开始"
        case .open: return "进行中"
        case .closed: return "已结束"
        }
    }
}

extension Satisfaction {
    /// A 群众评议 answer about one unit: `satisfied` / `basic` / `unsatisfied`, the case rating's names,
    /// or 满意 / 基本满意 / 不满意.
    public init?(evaluationAnswer text: String) {
        if text.trimmed.lowercased() == "basic" { self = .basicallySatisfied; return }
        self.init(parsing: text)
    }
}

/// How a campaign turns ratings and case statistics into a ranking.
///
/// ```swift
/// // 90 % satisfied, case score 80, half and half: 85.
/// EvaluationScore.combined(rating: 90, cases: 80, weight: 50)
/// ```
public enum EvaluationScore {
    public static let defaultWeight = 50
    public static let followUpNote = "末位，需跟进整改"

    /// `weight` % of the rating score and the rest of the case score; the one present alone when the
    /// other is missing (a unit nobody rated, a unit without cases); 0 with neither. Two decimals.
    public static func combined(rating: Double?, cases: Double?, weight: Int) -> Double {
        switch (rating, cases) {
        case let (r?, c?): return round2((Double(weight) * r + Double(100 - weight) * c) / 100)
        case let (r?, nil): return round2(r)
        case let (nil, c?): return round2(c)
        case (nil, nil): return 0
        }
    }

    public static func round2(_ x: Double) -> Double { (x * 100).rounded(.toNearestOrAwayFromZero) / 100 }

    /// One unit's place: by combined score, best first, ties by unit code; the last `flagLast` flagged.
    public struct Standing: Sendable, Hashable {
        public var unitCode: String
        public var ratingScore: Double?
        public var caseScore: Double?
        public var combined: Double
        public var rank: Int
        public var flagged: Bool
    }

    public static func rank(_ units: [(code: String, rating: Double?, cases: Double?)], weight: Int, flagLast: Int) -> [Standing] {
        let scored = units.map { ($0, combined(rating: $0.rating, cases: $0.cases, weight: weight)) }
            .sorted { a, b in a.1 != b.1 ? a.1 > b.1 : a.0.code < b.0.code }
        let n = scored.count
        return scored.enumerated().map { i, s in
            Standing(unitCode: s.0.code, ratingScore: s.0.rating, caseScore: s.0.cases, combined: s.1, rank: i + 1,
                     flagged: i >= n - min(flagLast, n - 1))
        }
    }
}
