/// Turns the members of one cluster into a `HotCluster`: counts, people, likes, growth against the
/// baseline, 热度, burst flag, label and representative.
struct HotClusterSummary {
    let docs: [HotDocument]
    let options: HotOptions
    /// Whether any document fell in the baseline; without one, growth is 1 and nothing bursts.
    let hasBaseline: Bool

    /// - Parameter centrality: per document, its summed similarity to the other members of its cluster.
    func cluster(members indices: [Int], baseline: [Int], centrality: [Float], labeler: HotLabeler) -> HotCluster {
        let members = indices.map { docs[$0] }
        let volume = members.count
        let expected = hasBaseline ? Double(baseline.count) * Double(options.windowDays) / Double(options.baselineDays) : 0
        let growth = hasBaseline ? (Double(volume) + 1) / (expected + 1) : 1
        let people = Self.distinctPeople(members)
        let likes = members.reduce(0) { $0 + max(0, $1.likes) }
        let central = indices.max {
            centrality[$0] != centrality[$1] ? centrality[$0] < centrality[$1] : docs[$0].id > docs[$1].id
        }!
        let terms = labeler.terms(of: indices, count: options.labelTerms)
        return HotCluster(
            memberIDs: members.map(\.id).sorted(),
            baselineIDs: baseline.map { docs[$0].id }.sorted(),
            terms: terms,
            label: terms.joined(separator: " "),
            representativeID: docs[central].id,
            representativeTitle: docs[central].title,
            territory: Self.mostCommon(members.compactMap(\.territory)),
            category: Self.mostCommon(members.compactMap(\.category)),
            volume: volume,
            people: people,
            likes: likes,
            expected: expected,
            growth: growth,
            heat: options.heat.heat(volume: volume, growth: growth, people: people, likes: likes,
                                    sensitivity: options.sensitivity),
            isBurst: hasBaseline && options.burst.isBurst(volume: volume, growth: growth, sensitivity: options.sensitivity),
            collectiveIDs: members.filter { $0.people >= options.collectivePeople }.map(\.id).sorted(),
            firstDay: members.map(\.day).min()!,
            lastDay: members.map(\.day).max()!)
    }

    /// Each petitioner once, at the largest head-count they reported; anonymous cases each count.
    static func distinctPeople(_ members: [HotDocument]) -> Int {
        var byPerson: [String: Int] = [:]
        var anonymous = 0
        for m in members {
            let p = max(1, m.people)
            if let key = m.personKey { byPerson[key] = max(byPerson[key] ?? 0, p) } else { anonymous += p }
        }
        return anonymous + byPerson.values.reduce(0, +)
    }

    /// The most frequent value, ties to the smallest.
    static func mostCommon(_ values: [String]) -> String? {
        var counts: [String: Int] = [:]
        for v in values { counts[v, default: 0] += 1 }
        return counts.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }?.key
    }
}
