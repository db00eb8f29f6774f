import Foundation
import HuiyinCore
import HuiyinService
import HuiyinStore

/// Seeds a database with the demo city 云溪市, users for every role (password `huiyin-demo`) and a
/// few hundred cases spread over recent months in every state — all generated here and driven through
/// the real services, so the history, clocks and permissions are genuine.
public enum Demo {
    public static let password = DemoCity.password
    public static let seededKey = "demo_seeded_at"

    public struct Report: Sendable {
        public var territories = 0
        public var units = 0
        public var users: [String] = []
        public var cases = 0
        public var byState: [CaseState: Int] = [:]
        /// Steps the lifecycle refused (should be zero: the plans follow the rules).
        public var refusedSteps: [String] = []
    }

    /// Whether the database already holds the demo.
    public static func isSeeded(_ huiyin: Huiyin) async throws -> Bool {
        try await huiyin.store.setting(seededKey) != nil
    }

    /// Case counts above which ``seed(_:cases:now:seed:progress:)`` stores histories in bulk.
    public static let bulkThreshold = 2000

    /// Seeds an empty database; refuses one that already has users or territories. With 100 cases or
    /// more, sixteen scripted cases guarantee every state; `cases: 0` seeds only the city, its users and
    /// its grids (workers, boundaries, four weeks of 民情日记).
    ///
    /// Above ``bulkThreshold`` cases the histories are played in memory through the same lifecycle and
    /// stored in bulk (no outbox notices for them): a million cases take minutes, not hours.
    public static func seed(_ huiyin: Huiyin, cases count: Int = 300, now: Date = Date(), seed: UInt64 = 2026,
                            progress: (@Sendable (Int) -> Void)? = nil) async throws -> Report {
        let snap = huiyin.reference.snapshot
        guard snap.directory.territories.isEmpty, try await huiyin.store.users().isEmpty else {
            throw HuiyinError.conflict("database_not_empty", "数据库中已有数据，演示数据只能写入空数据库")
        }
        var report = Report()
        try await huiyin.admin.saveTerritories(DemoCity.territories, by: .system, now: now)
        try await huiyin.admin.saveUnits(DemoCity.units(snap.directory.categories), by: .system, now: now)
        var users: [String: User] = [:]
        for a in DemoCity.accounts {
            users[a.username] = try await huiyin.admin.createUser(username: a.username, displayName: a.name, role: a.role,
                                                                  unit: a.unit, password: DemoCity.password, by: .system, now: now)
        }
        report.territories = DemoCity.territories.count
        report.units = DemoCity.unitRows.count
        report.users = DemoCity.accounts.map(\.username)

        // Two of the cases are issues a grid worker reported (网格上报), when the histories are played live
        // and the showcase (100 cases or more) still fits.
        let gridReports = (100 + DemoGrids.reports.count...bulkThreshold).contains(count) ? DemoGrids.reports.count : 0
        var gridRandom = DemoRandom(seed: seed &+ 8)
        try await DemoGrids.seed(huiyin, users: users, now: now, reports: gridReports > 0, rng: &gridRandom)

        if count > 0 { try await DemoMediation.seed(huiyin, users: users, now: now, rng: &gridRandom) }

        let bulk = count > bulkThreshold ? BulkCaseWriter(huiyin: huiyin) : nil
        var sim = DemoSimulator(driver: bulk ?? LiveDriver(huiyin: huiyin), users: users, now: now, rng: DemoRandom(seed: seed))
        sim.progress = progress
        try await sim.run(count: count - gridReports)
        if let bulk {
            try await bulk.flush()
            try await huiyin.store.analyze()
        }
        _ = try await huiyin.admin.saveRoutingRules(DemoCity.routingRules, by: .system, now: now)
        if bulk == nil { _ = try await ClockWatcher(huiyin: huiyin).run(now: now) }
        if count > 0 { try await DemoReceptions.seed(huiyin, users: users, now: now) }
        if count > 0 { try await DemoParticipation.seed(huiyin, users: users, now: now) }
        var evaluationRandom = DemoRandom(seed: seed &+ 9)
        if count > 0 { try await DemoEvaluation.seed(huiyin, users: users, now: now, rng: &evaluationRandom) }
        // Text models from the demo's handled cases, the sensitive-period calendar, and a first hot-issue scan.
        if count >= 50, bulk == nil { _ = try? await huiyin.trainer.train(by: .system, now: now) }
        let year = ChinaTime.localDate(now).year
        try await huiyin.store.setSetting(SensitivePeriods.settingKey, try StoredJSON.encode([
            SensitivePeriod(name: "全国两会", from: LocalDate(year: year, month: 3, day: 3)!, to: LocalDate(year: year, month: 3, day: 15)!),
            SensitivePeriod(name: "国庆", from: LocalDate(year: year, month: 9, day: 28)!, to: LocalDate(year: year, month: 10, day: 8)!, factor: 2),
        ]))
        if bulk == nil { _ = try await huiyin.warnings.scan(now: now) }
        report.refusedSteps = sim.refused
        report.byState = try await huiyin.store.caseCountsByState()
        report.cases = report.byState.values.reduce(0, +)
        try await huiyin.store.setSetting(seededKey, ChinaTime.timestamp(now))
        return report
    }
}
