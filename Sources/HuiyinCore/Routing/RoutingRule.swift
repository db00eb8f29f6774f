/// 属地管理、分级负责，谁主管、谁负责, as data: which unit leads (and which assist) for matters of a
/// territory and category, when dispatched by an office of a given level. Admins edit the list.
public struct RoutingRule: Codable, Sendable, Hashable {
    /// Territory code: the rule covers this territory and everything below it (nil: anywhere).
    public var territory: String?
    /// Category code or path: the rule covers this node and everything below it (nil: any matter).
    public var category: String?
    /// The level of the dispatching office the rule is for (市级 offices route differently from 区级; nil: any).
    public var level: TerritoryLevel?
    public var leadUnit: String
    public var assistingUnits: [String]
    public var note: String?

    public init(territory: String?, category: String?, level: TerritoryLevel?, leadUnit: String, assistingUnits: [String] = [], note: String? = nil) {
        self.territory = territory; self.category = category; self.level = level; self.leadUnit = leadUnit
        self.assistingUnits = assistingUnits; self.note = note
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        territory = try c.decodeIfPresent(String.self, forKey: .territory)
        category = try c.decodeIfPresent(String.self, forKey: .category)
        level = try c.decodeIfPresent(String.self, forKey: .level).map { raw in
            guard let l = TerritoryLevel(parsing: raw) else {
                throw HuiyinError.invalid("invalid_level", "层级“\(raw)”无效（省、市、县区、乡镇街道、村社区、网格）", field: "level")
            }
            return l
        }
        leadUnit = try c.decode(String.self, forKey: .leadUnit)
        assistingUnits = try c.decodeIfPresent([String].self, forKey: .assistingUnits) ?? []
        note = try c.decodeIfPresent(String.self, forKey: .note)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(territory, forKey: .territory)
        try c.encodeIfPresent(category, forKey: .category)
        try c.encodeIfPresent(level?.rawValue, forKey: .level)
        try c.encode(leadUnit, forKey: .leadUnit)
        try c.encode(assistingUnits, forKey: .assistingUnits)
        try c.encodeIfPresent(note, forKey: .note)
    }

    private enum CodingKeys: String, CodingKey {
        case territory, category, level, note
        case leadUnit = "lead_unit", assistingUnits = "assisting_units"
    }
}

/// The routing suggestion for a case: from the most specific matching rule, else from the units'
/// competences.
public struct RoutingSuggestion: Sendable, Hashable {
    public enum Source: String, Sendable { case rule, competence }
    public var leadUnit: String
    public var assistingUnits: [String]
    public var source: Source
    /// Index of the rule in the list (source = rule).
    public var ruleIndex: Int?
    /// Why, in Chinese, for the dispatcher.
    public var reason: String
}

public enum Routing {
    /// Checks every rule against the directory and normalises category paths to codes. Errors name the
    /// rule (1-based) in Chinese.
    public static func validate(_ rules: [RoutingRule], in dir: Directory) throws -> [RoutingRule] {
        guard rules.count <= 5000 else { throw HuiyinError.invalid("too_many_rules", "派单规则不得超过5000条") }
        return try rules.enumerated().map { i, r in
            var r = r
            let at = "第\(i + 1)条规则："
            if let t = r.territory?.trimmed, !t.isEmpty {
                guard dir.territory(t) != nil else { throw HuiyinError.invalid("unknown_territory", at + "属地“\(t)”不存在", field: "territory") }
                r.territory = t
            } else { r.territory = nil }
            if let cat = r.category?.trimmed, !cat.isEmpty {
                do { r.category = try dir.categories.resolve(cat).code } catch {
                    throw HuiyinError.invalid("unknown_category", at + "问题分类“\(cat)”不存在", field: "category")
                }
            } else { r.category = nil }
            for (code, field) in [(r.leadUnit, "lead_unit")] + r.assistingUnits.map({ ($0, "assisting_units") }) {
                guard let u = dir.unit(code), u.active else {
                    throw HuiyinError.invalid("unknown_unit", at + "单位“\(code)”不存在或已停用", field: field)
                }
            }
            guard !r.assistingUnits.contains(r.leadUnit), Set(r.assistingUnits).count == r.assistingUnits.count else {
                throw HuiyinError.invalid("duplicate_unit", at + "协办单位重复或与主办单位相同", field: "assisting_units")
            }
            return r
        }
    }

    /// The suggestion for `c` when dispatched by `dispatcherUnit`: the matching rule with the deepest
    /// territory, then the deepest category, then the earliest in the list; units the accused-unit rule
    /// or the dispatcher's scope exclude are skipped.
    public static func suggest(for c: Case, rules: [RoutingRule], dispatcherUnit: String?, in dir: Directory) -> RoutingSuggestion? {
        let home = dispatcherUnit.flatMap { dir.unit($0) }
        func usable(_ code: String) -> Bool {
            guard let u = dir.unit(code), u.active, AccessPolicy.mayHandle(unit: code, c, in: dir) else { return false }
            if let home, !dir.territory(u.territoryCode, isWithin: home.territoryCode) { return false }
            return true
        }
        var best: (score: Int, index: Int, rule: RoutingRule)?
        for (i, r) in rules.enumerated() {
            if let lvl = r.level, lvl != home?.level { continue }
            var score = 0
            if let t = r.territory {
                guard let ct = c.territoryCode, dir.territory(ct, isWithin: t) else { continue }
                score += 100 * ((dir.territoryPath(t)?.split(separator: "/").count ?? 0) + 1)
            }
            if let cat = r.category {
                guard let cc = c.categoryCode, cc.hasPrefix(cat) else { continue }
                score += cat.count
            }
            if r.level != nil { score += 1 }
            guard usable(r.leadUnit) else { continue }
            if best == nil || score > best!.score { best = (score, i, r) }
        }
        if let b = best {
            let where_ = [b.rule.territory.map { dir.territoryNames($0).joined(separator: "/") },
                          b.rule.category.flatMap { dir.categories.node(code: $0)?.name }].compactMap { $0 }.joined(separator: " × ")
            return RoutingSuggestion(leadUnit: b.rule.leadUnit, assistingUnits: b.rule.assistingUnits.filter(usable), source: .rule,
                                     ruleIndex: b.index, reason: "派单规则第\(b.index + 1)条（\(where_.isEmpty ? "通用" : where_)）")
        }
        // No rule: the lowest-level unit whose competence covers the category (谁主管、谁负责), within the
        // case's territory chain when possible.
        guard let cat = c.categoryCode else { return nil }
        let competent = dir.units.values.filter { u in
            usable(u.code) && u.competence.contains { cat.hasPrefix($0) || $0.hasPrefix(String(cat.prefix(2))) }
        }
        let local = competent.filter { u in c.territoryCode.map { dir.territory($0, isWithin: u.territoryCode) } ?? false }
        let pick = (local.isEmpty ? competent : local).sorted { a, b in
            let da = dir.territoryPath(a.territoryCode)?.count ?? 0, db = dir.territoryPath(b.territoryCode)?.count ?? 0
            let sa = a.competence.map { cat.hasPrefix($0) ? $0.count : 0 }.max() ?? 0
            let sb = b.competence.map { cat.hasPrefix($0) ? $0.count : 0 }.max() ?? 0
            return (da, sa, b.code) > (db, sb, a.code)
        }.first
        guard let u = pick else { return nil }
        return RoutingSuggestion(leadUnit: u.code, assistingUnits: [], source: .competence, ruleIndex: nil,
                                 reason: "按职责（\(u.name)主管该类事项）")
    }
}
