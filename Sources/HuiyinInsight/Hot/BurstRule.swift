import Foundation

/// When a cluster counts as a burst (突发/激增) worth an alert: at least `minVolume` cases in the window
/// and at least `minGrowth` times the usual level.
///
/// A sensitive period (节日、重大活动; `sensitivity` > 1) lowers both bars: the volume to
/// `ceil(minVolume / sensitivity)` (never below 2) and the growth to `1 + (minGrowth − 1) / sensitivity`.
/// With the defaults and sensitivity 2, 3 cases at 2× the usual level already alert.
public struct BurstRule: Sendable, Hashable, Codable {
    public var minVolume: Int
    public var minGrowth: Double

    public init(minVolume: Int = 5, minGrowth: Double = 3) {
        self.minVolume = minVolume
        self.minGrowth = minGrowth
    }

    public func isBurst(volume: Int, growth: Double, sensitivity: Double = 1) -> Bool {
        let s = max(1, sensitivity)
        let volumeBar = max(2, Int((Double(minVolume) / s).rounded(.up)))
        let growthBar = 1 + max(0, minGrowth - 1) / s
        return volume >= volumeBar && growth >= growthBar
    }
}
