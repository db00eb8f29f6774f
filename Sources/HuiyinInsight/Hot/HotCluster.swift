/// One hot issue (热点): similar cases of the window, with the numbers behind its 热度.
///
/// `memberIDs` is the cluster's identity over time: a warning records its cases, and a later cluster
/// holding any of them is the same issue, even if the label shifts.
public struct HotCluster: Sendable, Hashable, Codable {
    /// Window cases, ascending.
    public var memberIDs: [Int64]
    /// Baseline cases (before the window) similar to this cluster, ascending: the usual level.
    public var baselineIDs: [Int64]
    /// Characteristic terms, most characteristic first, e.g. ["丽发新城", "搅拌站", "噪音"] (folded:
    /// half-width, lower-case Latin).
    public var terms: [String]
    /// The terms joined by spaces: a short human label.
    public var label: String
    /// The member closest to the cluster's centre, and its title: what a reader should open first.
    public var representativeID: Int64
    public var representativeTitle: String
    /// The most frequent territory and category among the members (nil if none has one).
    public var territory: String?
    public var category: String?
    /// Window cases (`memberIDs.count`).
    public var volume: Int
    /// Distinct people: each petitioner once (at their largest head-count), anonymous cases each.
    public var people: Int
    public var likes: Int
    /// Cases expected in a window of this length at the baseline rate.
    public var expected: Double
    /// `(volume + 1) / (expected + 1)`; 1 when there is no baseline.
    public var growth: Double
    /// 热度, 0–100 (see `HeatFormula`).
    public var heat: Double
    /// Whether the cluster is a burst by `BurstRule`.
    public var isBurst: Bool
    /// Members that are collective complaints (≥ `HotOptions.collectivePeople` people), ascending.
    public var collectiveIDs: [Int64]
    public var firstDay: Int
    public var lastDay: Int
}
