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
}
