/// What to cluster and how: the window (the last `windowDays` days up to `endDay`), the baseline
/// before it (the usual level), and the knobs of the similarity, 热度 and burst rules.
///
/// ```swift
/// var options = HotOptions(endDay: today, windowDays: 7)      // last week vs the 8 weeks before
/// options.separateTerritories = true                         // one cluster never spans two districts
/// options.sensitivity = calendar.isSensitive(today) ? 1.5 : 1 // 敏感期: hotter index, lower alert bars
/// ```
public struct HotOptions: Sendable, Hashable, Codable {
    /// The last day of the window (inclusive), in the same day numbers as `HotDocument.day`.
    public var endDay: Int
    /// Window length: documents with `endDay − windowDays < day ≤ endDay` are clustered.
    public var windowDays: Int
    /// Baseline length, just before the window: the usual level each cluster's growth is measured
    /// against. 0 turns growth off (every ratio is 1).
    public var baselineDays: Int
    /// Minimum mean cosine similarity (character-bigram TF-IDF) between two clusters to merge them.
    /// 0.12 keeps letters about one estate or one stretch of river together and different ones apart
    /// (福州 rivers: 97 % of the top-10 clusters' cases share one river; 0.15 is purer but smaller,
    /// 0.1 gathers more but mixes "施工噪音" letters about different rivers).
    public var similarityThreshold: Double
    /// Clusters with fewer window cases are not reported.
    public var minClusterSize: Int
    /// Never put cases of different territories in one cluster.
    public var separateTerritories: Bool
    /// Never put cases of different categories in one cluster.
    public var separateCategories: Bool
    /// ≥ 1; above 1 during a sensitive period (节日、重大活动, from the admin's calendar): raises 热度
    /// and lowers the burst bars.
    public var sensitivity: Double
    /// How much a title bigram counts against one in the detail. 1 (the title is just more text): the
    /// 12345 titles are often generic ("噪音扰民"), and weighting them 2× made the river clusters less
    /// pure (top-10 purity 0.97 → 0.91) with no gain on the message board.
    public var titleWeight: Double
    /// Bigrams in more than this share of the documents (and of the baseline) are boilerplate and
    /// ignored ("尊敬", "您好", "a市"). Lower is faster and sharper on a one-topic corpus (0.05 gave the
    /// purest river clusters) but risks dropping a topic's own words when the documents are few.
    public var stopShare: Double
    /// A case with at least this many people is a collective complaint (集体诉求).
    public var collectivePeople: Int
    public var heat: HeatFormula
    public var burst: BurstRule
    /// How many characteristic terms make up a cluster's label.
    public var labelTerms: Int

    public init(endDay: Int, windowDays: Int = 7, baselineDays: Int? = nil, similarityThreshold: Double = 0.12,
                minClusterSize: Int = 3, separateTerritories: Bool = false, separateCategories: Bool = false,
                sensitivity: Double = 1, titleWeight: Double = 1, stopShare: Double = 0.1,
                collectivePeople: Int = 5, heat: HeatFormula = HeatFormula(), burst: BurstRule = BurstRule(),
                labelTerms: Int = 3) {
        self.endDay = endDay
        self.windowDays = max(1, windowDays)
        self.baselineDays = max(0, baselineDays ?? 8 * max(1, windowDays))
        self.similarityThreshold = similarityThreshold
        self.minClusterSize = max(1, minClusterSize)
        self.separateTerritories = separateTerritories
        self.separateCategories = separateCategories
        self.sensitivity = max(1, sensitivity)
        self.titleWeight = titleWeight
        self.stopShare = stopShare
        self.collectivePeople = collectivePeople
        self.heat = heat
        self.burst = burst
        self.labelTerms = labelTerms
    }

    /// First day of the window.
    public var windowStart: Int { endDay - windowDays + 1 }
    /// First day of the baseline.
    public var baselineStart: Int { windowStart - baselineDays }
}
