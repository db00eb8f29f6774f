import Foundation

/// 热度: how hot a cluster is, 0–100, from its volume, growth against the usual level, people involved
/// and public likes.
///
///     score = volume·log2(1 + cases) + growth·log2(max(1, growth ratio))
///           + people·log2(1 + distinct people) + likes·log2(1 + likes)
///     热度   = 100 · (1 − 2^(−sensitivity · score / halfScore))
///
/// Logarithms because the tenth letter about a river adds less news than the second; the saturating
/// curve keeps the index in 0–100 and absolute (the same cluster gets the same 热度 whatever else is
/// hot, so thresholds on it stay meaningful). A score of `halfScore` gives 50. With the defaults:
/// 3 cases from 3 people, nothing unusual → 29; 10 cases, 8 people, 3× the usual level, 20 likes → 62;
/// 50 cases, 40 people, 5×, 500 likes → 81. A sensitive period (`sensitivity` > 1) raises every index.
public struct HeatFormula: Sendable, Hashable, Codable {
    public var volumeWeight: Double
    public var growthWeight: Double
    public var peopleWeight: Double
    public var likesWeight: Double
    /// The score that maps to 热度 50.
    public var halfScore: Double

    public init(volumeWeight: Double = 1, growthWeight: Double = 1.5, peopleWeight: Double = 1,
                likesWeight: Double = 0.5, halfScore: Double = 8) {
        self.volumeWeight = volumeWeight
        self.growthWeight = growthWeight
        self.peopleWeight = peopleWeight
        self.likesWeight = likesWeight
        self.halfScore = halfScore
    }

    /// The 热度 index, 0–100.
    public func heat(volume: Int, growth: Double, people: Int, likes: Int, sensitivity: Double = 1) -> Double {
        let score = volumeWeight * log2(1 + Double(max(0, volume)))
            + growthWeight * log2(max(1, growth))
            + peopleWeight * log2(1 + Double(max(0, people)))
            + likesWeight * log2(1 + Double(max(0, likes)))
        guard score > 0, halfScore > 0 else { return 0 }
        return 100 * (1 - pow(2, -max(1, sensitivity) * score / halfScore))
    }
}
