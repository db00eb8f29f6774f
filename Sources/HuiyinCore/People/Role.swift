/// What a user does in the system. Permissions per action are in ``Permissions``.
public enum Role: String, Codable, Sendable, CaseIterable {
    /// 群众: submits and follows their own matters.
    case citizen
    /// 登记员 / 接访员 / 话务员: registers letters, visits and calls; records return visits.
    case registrar
    /// 信访部门 / 派单员: accepts, refuses, transfers, assigns, orders redo, closes.
    case dispatcher
    /// 承办人: handles cases assigned to their unit.
    case handler
    /// 督查督办: watches clocks, orders redo.
    case supervisor
    /// 领导: approves extensions, reads everything in scope.
    case leader
    /// 管理员: territories, units, users, categories, calendars, rule sets.
    case admin
    /// 网格员: visits the households of their grids (民情日记) and reports issues from them (网格上报);
    /// sees only the cases of the grids assigned to them.
    case gridWorker = "grid_worker"

    public var label: String {
        switch self {
        case .citizen: return "群众"
        case .registrar: return "登记员"
        case .dispatcher: return "信访部门派单员"
        case .handler: return "承办人"
        case .supervisor: return "督查督办员"
        case .leader: return "领导"
        case .admin: return "管理员"
        case .gridWorker: return "网格员"
        }
    }

    /// English names or the Chinese labels (also 派单员, 接访员, 督查员).
    public init?(parsing text: String) {
        let t = text.trimmed
        if let r = Role(rawValue: t.lowercased()) { self = r; return }
        switch t {
        case "群众", "信访人", "公民": self = .citizen
        case "登记员", "接访员", "话务员": self = .registrar
        case "信访部门派单员", "派单员", "信访部门": self = .dispatcher
        case "承办人", "承办员": self = .handler
        case "督查督办员", "督查员", "督办员": self = .supervisor
        case "领导": self = .leader
        case "管理员": self = .admin
        case "网格员", "专职网格员": self = .gridWorker
        default: return nil
        }
    }

    /// Staff roles belong to a unit; citizens do not.
    public var isStaff: Bool { self != .citizen }
}
