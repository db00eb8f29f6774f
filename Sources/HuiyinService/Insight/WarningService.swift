import Foundation
import HuiyinCore
import HuiyinInsight
import HuiyinStore

/// A hot issue as people see it: the cluster and its cases.
public struct HotIssue: Sendable {
    public struct Item: Sendable, Hashable {
        public var id: Int64
        public var number: String
        public var title: String
        public var receivedOn: LocalDate
        public var scopePath: String
        /// 检举控告: the accused unit (never told of the warning).
        public var accusedUnit: String?
    }
    public var cluster: HotCluster
    public var cases: [Item]
    /// The warning this issue raised, if any.
    public var alertID: Int64?
}

public struct HotReport: Sendable {
    public var from: LocalDate
    public var to: LocalDate
    public var period: SensitivePeriod?
    public var issues: [HotIssue]
}

/// 热点 and 预警: hot issues over a sliding window, and warnings — a burst of similar cases, a
/// collective complaint (≥ 5 people) — each raised exactly once (a unique key in the store; a burst that
/// keeps growing is the same warning because its cases already belong to it). A new warning is queued
/// in the outbox for the territory's offices (topic 热点预警) in the same transaction.
public final class WarningService: Sendable {
    let store: any HuiyinStore
    let reference: ReferenceData

    init(store: any HuiyinStore, reference: ReferenceData) {
        self.store = store; self.reference = reference
    }

    static func day(_ d: LocalDate) -> Int { d.dayNumber }

    // MARK: Sensitive periods

    public func periods() async throws -> [SensitivePeriod] {
        guard let raw = try await store.setting(SensitivePeriods.settingKey) else { return [] }
        return (try? StoredJSON.decode([SensitivePeriod].self, raw)) ?? []
    }

    public func savePeriods(_ periods: [SensitivePeriod], by user: User, now: Date) async throws -> [SensitivePeriod] {
        guard user.role == .admin else { throw HuiyinError.forbidden("role_not_allowed", "只有系统管理员可以维护敏感期日历") }
        let valid = try SensitivePeriods.validate(periods).sorted { $0.from < $1.from }
        try await store.saveSetting(SensitivePeriods.settingKey, try StoredJSON.encode(valid),
                                    audit: AuditEntry(at: now, actor: Actor.user(user).reference, action: "save_sensitive_periods",
                                                      target: "sensitive_periods", details: ["count": String(valid.count)]))
        return valid
    }

    // MARK: Hot issues

    /// Hot issues in a territory subtree over the `days` up to `today` (the baseline is the eight
    /// windows before), hottest first.
    func hotIssues(scopePath: String, days: Int, today: LocalDate, hiddenAccused: Set<String> = []) async throws -> HotReport {
        let period = SensitivePeriods.active(try await periods(), on: today)
        var options = HotOptions(endDay: Self.day(today), windowDays: days)
        options.sensitivity = period?.factor ?? 1
        let from = today.adding(days: -(options.windowDays + options.baselineDays - 1))
        let rows = try await store.hotRows(from: from, to: today, scopePath: scopePath)
            .filter { $0.accusedUnit.map { !hiddenAccused.contains($0) } ?? true }
        let byID = Dictionary(uniqueKeysWithValues: rows.map { ($0.id, $0) })
        let docs = rows.map { r in
            HotDocument(id: r.id, title: r.title, text: r.content, day: Self.day(r.receivedOn), territory: r.territoryCode,
                        category: r.categoryCode.map { String($0.prefix(2)) }, people: r.peopleCount,
                        personKey: r.personKey.map { $0.base64EncodedString() }, likes: r.likes)
        }
        let clusters = HotClustering.clusters(of: docs, options: options)
        let alerted = try await store.alertedCases(clusters.flatMap(\.memberIDs))
        let issues = clusters.map { c in
            HotIssue(cluster: c, cases: c.memberIDs.compactMap { byID[$0] }.map {
                HotIssue.Item(id: $0.id, number: $0.number, title: $0.title, receivedOn: $0.receivedOn, scopePath: $0.scopePath,
                              accusedUnit: $0.accusedUnit)
            }, alertID: c.memberIDs.lazy.compactMap { alerted[$0] }.first)
        }
        return HotReport(from: today.adding(days: -(options.windowDays - 1)), to: today, period: period, issues: issues)
    }

    /// The hot issues a staff member may see (their territory, never cases accusing their own unit).
    public func hot(for user: User, territory: String?, days: Int, now: Date) async throws -> HotReport {
        try StatisticsService.requireViewer(user)
        guard (1...90).contains(days) else { throw HuiyinError.invalid("invalid_days", "统计窗口须为1至90天", field: "days") }
        let dir = reference.snapshot.directory
        let scope = try scopePath(of: user, territory: territory, dir)
        return try await hotIssues(scopePath: scope, days: days, today: ChinaTime.localDate(now),
                                   hiddenAccused: Set(AccessPolicy.accusedUnitsHidden(from: user, in: dir)))
    }

    func scopePath(of user: User, territory: String?, _ dir: Directory) throws -> String {
        let home = user.unitCode.flatMap { dir.unit($0)?.territoryCode }.flatMap { dir.territoryPath($0) } ?? "/"
        guard let territory, !territory.isEmpty else { return home }
        let code = try Intake.resolveTerritory(territory, in: dir)
        guard let path = dir.territoryPath(code), path.hasPrefix(home) else {
            throw HuiyinError.invalid("territory_out_of_scope", "属地“\(territory)”不在您的管辖范围内", field: "territory")
        }
        return path
    }

    // MARK: Warnings

    /// Looks for bursting issues over the last week across the whole directory and raises a warning for
    /// each new one. Returns how many warnings it raised.
    public func scan(now: Date) async throws -> Int {
        let report = try await hotIssues(scopePath: "/", days: 7, today: ChinaTime.localDate(now))
        let dir = reference.snapshot.directory
        var raised = 0
        for issue in report.issues where issue.cluster.isBurst && issue.alertID == nil {
            let c = issue.cluster
            let scope = Self.commonScope(issue.cases.map(\.scopePath))
            var details = ["volume": String(c.volume), "people": String(c.people), "likes": String(c.likes),
                           "growth": String(format: "%.1f", c.growth), "heat": String(format: "%.0f", c.heat),
                           "terms": c.terms.joined(separator: "、")]
            if let p = report.period { details["period"] = p.name }
            let alert = InsightAlert(dedupeKey: "burst:\(c.memberIDs.min() ?? 0)", kind: .burst, createdAt: now, scopePath: scope,
                                     title: "热点激增：\(c.label)（\(c.volume)件）", details: details, heat: c.heat, caseIDs: c.memberIDs,
                                     notify: Self.recipients(scope: scope, accused: Set(issue.cases.compactMap(\.accusedUnit)), dir))
            if try await store.recordAlert(alert) != nil { raised += 1 }
        }
        return raised
    }

    /// The warning for a collective complaint, raised when it is registered.
    func collective(_ c: Case, snap: ReferenceData.Snapshot, now: Date) async throws {
        let period = SensitivePeriods.active(try await periods(), on: c.receivedOn)
        var details = ["people": String(c.peopleCount), "number": c.number]
        if let p = period { details["period"] = p.name }
        if let accused = c.accusedUnitCode { details["accused_unit"] = accused }
        let scope = c.territoryCode.flatMap { snap.directory.territoryPath($0) }
            ?? c.ownerUnitCode.flatMap { snap.directory.unit($0)?.territoryCode }.flatMap { snap.directory.territoryPath($0) } ?? "/"
        _ = try await store.recordAlert(InsightAlert(
            dedupeKey: "collective:\(c.id)", kind: .collective, createdAt: now, scopePath: scope,
            title: "集体访（\(c.peopleCount)人）：\(c.title)" + (period.map { "【\($0.name)期间】" } ?? ""),
            details: details, heat: nil, caseIDs: [c.id],
            notify: Self.recipients(scope: scope, accused: Set([c.accusedUnitCode].compactMap { $0 }), snap.directory)))
    }

    /// Warnings a staff member may see: their territory, none about cases accusing their own unit.
    public func alerts(for user: User, limit: Int = 50) async throws -> [InsightAlert] {
        try StatisticsService.requireViewer(user)
        let dir = reference.snapshot.directory
        let hidden = Set(AccessPolicy.accusedUnitsHidden(from: user, in: dir))
        return try await store.alerts(scopePath: try scopePath(of: user, territory: nil, dir), limit: limit)
            .filter { $0.details["accused_unit"].map { !hidden.contains($0) } ?? true }
    }

    /// The deepest territory path all of a cluster's cases lie in (`/yx/dh/` for `/yx/dh/qs/` and `/yx/dh/`).
    static func commonScope(_ paths: [String]) -> String {
        guard var common = paths.first?.split(separator: "/", omittingEmptySubsequences: true) else { return "/" }
        for p in paths.dropFirst() {
            let parts = p.split(separator: "/", omittingEmptySubsequences: true)
            common = Array(zip(common, parts).prefix { $0 == $1 }.map(\.0))
        }
        return common.isEmpty ? "/" : "/" + common.joined(separator: "/") + "/"
    }
}
