/// Who may see a case and how much of it: territorial scope, unit involvement, the petitioner's own
/// case, and the whistleblower rule (条例 第三十条: 检举控告 material never reaches the accused).
public enum AccessPolicy {
    /// The territory that decides scope: where the matter happened, or, before that is known, the
    /// territory of the unit that registered it.
    public static func scopeTerritory(of c: Case, in dir: Directory) -> String? {
        c.territoryCode ?? c.ownerUnitCode.flatMap { dir.unit($0)?.territoryCode }
    }

    /// The case lies in the territory subtree of `unit`.
    public static func inTerritorialScope(_ c: Case, unit: String, in dir: Directory) -> Bool {
        guard let home = dir.unit(unit)?.territoryCode, let t = scopeTerritory(of: c, in: dir) else { return false }
        return dir.territory(t, isWithin: home)
    }

    /// The case lies in one of the grids assigned to a 网格员.
    public static func inGrids(_ c: Case, of user: User, in dir: Directory) -> Bool {
        inGrids(territory: c.territoryCode, of: user, in: dir)
    }

    /// The territory lies in one of the grids assigned to a 网格员.
    public static func inGrids(territory: String?, of user: User, in dir: Directory) -> Bool {
        guard let territory else { return false }
        return user.grids.contains { dir.territory(territory, isWithin: $0) }
    }

    /// 属地 scope of a staff member: their grids for a 网格员, their unit's territory subtree for everyone else.
    public static func inScope(_ c: Case, of user: User, in dir: Directory) -> Bool {
        if user.role == .gridWorker { return inGrids(c, of: user, in: dir) }
        guard let unit = user.unitCode else { return false }
        return inTerritorialScope(c, unit: unit, in: dir)
    }

    /// Users of the accused unit, or of any unit below it, on a case that names an accused unit.
    public static func isAccusedParty(_ user: User, of c: Case, in dir: Directory) -> Bool {
        guard let accused = c.accusedUnitCode, let unit = user.unitCode else { return false }
        return dir.unit(unit, isWithin: accused)
    }

    /// Whether a unit may be given a handling role on the case (never the accused unit or one below it).
    public static func mayHandle(unit: String, _ c: Case, in dir: Directory) -> Bool {
        guard let accused = c.accusedUnitCode else { return true }
        return !dir.unit(unit, isWithin: accused)
    }

    /// Whether `actor` may open the case at all. Users of an accused unit never do: neither the
    /// accuser's identity nor the material may reach them (条例 第三十条).
    public static func canView(_ c: Case, by actor: Actor, in dir: Directory) -> Bool {
        switch actor.kind {
        case .system, .petitioner: return true
        case .user(let u):
            if isAccusedParty(u, of: c, in: dir) { return false }
            switch u.role {
            case .citizen: return c.submittedBy == u.id
            case .handler:
                guard let unit = u.unitCode else { return false }
                return c.involvedUnitCodes.contains(unit)
            case .gridWorker:
                return inGrids(c, of: u, in: dir)
            case .registrar, .dispatcher, .supervisor, .leader, .admin:
                guard let unit = u.unitCode else { return false }
                return inTerritorialScope(c, unit: unit, in: dir) || c.involvedUnitCodes.contains(unit)
            }
        }
    }

    /// Units whose users must not see cases that accuse them: the user's unit and every unit above it
    /// (a case accusing 青石镇政府 is hidden from its 信访办 too).
    public static func accusedUnitsHidden(from user: User, in dir: Directory) -> [String] {
        user.unitCode.map { dir.unitChain($0).map(\.code) } ?? []
    }

    /// What a list query must be limited to for `user`.
    public static func listScope(for user: User, in dir: Directory) -> ListScope {
        switch user.role {
        case .citizen: return .submittedBy(user.id)
        case .handler: return .involvedUnit(user.unitCode ?? "")
        case .gridWorker:
            let paths = user.grids.compactMap { dir.territoryPath($0) }
            return paths.isEmpty ? .nothing : .territories(paths)
        default:
            guard let unit = user.unitCode, let t = dir.unit(unit)?.territoryCode, let path = dir.territoryPath(t) else {
                return .nothing
            }
            return .territoryOrUnit(path: path, unit: unit)
        }
    }
}

/// The part of all cases a user's list may show; the store turns it into a WHERE clause.
public enum ListScope: Sendable, Hashable {
    /// Cases whose scope territory path starts with `path`, or in which `unit` is involved.
    case territoryOrUnit(path: String, unit: String)
    /// Cases whose scope territory path starts with one of `paths` (a 网格员's grids).
    case territories([String])
    /// Cases where the unit is lead, assisting, 复查 or 复核 unit.
    case involvedUnit(String)
    /// A citizen's own cases.
    case submittedBy(Int64)
    /// 民情回音墙 messages staff have published (the public wall).
    case publicWall
    /// Open cases under 挂牌督办 or higher (publicly listed; no personal data is shown).
    case publicListed
    case nothing
}
