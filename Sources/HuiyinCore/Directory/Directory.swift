/// A consistent snapshot of territories, units and categories, with the derived paths and ancestry every
/// scope and routing rule needs.
///
/// Built by ``Directory/init(territories:units:categories:)``, which rejects an inconsistent directory
/// (unknown parent, a village above a town, a cycle, a unit on an unknown territory …).
public struct Directory: Sendable {
    public private(set) var territories: [String: Territory] = [:]
    public private(set) var units: [String: OrgUnit] = [:]
    public private(set) var categories: CategoryTree
    private var paths: [String: String] = [:]

    public init(territories: [Territory], units: [OrgUnit], categories: CategoryTree) throws {
        self.categories = categories
        for t in territories {
            try Code.validate(t.code, what: "属地")
            guard !t.name.trimmed.isEmpty else {
                throw HuiyinError.invalid("invalid_territory", "属地“\(t.code)”缺少名称")
            }
            guard self.territories[t.code] == nil else {
                throw HuiyinError.invalid("duplicate_code", "属地编码“\(t.code)”重复")
            }
            self.territories[t.code] = t
        }
        for t in territories { paths[t.code] = try path(of: t) }
        for u in units {
            try Code.validate(u.code, what: "单位")
            guard self.units[u.code] == nil else { throw HuiyinError.invalid("duplicate_code", "单位编码“\(u.code)”重复") }
            guard !u.name.trimmed.isEmpty else {
                throw HuiyinError.invalid("invalid_unit", "单位“\(u.code)”缺少名称")
            }
            guard self.territories[u.territoryCode] != nil else {
                throw HuiyinError.invalid("unknown_territory", "单位“\(u.name)”的属地“\(u.territoryCode)”不存在")
            }
            for c in u.competence where categories.node(code: c)?.active != true {
                let what = categories.node(code: c) == nil ? "不存在" : "已停用"
                throw HuiyinError.invalid("unknown_category", "单位“\(u.name)”的职责分类“\(c)”\(what)，请先调整该单位的职责")
            }
            self.units[u.code] = u
        }
        for u in units {
            var seen: Set<String> = [u.code]
            var parent = u.parentCode
            while let p = parent {
                guard let pu = self.units[p] else {
                    throw HuiyinError.invalid("unknown_unit", "单位“\(u.name)”的上级单位“\(p)”不存在")
                }
                guard seen.insert(p).inserted else {
                    throw HuiyinError.invalid("unit_cycle", "单位“\(u.name)”的上级关系形成循环")
                }
                parent = pu.parentCode
            }
        }
    }

    private func path(of t: Territory) throws -> String {
        var codes = [t.code]
        var seen: Set<String> = [t.code]
        var child = t
        while let p = child.parentCode {
            guard let parent = territories[p] else {
                throw HuiyinError.invalid("unknown_territory", "属地“\(t.name)”的上级“\(p)”不存在")
            }
            guard parent.level < child.level else {
                throw HuiyinError.invalid("invalid_territory",
                    "属地“\(child.name)”（\(child.level.label)）不能隶属于同级或下级“\(parent.name)”（\(parent.level.label)）")
            }
            guard seen.insert(p).inserted else { throw HuiyinError.invalid("territory_cycle", "属地上级关系形成循环") }
            codes.insert(p, at: 0)
            child = parent
        }
        return "/" + codes.joined(separator: "/") + "/"
    }

    public func territory(_ code: String) -> Territory? { territories[code] }
    public func unit(_ code: String) -> OrgUnit? { units[code] }

    /// `/city/district/town/`: the materialized path used for subtree queries (prefix = subtree).
    public func territoryPath(_ code: String) -> String? { paths[code] }

    /// Names from the top down, e.g. ["云溪市", "东湖区", "青石镇"].
    public func territoryNames(_ code: String) -> [String] {
        guard let p = paths[code] else { return [] }
        return p.split(separator: "/").compactMap { territories[String($0)]?.name }
    }

    /// Whether territory `code` lies in the subtree rooted at `root` (a node covers itself).
    public func territory(_ code: String, isWithin root: String) -> Bool {
        guard let p = paths[code], let r = paths[root] else { return false }
        return p.hasPrefix(r)
    }

    /// The unit and every unit above it, nearest first.
    public func unitChain(_ code: String) -> [OrgUnit] {
        var chain: [OrgUnit] = []
        var current = units[code]
        while let u = current {
            chain.append(u)
            current = u.parentCode.flatMap { units[$0] }
        }
        return chain
    }

    /// Whether `unit` is `ancestor` or lies below it in the unit hierarchy.
    public func unit(_ unit: String, isWithin ancestor: String) -> Bool {
        unitChain(unit).contains { $0.code == ancestor }
    }

    /// A copy with territories and units added or replaced by code; validated as a whole.
    public func merging(territories newT: [Territory] = [], units newU: [OrgUnit] = []) throws -> Directory {
        var t = territories
        for x in newT { t[x.code] = x }
        var u = units
        for x in newU { u[x.code] = x }
        return try Directory(territories: Array(t.values), units: Array(u.values), categories: categories)
    }

    /// A copy with a new category tree; units that name a vanished category are rejected.
    public func replacingCategories(_ tree: CategoryTree) throws -> Directory {
        try Directory(territories: Array(territories.values), units: Array(units.values), categories: tree)
    }
}
