import Foundation
import HuiyinCore
import HuiyinStore

/// Territories, units, users, categories, calendars and rule sets. Every change is validated as a
/// whole (the directory stays consistent), written in one transaction with an audit entry, and
/// followed by a reload of the reference data.
public final class AdminService: Sendable {
    let store: any HuiyinStore
    let reference: ReferenceData
    let settings: ServiceSettings
    let cases: CaseService
    let auth: AuthService

    init(store: any HuiyinStore, reference: ReferenceData, settings: ServiceSettings, cases: CaseService, auth: AuthService) {
        self.store = store; self.reference = reference; self.settings = settings; self.cases = cases; self.auth = auth
    }

    /// Administration is for the `admin` role (and the local operator running the CLI).
    func requireAdmin(_ actor: Actor) throws {
        if actor.kind == .system || actor.role == .admin { return }
        throw HuiyinError.forbidden("role_not_allowed", "只有管理员可以修改系统设置")
    }

    /// The user with this name; a name no user can have is not looked up.
    func existingUser(_ username: String) async throws -> User? {
        User.isValid(username: username) ? try await store.user(username: username)?.user : nil
    }

    func audit(_ actor: Actor, _ action: String, _ target: String, _ now: Date, _ details: [String: String] = [:]) -> AuditEntry {
        AuditEntry(at: now, actor: actor.reference, action: action, target: target, details: details)
    }

    // MARK: Directory

    /// Adds or updates territories by code; cases below a territory that moved follow it.
    public func saveTerritories(_ list: [Territory], by actor: Actor, now: Date) async throws {
        try requireAdmin(actor)
        guard !list.isEmpty else { return }
        let old = reference.snapshot.directory
        let new = try old.merging(territories: list)
        let moves = old.territories.keys.compactMap { code -> PathMove? in
            guard let from = old.territoryPath(code), let to = new.territoryPath(code), from != to else { return nil }
            return PathMove(from: from, to: to)
        }.sorted { $0.from.count > $1.from.count }
        try await store.saveTerritories(list, moves: moves, audit: audit(actor, "territories.save", list.map(\.code).joined(separator: ","), now,
                                                                          ["count": String(list.count)]))
        try await reference.reload()
    }

    public func saveUnits(_ list: [OrgUnit], by actor: Actor, now: Date) async throws {
        try requireAdmin(actor)
        guard !list.isEmpty else { return }
        let old = reference.snapshot.directory
        let new = try old.merging(units: list)
        var paths: [String: String] = [:]
        for u in list where old.unit(u.code).map({ $0.territoryCode != u.territoryCode }) ?? false {
            paths[u.code] = new.territoryPath(u.territoryCode)
        }
        try await store.saveUnits(list, scopePaths: paths, audit: audit(actor, "units.save", list.map(\.code).joined(separator: ","), now,
                                                                       ["count": String(list.count)]))
        try await reference.reload()
    }

    /// Replaces the category tree from CSV text (`level1,level2,level3`); surviving paths keep their
    /// codes, vanished ones are retired.
    public func replaceCategories(csv: String, by actor: Actor, now: Date) async throws -> CategoryTree {
        try requireAdmin(actor)
        let old = reference.snapshot.directory
        let rows = CSV.parse(csv)
        guard let header = rows.first?.first?.lowercased().trimmed,
              header == "level1" || header == "一级分类" else {
            throw HuiyinError.invalid("category_tree_invalid", "分类表第一行应为表头：level1,level2,level3（或 一级分类,二级分类,三级分类）")
        }
        let tree = try CategoryTree(rows: Array(rows.dropFirst()), previous: old.categories)
        _ = try old.replacingCategories(tree)
        try await store.replaceCategories(tree.nodes, audit: audit(actor, "categories.replace", "categories", now,
                                                                   ["active": String(tree.activeNodes.count)]))
        try await reference.reload()
        return tree
    }

    // MARK: Users

    public func createUser(username: String, displayName: String, role: Role, unit: String?, password: String,
                           by actor: Actor, now: Date) async throws -> User {
        try requireAdmin(actor)
        try User.validate(username: username, displayName: displayName, role: role, unitCode: unit, in: reference.snapshot.directory)
        try User.validate(password: password)
        let hash = await Passwords.hash(password, cost: settings.bcryptCost)
        do {
            return try await store.createUser(NewUser(username: username, displayName: displayName, role: role, unitCode: unit, passwordHash: hash),
                                              audit: audit(actor, "users.create", username, now, ["role": role.rawValue, "unit": unit ?? ""]))
        } catch let e as StoreError {
            throw e.huiyinError
        }
    }

    public struct UserChange: Sendable {
        public var displayName: String?
        public var role: Role?
        public var unit: String??
        public var active: Bool?
        public init(displayName: String? = nil, role: Role? = nil, unit: String?? = nil, active: Bool? = nil) {
            self.displayName = displayName; self.role = role; self.unit = unit; self.active = active
        }
    }

    public func updateUser(username: String, _ change: UserChange, by actor: Actor, now: Date) async throws -> User {
        try requireAdmin(actor)
        guard var user = try await existingUser(username) else {
            throw HuiyinError.notFound("user_not_found", "用户“\(username)”不存在")
        }
        if let v = change.displayName { user.displayName = v }
        if let v = change.role { user.role = v }
        if let v = change.unit { user.unitCode = v }
        if let v = change.active { user.active = v }
        if actor.user?.id == user.id, user.active == false || user.role != .admin {
            throw HuiyinError.invalid("cannot_demote_self", "不能停用自己或取消自己的管理员角色")
        }
        try User.validate(username: user.username, displayName: user.displayName, role: user.role, unitCode: user.unitCode,
                          in: reference.snapshot.directory)
        try await store.updateUser(user, audit: audit(actor, "users.update", username, now,
                                                      ["role": user.role.rawValue, "unit": user.unitCode ?? "", "active": String(user.active)]))
        auth.sessions.forget(userID: user.id)
        return user
    }

    public func setPassword(username: String, password: String, by actor: Actor, now: Date) async throws {
        guard let user = try await existingUser(username) else {
            throw HuiyinError.notFound("user_not_found", "用户“\(username)”不存在")
        }
        if actor.user?.id != user.id { try requireAdmin(actor) }
        try User.validate(password: password)
        let hash = await Passwords.hash(password, cost: settings.bcryptCost)
        try await store.setPassword(userID: user.id, passwordHash: hash, audit: audit(actor, "users.password", username, now))
        auth.sessions.forget(userID: user.id)
    }

    public func users(by actor: Actor) async throws -> [User] {
        try requireAdmin(actor)
        return try await store.users()
    }

    // MARK: Calendar and rule sets

    /// Adds or replaces a year of the holiday schedule and recomputes the deadlines of open cases.
    public func saveCalendarYear(_ year: CalendarYear, by actor: Actor, now: Date) async throws -> Int {
        try requireAdmin(actor)
        try year.validate()
        try await store.saveCalendarYear(year, audit: audit(actor, "calendar.save", String(year.year), now,
                                                            ["holidays": String(year.holidays.count), "workdays": String(year.workdays.count)]))
        try await reference.reload()
        return try await cases.reindexOpenCases(now: now)
    }

    public func saveRuleSet(_ rules: RuleSet, by actor: Actor, now: Date) async throws -> Int {
        try requireAdmin(actor)
        try rules.validate()
        try await store.saveRuleSet(rules, audit: audit(actor, "rule_set.save", rules.id, now))
        try await reference.reload()
        return try await cases.reindexOpenCases(now: now)
    }

    /// The newest `limit` (1…1000) audit entries; admins only.
    public func auditLog(limit: Int, by actor: Actor) async throws -> [AuditEntry] {
        try requireAdmin(actor)
        guard (1...1000).contains(limit) else {
            throw HuiyinError.invalid("invalid_limit", "条数（limit）须为1至1000之间的整数", field: "limit")
        }
        return try await store.auditLog(limit: limit)
    }
}
