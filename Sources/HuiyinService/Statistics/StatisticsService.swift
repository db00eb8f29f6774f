import Foundation
import HuiyinCore
import HuiyinStore

/// Statistics and rankings for any period, territory and unit, within the viewer's scope, and the
/// monthly bulletin and annual report built from them. Counts come from grouped SQL over the cases'
/// fact columns (no case is loaded).
public final class StatisticsService: Sendable {
    let store: any HuiyinStore
    let reference: ReferenceData

    init(store: any HuiyinStore, reference: ReferenceData) { self.store = store; self.reference = reference }

    /// Statistics (the dashboard, rankings, reports) are for leaders, supervisors, dispatchers and admins.
    static func requireViewer(_ user: User) throws {
        guard [.leader, .supervisor, .dispatcher, .admin].contains(user.role) else {
            throw HuiyinError.forbidden("role_not_allowed", "“\(user.role.label)”没有查看统计分析的权限")
        }
    }

    /// The viewer's cases received in the period, narrowed to a territory subtree and/or a lead unit.
    func query(for user: User, from: LocalDate, to: LocalDate, territory: String?, unit: String?) throws -> CaseQuery {
        let dir = reference.snapshot.directory
        var q = CaseQuery.visible(to: user, in: dir)
        q.receivedFrom = from
        q.receivedTo = to
        if let t = territory {
            guard let path = dir.territoryPath(t) else { throw HuiyinError.invalid("unknown_territory", "属地“\(t)”不存在", field: "territory") }
            q.territoryPath = path
        }
        if let u = unit {
            guard dir.unit(u) != nil else { throw HuiyinError.invalid("unknown_unit", "单位“\(u)”不存在", field: "unit") }
            q.leadUnit = u
        }
        return q
    }

    func total(_ q: CaseQuery, today: LocalDate) async throws -> CaseTally {
        var t = CaseTally(key: "合计")
        for row in try await store.tally(q, by: .channel, today: today) { t.add(row) }
        return t
    }

    public func statistics(for user: User, from: LocalDate, to: LocalDate, territory: String? = nil, unit: String? = nil,
                           now: Date) async throws -> PeriodStatistics {
        try Self.requireViewer(user)
        guard from <= to else { throw HuiyinError.invalid("invalid_period", "开始日期不能晚于结束日期", field: "from") }
        guard to.days(since: from) <= 3660 else { throw HuiyinError.invalid("invalid_period", "统计期间不得超过10年", field: "to") }
        let today = ChinaTime.localDate(now)
        let length = to.days(since: from) + 1
        let prevTo = from.adding(days: -1), prevFrom = from.adding(days: -length)
        let q = try query(for: user, from: from, to: to, territory: territory, unit: unit)
        let current = try await total(q, today: today)
        let previous = try await total(try query(for: user, from: prevFrom, to: prevTo, territory: territory, unit: unit), today: today)
        let dir = reference.snapshot.directory
        let byUnit = try await store.tally(q, by: .leadUnit, today: today).filter { !$0.key.isEmpty }
        let rankings = Ranking.rank(byUnit.map { (code: $0.key, name: dir.unit($0.key)?.name ?? $0.key, tally: $0) })
        return PeriodStatistics(from: from, to: to, previousFrom: prevFrom, previousTo: prevTo, territory: territory, unit: unit,
                                current: current, previous: previous, rankings: rankings)
    }

    /// Counts by a key within the period, labelled for people, largest first.
    public func breakdown(for user: User, from: LocalDate, to: LocalDate, by key: TallyKey, now: Date) async throws -> [(label: String, tally: CaseTally)] {
        try Self.requireViewer(user)
        let dir = reference.snapshot.directory
        let q = try query(for: user, from: from, to: to, territory: nil, unit: nil)
        return try await store.tally(q, by: key, today: ChinaTime.localDate(now)).map { t in
            let label: String
            switch key {
            case .category, .category2: label = t.key.isEmpty ? "未分类" : dir.categories.pathNames(t.key).joined(separator: "/")
            case .leadUnit, .accusedUnit: label = t.key.isEmpty ? "—" : (dir.unit(t.key)?.name ?? t.key)
            default: label = t.key
            }
            return (label, t)
        }.sorted { $0.tally.total > $1.tally.total }
    }
}

extension CaseQuery {
    /// Every case `user` may list or count: their scope, without the 检举控告 cases that accuse their
    /// unit or a unit above it.
    static func visible(to user: User, in dir: Directory) -> CaseQuery {
        var q = CaseQuery(scope: AccessPolicy.listScope(for: user, in: dir))
        q.hiddenAccusedUnits = AccessPolicy.accusedUnitsHidden(from: user, in: dir)
        return q
    }
}
