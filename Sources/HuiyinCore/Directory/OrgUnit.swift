/// What kind of body a unit is.
public enum UnitKind: String, Codable, Sendable, CaseIterable {
    /// 信访部门 / 12345 热线: registers, disposes, supervises.
    case petitionOffice = "petition_office"
    /// 党委、政府及其办事机构: the level's leading body, usually the unit above its departments.
    case government
    /// 职能部门 (住建、人社、生态环境、教育、公安 …).
    case department
    /// 纪检监察机关: receives 检举控告.
    case discipline
    /// 政法机关: 涉法涉诉 matters.
    case judicial
    /// 村（居）民委员会、网格等基层组织.
    case grassroots
    case other

    public var label: String {
        switch self {
        case .petitionOffice: return "信访部门"
        case .government: return "党委政府"
        case .department: return "职能部门"
        case .discipline: return "纪检监察机关"
        case .judicial: return "政法机关"
        case .grassroots: return "基层组织"
        case .other: return "其他"
        }
    }

    /// English names or the Chinese labels above.
    public init?(parsing text: String) {
        let t = text.trimmed
        if let v = UnitKind(rawValue: t.lowercased()) { self = v; return }
        guard let v = UnitKind.allCases.first(where: { $0.label == t }) else { return nil }
        self = v
    }
}

/// A body or department that handles cases (承办单位), with its territory, level and competence.
///
/// Scope (管辖范围) of the unit's users is the territory subtree of the unit's territory. `parentCode`
/// names the unit above (上一级机关), who hears a 复查 of this unit's answers.
public struct OrgUnit: Codable, Sendable, Hashable {
    public var code: String
    public var name: String
    public var territoryCode: String
    /// The administrative level of the unit (市级, 县级 …); by default the level of its territory.
    public var level: TerritoryLevel
    public var kind: UnitKind
    public var parentCode: String?
    /// Category codes this unit handles (归口); a code covers its whole subtree. Empty: general competence.
    public var competence: [String]
    public var active: Bool

    public init(code: String, name: String, territoryCode: String, level: TerritoryLevel, kind: UnitKind,
                parentCode: String? = nil, competence: [String] = [], active: Bool = true) {
        self.code = code; self.name = name; self.territoryCode = territoryCode; self.level = level
        self.kind = kind; self.parentCode = parentCode; self.competence = competence; self.active = active
    }

    private enum CodingKeys: String, CodingKey {
        case code, name, level, kind, competence, active
        case territoryCode = "territory", parentCode = "parent"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        code = try c.decode(String.self, forKey: .code)
        name = try c.decode(String.self, forKey: .name)
        territoryCode = try c.decode(String.self, forKey: .territoryCode)
        level = try c.decode(TerritoryLevel.self, forKey: .level)
        kind = try c.decode(UnitKind.self, forKey: .kind)
        parentCode = try c.decodeIfPresent(String.self, forKey: .parentCode)
        competence = try c.decodeIfPresent([String].self, forKey: .competence) ?? []
        active = try c.decodeIfPresent(Bool.self, forKey: .active) ?? true
    }
}
