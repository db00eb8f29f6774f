import Foundation
import HuiyinCore
import HuiyinStore

/// List filters as typed by people or sent as URL query parameters, before validation.
///
/// `state`, `channel` and `kind` take comma-separated lists (English names or Chinese labels);
/// `territory` and `category` select a subtree; `overdue=true` keeps 超期 cases, `due_soon=true` 临期
/// ones; `from`/`to` bound the receipt date; `q` is a case number or a full-text search of title, content and answers (best match first).
public struct CaseFilter: Sendable, Hashable {
    public var state: String?
    public var unit: String?
    public var territory: String?
    public var category: String?
    public var channel: String?
    public var kind: String?
    public var overdue: String?
    public var dueSoon: String?
    public var from: String?
    public var to: String?
    public var q: String?
    /// 民情回音墙 moderation status: pending, published, withheld.
    public var wall: String?
    /// 督办: at least this rung (1–4 or 督办 / 挂牌督办 / 约谈 / 通报).
    public var supervised: String?
    /// 领导包案: the leader's user id.
    public var ownerLeader: String?
    /// 责任追究 records against this unit.
    public var accountableUnit: String?
    /// 重复访 only.
    public var repeatOnly: String?
    public var sort: String?
    public var page: String?
    public var perPage: String?

    public init() {}

    /// Builds a filter from `key=value` pairs (URL query parameters).
    public init(parameters p: [String: String]) {
        state = p["state"]; unit = p["unit"]; territory = p["territory"]; category = p["category"]
        channel = p["channel"]; kind = p["kind"]; overdue = p["overdue"]; dueSoon = p["due_soon"]
        from = p["from"]; to = p["to"]; q = p["q"]; wall = p["wall"]; sort = p["sort"]
        supervised = p["supervised"]; ownerLeader = p["owner_leader"]; accountableUnit = p["accountable_unit"]; repeatOnly = p["repeat"]; page = p["page"]; perPage = p["per_page"]
    }

    public static let maxPerPage = 100

    func query(scope: ListScope, directory dir: Directory, today: LocalDate) throws -> CaseQuery {
        var query = CaseQuery(scope: scope)
        func list<T>(_ raw: String?, _ field: String, _ label: String, _ parse: (String) -> T?) throws -> [T] {
            guard let raw, !raw.isEmpty else { return [] }
            return try raw.split(separator: ",").map { part in
                guard let v = parse(String(part)) else {
                    throw HuiyinError.invalid("invalid_filter", "筛选条件 \(field) 的值“\(part)”不是有效的\(label)", field: field)
                }
                return v
            }
        }
        func date(_ raw: String?, _ field: String) throws -> LocalDate? {
            guard let raw, !raw.isEmpty else { return nil }
            guard let d = LocalDate(raw) else {
                throw HuiyinError.invalid("invalid_filter", "筛选条件 \(field) 应为 YYYY-MM-DD", field: field)
            }
            return d
        }
        func flag(_ raw: String?) -> Bool { ["1", "true", "yes", "是"].contains(raw?.lowercased() ?? "") }

        query.states = try list(state, "state", "状态", CaseState.init(parsing:))
        query.channels = try list(channel, "channel", "渠道", Channel.init(parsing:))
        query.kinds = try list(kind, "kind", "信访类型", LegalKind.init(parsing:))
        if let unit, !unit.isEmpty {
            guard dir.unit(unit) != nil else { throw HuiyinError.invalid("unknown_unit", "单位“\(unit)”不存在", field: "unit") }
            query.leadUnit = unit
        }
        if let territory, !territory.isEmpty {
            let code = try Intake.resolveTerritory(territory, in: dir)
            query.territoryPath = dir.territoryPath(code)
        }
        if let category, !category.isEmpty {
            query.categoryPrefix = try dir.categories.resolve(category).code
        }
        if flag(overdue) { query.overdueAsOf = today }
        if flag(dueSoon) { query.dueSoonAsOf = today }
        if let wall, !wall.isEmpty {
            guard let w = WallStatus(rawValue: wall) ?? WallStatus.allCases.first(where: { $0.label == wall }) else {
                throw HuiyinError.invalid("invalid_filter", "筛选条件 wall 只能是 pending、published、withheld", field: "wall")
            }
            query.wall = w
        }
        if let supervised, !supervised.isEmpty {
            guard let level = SupervisionLevel(parsing: supervised) else {
                throw HuiyinError.invalid("invalid_filter", "督办级别只能是 1–4 或 督办、挂牌督办、约谈、通报", field: "supervised")
            }
            query.minSupervisionLevel = level.rawValue
        }
        if let ownerLeader, !ownerLeader.isEmpty {
            guard let id = Int64(ownerLeader) else { throw HuiyinError.invalid("invalid_filter", "包案领导应为用户编号", field: "owner_leader") }
            query.ownerLeader = id
        }
        if let accountableUnit, !accountableUnit.isEmpty {
            guard dir.unit(accountableUnit) != nil else {
                throw HuiyinError.invalid("unknown_unit", "单位“\(accountableUnit)”不存在", field: "accountable_unit")
            }
            query.accountableUnit = accountableUnit
        }
        query.repeatsOnly = flag(repeatOnly)
        query.receivedFrom = try date(from, "from")
        query.receivedTo = try date(to, "to")
        if let q = q?.trimmed, !q.isEmpty {
            guard q.count <= 100 else { throw HuiyinError.invalid("invalid_filter", "搜索内容不得超过100字", field: "q") }
            // A read-aloud number finds that case; anything else is full-text, best match first.
            if let number = CaseNumber.normalize(q) {
                query.number = number
            } else {
                query.text = q
                query.sort = .relevance
            }
        }
        if let sort, !sort.isEmpty {
            guard let s = CaseQuery.Sort(rawValue: sort) else {
                let all = CaseQuery.Sort.allCases.map(\.rawValue).joined(separator: ", ")
                throw HuiyinError.invalid("invalid_filter", "排序方式只能是：\(all)", field: "sort")
            }
            query.sort = s
        }
        let pageNumber = try page.flatMap { $0.isEmpty ? nil : $0 }.map { raw -> Int in
            guard let n = Int(raw), n >= 1, n <= 100_000 else {
                throw HuiyinError.invalid("invalid_filter", "页码应为正整数", field: "page")
            }
            return n
        } ?? 1
        query.limit = try perPage.flatMap { $0.isEmpty ? nil : $0 }.map { raw -> Int in
            guard let n = Int(raw), (1...Self.maxPerPage).contains(n) else {
                throw HuiyinError.invalid("invalid_filter", "每页条数应在1到\(Self.maxPerPage)之间", field: "per_page")
            }
            return n
        } ?? 20
        query.offset = (pageNumber - 1) * query.limit
        return query
    }
}
