import Foundation
import HuiyinCore
import HuiyinStore

/// Grids (网格) and their workers: the register (worker, supervision phone, boundary), the 民情日记 of
/// household visits, the weekly visit-days compliance, 网格上报 of issues into cases, and the map data.
public final class GridService: Sendable {
    let store: any HuiyinStore
    let vault: PersonalDataVault
    let reference: ReferenceData
    let admin: AdminService
    let cases: CaseService
    let auth: AuthService

    init(store: any HuiyinStore, vault: PersonalDataVault, reference: ReferenceData, admin: AdminService, cases: CaseService,
         auth: AuthService) {
        self.store = store; self.vault = vault; self.reference = reference; self.admin = admin; self.cases = cases; self.auth = auth
    }

    /// Default of the visit rule: household visits on at least this many days a week (康庄).
    public static let defaultMinimumVisitDays = 3
    static let minimumDaysKey = "grid_min_visit_days"
    /// How far back a visit may be written into the diary.
    public static let backfillDays = 30

    public struct GridView: Sendable {
        public var code: String
        public var name: String
        /// Village and town above the grid, e.g. 康庄社区 · 湖滨街道.
        public var place: String
        public var worker: User?
        public var supervisionPhone: String
        public var boundary: String?
        public var open: Int
        public var overdue: Int
    }

    public struct DiaryEntry: Sendable {
        public var id: Int64
        public var gridCode: String
        public var gridName: String
        public var workerName: String
        public var visitedOn: LocalDate
        public var household: String
        public var heard: String
        public var caseNumber: String?
    }

    public struct ComplianceRow: Sendable {
        public var worker: User
        public var grids: [String]
        public var days: [Int]
        public var compliantWeeks: Int
        public var judgedWeeks: Int
    }

    public struct Compliance: Sendable {
        public var weeks: [VisitCompliance.Week]
        public var minimumDays: Int
        public var rows: [ComplianceRow]
        /// Whether the last column is the week still running.
        public var currentWeekOpen: Bool
    }

    // MARK: Register

    /// Sets a grid's worker (a 网格员 user, or none), supervision phone and boundary. Admin only.
    public func save(code: String, workerUsername: String?, supervisionPhone: String, boundary: String?, by actor: Actor,
                     now: Date) async throws -> GridView {
        try admin.requireAdmin(actor)
        let dir = reference.snapshot.directory
        guard let t = dir.territory(code) else { throw HuiyinError.notFound("grid_not_found", "网格“\(code)”不存在") }
        guard t.level == .grid else {
            throw HuiyinError.invalid("not_a_grid", "“\(t.name)”是\(t.level.label)，不是网格", field: "code")
        }
        var worker: User?
        if let name = workerUsername?.trimmedOrNil {
            guard let u = try await admin.existingUser(name), u.active else {
                throw HuiyinError.invalid("unknown_user", "用户“\(name)”不存在或已停用", field: "worker")
            }
            guard u.role == .gridWorker else {
                throw HuiyinError.invalid("not_a_grid_worker", "“\(u.displayName)”的角色是\(u.role.label)，只能指派网格员", field: "worker")
            }
            worker = u
        }
        let phone = supervisionPhone.trimmed
        guard phone.count <= 30, phone.allSatisfy({ $0.isASCII && ($0.isNumber || "-+ ()".contains($0)) }) else {
            throw HuiyinError.invalid("invalid_phone", "监督电话只能包含数字和 - + ( )，不超过30位", field: "supervision_phone")
        }
        let geometry = try boundary?.trimmedOrNil.map(GridBoundary.normalize)
        let before = try await store.grids().first { $0.territoryCode == code }
        try await store.saveGrid(GridRecord(territoryCode: code, workerID: worker?.id, supervisionPhone: phone, boundary: geometry, updatedAt: now),
                                 audit: admin.audit(actor, "grid.save", code, now, ["worker": worker?.username ?? "", "phone": phone]))
        // Scope follows the register at once on this node (other nodes within the session cache time).
        for id in Set([before?.workerID, worker?.id].compactMap { $0 }) { auth.sessions.forget(userID: id) }
        return try await views([code], now: now)[0]
    }

    /// Grids the actor may see: a 网格员 their own, other staff those in their unit's territory, admins all.
    public func grids(by actor: Actor, now: Date) async throws -> [GridView] {
        let user = try GrassrootsScope.staff(actor, "查看网格")
        let dir = reference.snapshot.directory
        return try await views(dir.territories.values.filter { $0.level == .grid && mayView(grid: $0.code, user, dir) }.map(\.code).sorted(),
                               now: now)
    }

    private func views(_ visible: [String], now: Date) async throws -> [GridView] {
        let dir = reference.snapshot.directory
        let records = Dictionary(try await store.grids().map { ($0.territoryCode, $0) }, uniquingKeysWith: { a, _ in a })
        let counts = Dictionary(try await store.openCaseCounts(territories: visible, today: ChinaTime.localDate(now))
            .map { ($0.territoryCode, $0) }, uniquingKeysWith: { a, _ in a })
        let users = try await store.usersByID()
        return visible.map { code in
            let t = dir.territory(code)!
            let r = records[code]
            return GridView(code: code, name: t.name, place: dir.territoryNames(code).dropLast().reversed().prefix(2).joined(separator: " · "),
                            worker: r?.workerID.flatMap { users[$0] }, supervisionPhone: r?.supervisionPhone ?? "", boundary: r?.boundary,
                            open: counts[code]?.open ?? 0, overdue: counts[code]?.overdue ?? 0)
        }
    }

    func mayView(grid: String, _ user: User, _ dir: Directory) -> Bool {
        switch user.role {
        case .citizen: return false
        case .gridWorker: return user.grids.contains(grid)
        case .admin: return true
        default:
            guard let home = user.unitCode.flatMap({ dir.unit($0)?.territoryCode }) else { return false }
            return dir.territory(grid, isWithin: home)
        }
    }

    // MARK: 民情日记

    /// A household visit by the grid's own worker, on a day within the last ``backfillDays`` days.
    public func logVisit(grid: String, visitedOn raw: String?, household: String, heard: String, by actor: Actor,
                         now: Date) async throws -> DiaryEntry {
        let user = try GrassrootsScope.staff(actor, "查看网格")
        guard user.role == .gridWorker, user.grids.contains(grid) else {
            throw HuiyinError.forbidden("not_grid_worker", "只有本网格的网格员可以记录民情日记")
        }
        let today = ChinaTime.localDate(now)
        let day = try GrassrootsScope.date(raw, field: "visited_on", default: today)
        guard day <= today, day >= today.adding(days: -Self.backfillDays) else {
            throw HuiyinError.invalid("visit_date_out_of_range", "走访日期须在最近\(Self.backfillDays)天内，且不晚于今天", field: "visited_on")
        }
        let house = try GrassrootsScope.text(household, field: "household", label: "走访户", max: 100)
        let words = try GrassrootsScope.text(heard, field: "heard", label: "民情记录", max: 2000, multiline: true)
        let record = try await store.addDiaryEntry(grid: grid, workerID: user.id, visitedOn: day, householdSealed: try vault.seal(Data(house.utf8)),
                                                   heard: words, caseID: nil, at: now,
                                                   audit: admin.audit(actor, "diary.add", grid, now, ["visited_on": day.description]))
        return try entry(record, [user.id: user], reference.snapshot.directory, [:])
    }

    /// Diary of the visible grids (or one grid) over `days` days, newest first. Households are personal
    /// data: only the worker, leaders, supervisors, dispatchers and admins read them.
    public func diary(grid: String?, days: Int, by actor: Actor, now: Date) async throws -> [DiaryEntry] {
        let user = try GrassrootsScope.staff(actor, "查看网格")
        guard [.gridWorker, .leader, .supervisor, .dispatcher, .admin].contains(user.role) else {
            throw HuiyinError.forbidden("role_not_allowed", "“\(user.role.label)”不能查看民情日记")
        }
        let dir = reference.snapshot.directory
        var codes = dir.territories.values.filter { $0.level == .grid && mayView(grid: $0.code, user, dir) }.map(\.code)
        if let grid {
            guard codes.contains(grid) else { throw HuiyinError.notFound("grid_not_found", "网格“\(grid)”不存在或不在您的辖区") }
            codes = [grid]
        }
        let today = ChinaTime.localDate(now)
        let records = try await store.diaryEntries(grids: codes, from: today.adding(days: -max(1, min(days, 366)) + 1), to: today, limit: 500)
        let users = try await store.usersByID()
        var numbers: [Int64: String] = [:]
        for c in try await store.loadCases(ids: Array(Set(records.compactMap(\.caseID))), withPersons: false) { numbers[c.id] = c.number }
        return try records.map { try entry($0, users, dir, numbers) }
    }

    private func entry(_ r: DiaryRecord, _ users: [Int64: User], _ dir: Directory, _ numbers: [Int64: String]) throws -> DiaryEntry {
        DiaryEntry(id: r.id, gridCode: r.gridCode, gridName: dir.territory(r.gridCode)?.name ?? r.gridCode,
                   workerName: users[r.workerID]?.displayName ?? "", visitedOn: r.visitedOn,
                   household: String(decoding: try vault.open(r.householdSealed), as: UTF8.self), heard: r.heard,
                   caseNumber: r.caseID.flatMap { numbers[$0] })
    }

    // MARK: Compliance

    public func minimumVisitDays() async throws -> Int {
        try await store.setting(Self.minimumDaysKey).flatMap { Int($0) } ?? Self.defaultMinimumVisitDays
    }

    /// Sets the weekly visit rule (1–7 days). Admin only.
    public func setMinimumVisitDays(_ days: Int, by actor: Actor, now: Date) async throws {
        try admin.requireAdmin(actor)
        guard (1...7).contains(days) else {
            throw HuiyinError.invalid("invalid_minimum_days", "每周走访天数须为 1–7 天", field: "min_visit_days")
        }
        try await store.saveSetting(Self.minimumDaysKey, String(days), audit: admin.audit(actor, "grid.visit_rule", Self.minimumDaysKey, now,
                                                                                          ["days": String(days)]))
    }

    /// Visit days per week of every worker assigned to a visible grid (a 网格员 sees their own row).
    public func compliance(weeks: Int, by actor: Actor, now: Date) async throws -> Compliance {
        let user = try GrassrootsScope.staff(actor, "查看网格")
        guard [.gridWorker, .leader, .supervisor, .dispatcher, .admin].contains(user.role) else {
            throw HuiyinError.forbidden("role_not_allowed", "“\(user.role.label)”不能查看走访考核")
        }
        let dir = reference.snapshot.directory
        var gridsOf: [Int64: [String]] = [:]
        for g in try await store.grids() {
            if let w = g.workerID, mayView(grid: g.territoryCode, user, dir) { gridsOf[w, default: []].append(g.territoryCode) }
        }
        if user.role == .gridWorker { gridsOf = gridsOf.filter { $0.key == user.id } }
        let today = ChinaTime.localDate(now)
        let count = max(1, min(weeks, 26))
        let minimum = try await minimumVisitDays()
        let first = VisitCompliance.Week(containing: today).monday.adding(days: -7 * (count - 1))
        let users = try await store.usersByID()
        let workers = gridsOf.keys.filter { users[$0] != nil }.sorted { users[$0]!.displayName < users[$1]!.displayName }
        let table = VisitCompliance(workers: workers, visits: try await store.visitDays(from: first, to: today), today: today, weeks: count,
                                    minimumDays: minimum)
        let open = table.weeks.last!.sunday >= today
        return Compliance(weeks: table.weeks, minimumDays: minimum, rows: table.rows.map { r in
            let judged = r.days.indices.filter { table.judged($0, days: r.days[$0]) || !open }.count
            return ComplianceRow(worker: users[r.workerID]!, grids: gridsOf[r.workerID]!.sorted(), days: r.days,
                                 compliantWeeks: r.compliantWeeks, judgedWeeks: judged)
        }, currentWeekOpen: open)
    }

    // MARK: 网格上报

    /// An issue found in the grid, registered as a case through channel 网格上报 (by the grid's worker);
    /// `diaryID` links the visit it was heard on.
    public func report(_ draft: CaseDraft, diaryID: Int64?, by actor: Actor, now: Date) async throws -> RegisteredCase {
        var draft = draft
        if draft.channel?.trimmedOrNil == nil { draft.channel = Channel.gridReport.rawValue }
        let registered = try await cases.register(draft, by: actor, now: now)
        if let diaryID, let user = actor.user {
            try await store.linkDiaryEntry(id: diaryID, workerID: user.id, caseID: registered.view.case.id)
        }
        return registered
    }
}
