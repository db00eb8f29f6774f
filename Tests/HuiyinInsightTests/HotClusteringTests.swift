import Foundation
import HuiyinCore
import HuiyinInsight
import HuiyinTestSupport
import Testing

@Suite("Hot issues: coherent clusters on real 12345 data, bursts against the usual level, sensitivity")
struct HotClusteringTests {
    /// 福州 12345 complaints about rivers; the `river` column is used only to judge the clusters.
    @Test("the top clusters of the 福州 river complaints are each about one river")
    func rivers() throws {
        let text = try String(contentsOf: SharedTestData.url("fuzhou-12345-rivers.csv"), encoding: .utf8)
        let rows = CSV.records(text)
        #expect(rows.count == 1464)
        let docs = rows.enumerated().map { i, r in
            HotDocument(id: Int64(i), title: r["title"] ?? "", text: r["content"] ?? "",
                        day: LocalDate(r["date"] ?? "")?.dayNumber ?? 0, territory: r["district"])
        }
        let days = docs.map(\.day).filter { $0 > 0 }
        let end = days.max()!, start = days.min()!
        var options = HotOptions(endDay: end, windowDays: end - start + 1, baselineDays: 0)
        options.separateTerritories = true
        let top = HotClustering.clusters(of: docs, options: options).prefix(10)
        #expect(top.count == 10)
        var same = 0, total = 0
        for c in top {
            let rivers = c.memberIDs.map { rows[Int($0)]["river"] ?? "" }
            let majority = Dictionary(grouping: rivers, by: { $0 }).values.map(\.count).max() ?? 0
            same += majority; total += rivers.count
            #expect(c.territory != nil, "per-district clusters keep one district")
        }
        #expect(Double(same) / Double(total) >= 0.9, "top-10 river purity \(same)/\(total)")
    }

    /// Many rivers end in the same characters (泮洋河, 磨洋河, 淌洋河), so "洋河" alone never says which
    /// one; a label must name the river whole.
    @Test("cluster labels name a river whole, never by the tail it shares with other rivers")
    func riverLabels() throws {
        let text = try String(contentsOf: SharedTestData.url("fuzhou-12345-rivers.csv"), encoding: .utf8)
        let rows = CSV.records(text)
        let docs = rows.enumerated().map { i, r in
            HotDocument(id: Int64(i), title: r["title"] ?? "", text: r["content"] ?? "",
                        day: LocalDate(r["date"] ?? "")?.dayNumber ?? 0)
        }
        let days = docs.map(\.day).filter { $0 > 0 }
        let end = days.max()!, start = days.min()!
        let top = HotClustering.clusters(of: docs, options: HotOptions(endDay: end, windowDays: end - start + 1,
                                                                      baselineDays: 0)).prefix(30)
        let rivers = Set(rows.compactMap { $0["river"] })
        var named = 0
        for c in top {
            for term in c.terms {
                let clipped = rivers.filter { $0 != term && $0.hasSuffix(term) && !rivers.contains(term) }
                #expect(clipped.isEmpty, "\(c.label): \(term) is the tail of \(clipped.sorted())")
                if rivers.contains(term) || rivers.contains(where: { term.hasSuffix($0) }) { named += 1 }
                #expect(!["旁边", "后面", "前面", "附近"].contains(where: { term.hasPrefix($0) }), "\(c.label)")
            }
        }
        #expect(named >= 15, "river names among the top-30 labels: \(named)")
    }

    @Test("a burst is growth against the usual level; a sensitive period lowers the bar")
    func burst() {
        func doc(_ id: Int64, _ day: Int, _ place: String, _ person: String) -> HotDocument {
            HotDocument(id: id, title: "\(place)搅拌站噪音扰民", text: "\(place)旁边的搅拌站日夜施工，噪音和粉尘很大，居民无法休息。",
                        day: day, personKey: person)
        }
        let baseline = (0..<6).map { HotDocument(id: 100 + Int64($0), title: "路灯不亮\($0)", text: "幸福路\($0)段路灯坏了", day: 10 + $0) }
        let window = (0..<4).map { doc(Int64($0), 60 + $0, "丽发新城", "p\($0)") }
        let options = HotOptions(endDay: 63, windowDays: 7)
        let calm = HotClustering.clusters(of: baseline + window, options: options)
        #expect(calm.first?.volume == 4 && calm.first?.isBurst == false, "four cases are not yet a burst")
        var sensitive = options
        sensitive.sensitivity = 2
        #expect(HotClustering.clusters(of: baseline + window, options: sensitive).first?.isBurst == true, "in a sensitive period they are")
        let more = window + (4..<8).map { doc(Int64($0), 62, "丽发新城", "p\($0)") }
        let hot = HotClustering.clusters(of: baseline + more, options: options)
        #expect(hot.first?.isBurst == true && hot.first?.people == 8 && (hot.first?.heat ?? 0) > (calm.first?.heat ?? 0))
    }
}
