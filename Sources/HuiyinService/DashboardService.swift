import Foundation
import HuiyinCore
import HuiyinStore

/// The leader dashboard: volumes by month, category, territory, channel and unit, the three rates,
/// and the cases overdue now by unit, all within the viewer's scope.
public final class DashboardService: Sendable {
    let store: any HuiyinStore
    let reference: ReferenceData

    init(store: any HuiyinStore, reference: ReferenceData) { self.store = store; self.reference = reference }

    /// One labelled row of a dashboard table.
    public struct Row: Sendable {
        public var label: String
        public var tally: CaseTally
    }

    public struct Dashboard: Sendable {
        public var from: LocalDate
        public var to: LocalDate
        public var totals: CaseTally
        /// The twelve months ending with `to`'s month (the trend ignores `from`).
        public var byMonth: [Row]
        public var byCategory: [Row]
        public var byTerritory: [Row]
        public var byChannel: [Row]
        public var byUnit: [Row]
        /// Open cases past their office deadline today, by lead unit (any receipt date).
        public var overdueByUnit: [Row]
    }

    /// The dashboard of `user` for cases received from `from` to `to`.
    public func dashboard(for user: User, from: LocalDate, to: LocalDate, now: Date) async throws -> Dashboard {
        try StatisticsService.requireViewer(user)
        guard from <= to else { throw HuiyinError.invalid("invalid_period", "开始日期不能晚于结束日期", field: "from") }
        let dir = reference.snapshot.directory
        let today = ChinaTime.localDate(now)
        let base = CaseQuery.visible(to: user, in: dir)
        var period = base
        period.receivedFrom = from
        period.receivedTo = to
        var trend = base
        let trendStart = LocalDate(year: to.year, month: to.month, day: 1)!.adding(months: -11)
        trend.receivedFrom = trendStart
        trend.receivedTo = to
        var overdue = base
        overdue.overdueAsOf = today

        func rows(_ list: [CaseTally], _ label: (String) -> String) -> [Row] {
            list.map { Row(label: label($0.key), tally: $0) }.sorted { $0.tally.total > $1.tally.total }
        }
        let byMonthRaw = try await store.tally(trend, by: .month, today: today)
        var months: [Row] = []
        var m = trendStart
        while m <= to {
            let key = String(m.description.prefix(7))
            months.append(Row(label: key, tally: byMonthRaw.first { $0.key == key } ?? CaseTally(key: key)))
            m = m.adding(months: 1)
        }
        let channel = try await store.tally(period, by: .channel, today: today)
        var totals = CaseTally(key: "合计")
        for r in channel { totals.add(r) }
        let categories = rows(try await store.tally(period, by: .category, today: today)) {
            $0.isEmpty ? "未分类" : (dir.categories.node(code: $0)?.name ?? $0)
        }
        let units = rows(try await store.tally(period, by: .leadUnit, today: today)) { $0.isEmpty ? "未交办" : (dir.unit($0)?.name ?? $0) }
        let overdueUnits = rows(try await store.tally(overdue, by: .leadUnit, today: today)) { $0.isEmpty ? "未交办" : (dir.unit($0)?.name ?? $0) }
        return Dashboard(from: from, to: to, totals: totals, byMonth: months, byCategory: categories,
                         byTerritory: territoryRows(try await store.tally(period, by: .scopePath, today: today), user: user, dir),
                         byChannel: rows(channel) { $0 }, byUnit: units, overdueByUnit: overdueUnits)
    }

    /// Rolls scope paths up to the territories one level below the viewer's own.
    func territoryRows(_ list: [CaseTally], user: User, _ dir: Directory) -> [Row] {
        let home = user.unitCode.flatMap { dir.unit($0)?.territoryCode }
        let root = home.flatMap { dir.territoryPath($0) } ?? "/"
        var rolled: [String: CaseTally] = [:]
        for t in list {
            let label: String
            if t.key.hasPrefix(root) {
                let rest = t.key.dropFirst(root.count).split(separator: "/")
                if let child = rest.first { label = dir.territory(String(child))?.name ?? String(child) }
                else { label = home.flatMap { dir.territory($0)?.name }.map { "\($0)本级" } ?? "本级" }
            } else {
                label = t.key == "/" ? "属地未定" : "辖区外（本单位承办）"
            }
            rolled[label, default: CaseTally(key: label)].add(t)
        }
        return rolled.map { Row(label: $0.key, tally: $0.value) }.sorted { $0.tally.total > $1.tally.total }
    }
}

extension CaseTally {
    /// 按期受理率, 按期办结率, 满意率 as percentages with one decimal, or "—" when nothing to rate.
    public var acceptRate: String { Self.percent(acceptedOnTime, of: accepted) }
    public var replyRate: String { Self.percent(repliedOnTime, of: replied) }
    public var satisfactionRate: String { Self.percent(satisfied, of: rated) }

    public static func percent(_ part: Int, of whole: Int) -> String {
        whole == 0 ? "—" : String(format: "%.1f%%", Double(part) * 100 / Double(whole))
    }
}
