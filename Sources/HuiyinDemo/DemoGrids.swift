import Foundation
import HuiyinCore
import HuiyinService

/// The demo's grids: one 网格员 per village or community (two grids each), rectangular boundaries laid
/// out as a 4 × 4 map, four weeks of 民情日记 (one worker below the three-days-a-week rule), and a few
/// issues reported from the grids (网格上报).
enum DemoGrids {
    /// (village code suffix, worker username, name)
    static let workers: [(String, String, String)] = [
        ("yx-dh-hb-bj", "grid-bj", "滨江网格员许敏"), ("yx-dh-hb-kz", "grid", "康庄网格员何静"),
        ("yx-dh-qs-sq", "grid-sq", "石桥网格员罗军"), ("yx-dh-qs-ht", "grid-ht", "荷塘网格员高丽"),
        ("yx-xs-xs-sl", "grid-sl", "松林网格员林涛"), ("yx-xs-xs-yl", "grid-yl", "杨柳网格员梁芳"),
        ("yx-xs-lx-xk", "grid-xk", "溪口网格员宋伟"), ("yx-xs-lx-ml", "grid-ml", "梅岭网格员唐红"),
    ]

    static var accounts: [DemoCity.Account] {
        workers.map { DemoCity.Account(username: $0.1, name: $0.2, role: .gridWorker, unit: DemoCity.townGovernment(of: $0.0)) }
    }

    /// A closed rectangle: district → columns, town → rows, village and grid number → the cell.
    static func boundary(_ grid: String) -> String {
        let parts = grid.split(separator: "-").map(String.init)   // yx, dh, hb, kz, g1
        let district = parts[1] == "dh" ? 0 : 1
        let villages = DemoCity.territories.filter { $0.level == .village && $0.parentCode == parts.prefix(3).joined(separator: "-") }
            .map(\.code)
        let village = villages.firstIndex(of: parts.prefix(4).joined(separator: "-")) ?? 0
        let town = DemoCity.territories.filter { $0.level == .township && $0.parentCode == "yx-" + parts[1] }.map(\.code)
            .firstIndex(of: parts.prefix(3).joined(separator: "-")) ?? 0
        let x = district * 2 + village, y = town * 2 + (parts[4] == "g1" ? 0 : 1)
        let lon = 114.86 + Double(x) * 0.02, lat = 27.76 + Double(y) * 0.015
        let ring = [(lon, lat), (lon + 0.02, lat), (lon + 0.02, lat + 0.015), (lon, lat + 0.015), (lon, lat)]
        let coords = ring.map { String(format: "[%.4f,%.4f]", $0.0, $0.1) }.joined(separator: ",")
        return #"{"type":"Polygon","coordinates":[[\#(coords)]]}"#
    }

    /// Issues reported from 康庄's grids: (title, content, category, days ago). The second was reported three
    /// weeks ago and still waits for 受理, so the map shows it overdue.
    static let reports = [
        ("康庄社区3栋楼道杂物堆积存在消防隐患", "走访中居民反映3栋楼道长期堆放杂物和电动车，存在消防隐患，请相关部门督促清理。", "城乡建设", 0),
        ("康庄社区排水沟堵塞雨天积水", "社区东侧排水沟堵塞，雨天路面积水严重，居民出行困难。", "城乡建设", 21),
    ]

    static let heard = [
        "反映巷道路灯损坏，夜间出行不便", "老人询问高龄补贴申领办法", "邻里因排水沟堵塞发生口角，已现场劝解", "反映小区垃圾清运不及时",
        "询问医保缴费时间", "家中无异常，宣传防诈骗知识", "反映楼道堆放杂物存在消防隐患", "询问子女入学政策",
    ]

    /// `reports`: also register the two 网格上报 cases (not in a city-only demo, which has no cases).
    static func seed(_ huiyin: Huiyin, users: [String: User], now: Date, reports: Bool, rng: inout DemoRandom) async throws {
        let today = ChinaTime.localDate(now)
        for (village, username, _) in workers {
            guard var worker = users[username] else { continue }
            let grids = ["\(village)-g1", "\(village)-g2"]
            for (i, g) in grids.enumerated() {
                _ = try await huiyin.grids.save(code: g, workerUsername: username, supervisionPhone: "0795-86\(String(format: "%02d", rng.int(10...99)))\(300 + i)",
                                                boundary: boundary(g), by: .system, now: now)
            }
            worker.grids = grids
            // Four weeks of visits: most workers three to five days a week, 石桥 only one or two.
            let monday = VisitCompliance.Week(containing: today).monday
            for week in 0..<4 {
                let start = monday.adding(days: -7 * (3 - week))
                let days = username == "grid-sq" ? rng.int(1...2) : rng.int(3...5)
                let pool = (0..<7).map { start.adding(days: $0) }.filter { $0 <= today }
                for day in pool.shuffled(using: &rng).prefix(days).sorted() {
                    _ = try await huiyin.grids.logVisit(grid: rng.pick(grids), visitedOn: day.description,
                                                        household: "\(rng.int(1...9))组\(rng.int(1...60))号", heard: rng.pick(heard),
                                                        by: .user(worker), now: now)
                }
            }
        }
        // Issues heard on visits, reported from the grid.
        if reports, let worker = users["grid"] {
            var w = worker
            w.grids = ["yx-dh-hb-kz-g1", "yx-dh-hb-kz-g2"]
            for (title, content, category, back) in Self.reports {
                _ = try await huiyin.grids.report(CaseDraft(kind: LegalKind.appeal.rawValue, category: category, territory: "yx-dh-hb-kz-g\(back == 0 ? 1 : 2)",
                                                            title: title, content: content, receivedAt: today.adding(days: -back).description,
                                                            petitioners: [.init(name: "康庄社区居民", phone: "1390795\(rng.int(1000...9999))")]),
                                                  diaryID: nil, by: .user(w), now: now)
            }
        }
    }
}
