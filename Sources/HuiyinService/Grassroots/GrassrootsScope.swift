import HuiyinCore

/// Where a staff member's grassroots work reaches: a 网格员 their grids, an admin everything, everyone
/// else the territory subtree of their unit.
enum GrassrootsScope {
    /// Territory path prefixes the user covers (empty: nothing).
    static func paths(_ user: User, _ dir: Directory) -> [String] {
        switch user.role {
        case .citizen: return []
        case .admin: return ["/"]
        case .gridWorker: return user.grids.compactMap { dir.territoryPath($0) }
        default: return user.unitCode.flatMap { dir.unit($0)?.territoryCode }.flatMap { dir.territoryPath($0) }.map { [$0] } ?? []
        }
    }

    /// The path prefixes a list query takes: nil (everywhere) for an admin, else ``paths(_:_:)``.
    static func listPaths(_ user: User, _ dir: Directory) -> [String]? { user.role == .admin ? nil : paths(user, dir) }

    static func covers(_ territory: String, _ user: User, _ dir: Directory) -> Bool {
        guard let path = dir.territoryPath(territory) else { return false }
        return paths(user, dir).contains { path.hasPrefix($0) }
    }

    static func staff(_ actor: Actor, _ what: String) throws -> User {
        guard let u = actor.user, u.role.isStaff else { throw HuiyinError.forbidden("role_not_allowed", "只有工作人员可以\(what)") }
        return u
    }

    /// A required one-line or multi-line text, trimmed, bounded and free of control characters.
    static func text(_ raw: String?, field: String, label: String, max: Int, multiline: Bool = false) throws -> String {
        guard let t = raw?.trimmedOrNil else { throw HuiyinError.missing(field, label) }
        guard t.count <= max else { throw HuiyinError.invalid("too_long", "\(label)不得超过\(max)字", field: field) }
        guard !t.containsControlCharacters(allowingLineBreaks: multiline) else {
            throw HuiyinError.invalid("invalid_characters", "\(label)含有不可见的控制字符", field: field)
        }
        return t
    }

    /// An optional text: nil when blank.
    static func optionalText(_ raw: String?, field: String, label: String, max: Int, multiline: Bool = false) throws -> String? {
        guard raw?.trimmedOrNil != nil else { return nil }
        return try text(raw, field: field, label: label, max: max, multiline: multiline)
    }

    static func date(_ raw: String?, field: String, default fallback: LocalDate) throws -> LocalDate {
        guard let raw = raw?.trimmedOrNil else { return fallback }
        guard let d = LocalDate(raw) else { throw HuiyinError.invalid("invalid_date", "日期格式应为 YYYY-MM-DD", field: field) }
        return d
    }

    /// A territory (code or name) the user covers; `outside_scope` otherwise.
    static func territory(_ raw: String?, _ user: User, _ dir: Directory) throws -> String {
        guard let raw = raw?.trimmedOrNil else { throw HuiyinError.missing("territory", "属地") }
        let code = try Intake.resolveTerritory(raw, in: dir)
        guard covers(code, user, dir) else {
            throw HuiyinError.forbidden("outside_scope", "“\(dir.territory(code)?.name ?? code)”不在您的辖区")
        }
        return code
    }

    /// A count entered by people: a whole number from 0 to `max`.
    static func count(_ value: Int?, field: String, label: String, max: Int = 1_000_000) throws -> Int {
        guard let value else { throw HuiyinError.missing(field, label) }
        guard (0...max).contains(value) else { throw HuiyinError.invalid("invalid_count", "\(label)须为 0–\(max) 的整数", field: field) }
        return value
    }

    /// The role check of a grassroots register: `roles` only, with the Chinese reason.
    static func require(_ user: User, _ roles: [Role], _ what: String) throws {
        guard roles.contains(user.role) else { throw HuiyinError.forbidden("role_not_allowed", "“\(user.role.label)”不能\(what)") }
    }
}
