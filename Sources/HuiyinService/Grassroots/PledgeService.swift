import Foundation
import HuiyinCore
import HuiyinStore

/// 承诺践诺: organisations (e.g. 村党支部) and their members pledge in public, staff record whether each
/// pledge was kept with its evidence, and the fulfilment rate of every organisation is published on the
/// portal (e.g. 21,100 of 24,600 = 85.8 %).
public final class PledgeService: Sendable {
    let store: any HuiyinStore
    let reference: ReferenceData
    let admin: AdminService

    init(store: any HuiyinStore, reference: ReferenceData, admin: AdminService) {
        self.store = store; self.reference = reference; self.admin = admin
    }

    public struct Input: Sendable {
        public var organisation: String?
        public var member: String?
        public var territory: String?
        public var title: String?
        public var detail: String?
        public var dueOn: String?
        public var status: String?
        public var evidence: String?
        public var published: Bool
        public init(organisation: String?, member: String? = nil, territory: String?, title: String?, detail: String? = nil, dueOn: String? = nil,
                    status: String? = nil, evidence: String? = nil, published: Bool = true) {
            self.organisation = organisation; self.member = member; self.territory = territory; self.title = title; self.detail = detail
            self.dueOn = dueOn; self.status = status; self.evidence = evidence; self.published = published
        }
    }

    /// An organisation's pledges and how many were kept; the rate is kept of all pledges (one decimal).
    public struct RateRow: Sendable {
        public var organisation: String
        public var total: Int
        public var fulfilled: Int
        public var unfulfilled: Int
        public var pending: Int { total - fulfilled - unfulfilled }
        public var rate: Rate { Rate(fulfilled, of: total) }
    }

    /// Units' staff who register and settle pledges; grid workers and registrars do not.
    public static let editors: [Role] = [.handler, .dispatcher, .leader, .admin]
    static let maxImport = 100_000

    public func create(_ input: Input, by actor: Actor, now: Date) async throws -> PledgeRecord {
        let user = try GrassrootsScope.staff(actor, "登记承诺")
        try GrassrootsScope.require(user, Self.editors, "登记承诺")
        let dir = reference.snapshot.directory
        let p = try pledge(input, user, dir, now: now, row: nil)
        let ids = try await store.createPledges([p], scopePaths: [dir.territoryPath(p.territoryCode)!],
                                                audit: admin.audit(actor, "pledge.create", p.organisation, now, ["title": p.title]))
        return try await store.pledge(id: ids[0])!
    }

    /// Imports pledges from CSV (header `organisation,member,territory,title,detail,due_on,status,evidence`,
    /// Chinese headers 组织/党员/属地/承诺事项/具体内容/时限/状态/践诺凭证 accepted), all or nothing: the first
    /// bad row is reported with its line number and nothing is saved.
    public func importCSV(_ text: String, published: Bool, by actor: Actor, now: Date) async throws -> Int {
        let user = try GrassrootsScope.staff(actor, "导入承诺")
        try GrassrootsScope.require(user, Self.editors, "导入承诺")
        let rows = CSV.parse(text).filter { !$0.allSatisfy { $0.trimmed.isEmpty } }
        guard let header = rows.first else { throw HuiyinError.invalid("empty_csv", "CSV 为空", field: "body") }
        let names = ["organisation": ["organisation", "组织", "组织名称"], "member": ["member", "党员", "承诺人"], "territory": ["territory", "属地"],
                     "title": ["title", "承诺事项"], "detail": ["detail", "具体内容"], "due_on": ["due_on", "时限", "完成时限"],
                     "status": ["status", "状态"], "evidence": ["evidence", "践诺凭证"]]
        var column: [String: Int] = [:]
        for (i, h) in header.enumerated() {
            let h = h.trimmed.trimmingCharacters(in: CharacterSet(charactersIn: "\u{FEFF}"))
            if let key = names.first(where: { $0.value.contains(h) })?.key { column[key] = i }
        }
        for key in ["organisation", "territory", "title"] where column[key] == nil {
            throw HuiyinError.invalid("missing_column", "CSV 缺少列“\(key)”", field: "body")
        }
        guard rows.count - 1 <= Self.maxImport else {
            throw HuiyinError.invalid("too_many_rows", "一次最多导入\(Self.maxImport)条承诺", field: "body")
        }
        let dir = reference.snapshot.directory
        var pledges: [PledgeRecord] = [], paths: [String] = []
        for (n, row) in rows.dropFirst().enumerated() {
            func cell(_ key: String) -> String? { column[key].flatMap { $0 < row.count ? row[$0] : nil } }
            let input = Input(organisation: cell("organisation"), member: cell("member"), territory: cell("territory"), title: cell("title"),
                              detail: cell("detail"), dueOn: cell("due_on"), status: cell("status"), evidence: cell("evidence"), published: published)
            let p = try pledge(input, user, dir, now: now, row: n + 2)
            pledges.append(p)
            paths.append(dir.territoryPath(p.territoryCode)!)
        }
        guard !pledges.isEmpty else { throw HuiyinError.invalid("empty_csv", "CSV 没有数据行", field: "body") }
        return try await store.createPledges(pledges, scopePaths: paths,
                                             audit: admin.audit(actor, "pledge.import", String(pledges.count), now, ["rows": String(pledges.count)])).count
    }

    /// Checks one pledge; `row` (a CSV line number) prefixes the error message.
    private func pledge(_ input: Input, _ user: User, _ dir: Directory, now: Date, row: Int?) throws -> PledgeRecord {
        do {
            let status = try Self.status(input.status) ?? .pending
            let evidence = try GrassrootsScope.optionalText(input.evidence, field: "evidence", label: "践诺凭证", max: 2000, multiline: true) ?? ""
            if status == .fulfilled && evidence.isEmpty { throw HuiyinError.missing("evidence", "践诺凭证") }
            return PledgeRecord(
                organisation: try GrassrootsScope.text(input.organisation, field: "organisation", label: "承诺组织", max: 100),
                member: try GrassrootsScope.optionalText(input.member, field: "member", label: "承诺党员", max: 50) ?? "",
                territoryCode: try GrassrootsScope.territory(input.territory, user, dir), unitCode: user.unitCode ?? "",
                title: try GrassrootsScope.text(input.title, field: "title", label: "承诺事项", max: 200),
                detail: try GrassrootsScope.optionalText(input.detail, field: "detail", label: "具体内容", max: 2000, multiline: true) ?? "",
                dueOn: try input.dueOn?.trimmedOrNil.map { try GrassrootsScope.date($0, field: "due_on", default: ChinaTime.localDate(now)) },
                status: status, evidence: evidence, published: input.published, createdAt: now, createdBy: user.username)
        } catch let e as HuiyinError {
            guard let row else { throw e }
            throw HuiyinError.invalid(e.code, "第\(row)行：\(e.message)", field: "body")
        }
    }

    /// Records whether a pledge was kept (evidence required for 已践诺), or publishes / withdraws it.
    public func update(id: Int64, status raw: String?, evidence: String?, published: Bool?, by actor: Actor, now: Date) async throws -> PledgeRecord {
        let user = try GrassrootsScope.staff(actor, "更新承诺")
        try GrassrootsScope.require(user, Self.editors, "更新承诺")
        guard var p = try await store.pledge(id: id), GrassrootsScope.covers(p.territoryCode, user, reference.snapshot.directory) else {
            throw HuiyinError.notFound("pledge_not_found", "承诺不存在或不在您的辖区")
        }
        if let s = try Self.status(raw) { p.status = s }
        if let e = try GrassrootsScope.optionalText(evidence, field: "evidence", label: "践诺凭证", max: 2000, multiline: true) { p.evidence = e }
        if p.status == .fulfilled && p.evidence.isEmpty { throw HuiyinError.missing("evidence", "践诺凭证") }
        if let published { p.published = published }
        p.updatedAt = now
        try await store.updatePledge(p, audit: admin.audit(actor, "pledge.update", String(id), now,
                                                             ["status": p.status.rawValue, "published": String(p.published)]))
        return p
    }

    /// Pledges in the viewer's scope (staff), newest first.
    public func list(organisation: String?, status raw: String?, by actor: Actor) async throws -> [PledgeRecord] {
        let user = try GrassrootsScope.staff(actor, "查看承诺")
        return try await store.pledges(paths: paths(user), publishedOnly: false, organisation: organisation?.trimmedOrNil, status: try Self.status(raw),
                                       limit: 500)
    }

    /// Fulfilment rate per organisation in the viewer's scope, and the total.
    public func rates(by actor: Actor) async throws -> (rows: [RateRow], total: RateRow) {
        let user = try GrassrootsScope.staff(actor, "查看践诺率")
        return Self.rows(try await store.pledgeTallies(paths: paths(user), publishedOnly: false))
    }

    /// What the portal shows: published pledges (latest 200) and the rates counted over published pledges.
    public func publicView() async throws -> (pledges: [PledgeRecord], rows: [RateRow], total: RateRow) {
        let (rows, total) = Self.rows(try await store.pledgeTallies(paths: nil, publishedOnly: true))
        return (try await store.pledges(paths: nil, publishedOnly: true, organisation: nil, status: nil, limit: 200), rows, total)
    }

    private func paths(_ user: User) -> [String]? { GrassrootsScope.listPaths(user, reference.snapshot.directory) }

    /// A status given by code or label; nil when blank.
    static func status(_ raw: String?) throws -> PledgeStatus? {
        guard let raw = raw?.trimmedOrNil else { return nil }
        guard let s = PledgeStatus(parsing: raw) else {
            throw HuiyinError.invalid("invalid_pledge_status", "承诺状态只能是：践诺中、已践诺、未兑现", field: "status")
        }
        return s
    }

    static func rows(_ tallies: [PledgeTally]) -> (rows: [RateRow], total: RateRow) {
        let rows = tallies.map { RateRow(organisation: $0.organisation, total: $0.total, fulfilled: $0.fulfilled, unfulfilled: $0.unfulfilled) }
        return (rows, RateRow(organisation: "合计", total: rows.map(\.total).reduce(0, +), fulfilled: rows.map(\.fulfilled).reduce(0, +),
                              unfulfilled: rows.map(\.unfulfilled).reduce(0, +)))
    }
}
