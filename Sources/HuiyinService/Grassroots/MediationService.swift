import Foundation
import HuiyinCore
import HuiyinStore

/// 矛盾纠纷排查调处: screening rounds, the dispute register (parties sealed, risk level, 三个突出 flags),
/// mediation 受理 → 调查 → 调解 → 履行 → 回访, turning a dispute into a case and back, and success rates.
public final class MediationService: Sendable {
    let store: any HuiyinStore
    let vault: PersonalDataVault
    let reference: ReferenceData
    let admin: AdminService
    let cases: CaseService

    init(store: any HuiyinStore, vault: PersonalDataVault, reference: ReferenceData, admin: AdminService, cases: CaseService) {
        self.store = store; self.vault = vault; self.reference = reference; self.admin = admin; self.cases = cases
    }

    /// A party to a dispute (申请人 / 被申请人 / 当事人).
    public struct Party: Codable, Sendable, Hashable {
        public var name: String
        public var phone: String?
        public var role: String?
        public init(name: String, phone: String? = nil, role: String? = nil) { self.name = name; self.phone = phone; self.role = role }
    }

    public struct DisputeInput: Sendable {
        public var screeningID: Int64?
        public var territory: String?
        public var unit: String?
        public var type: String?
        public var summary: String?
        public var parties: [Party]
        /// 低 / 中 / 高, or 1–3.
        public var risk: String?
        public var hot: Bool
        public var longUnresolved: Bool
        public var group: Bool
        /// The case (number) this dispute comes from.
        public var caseNumber: String?
        public var receivedOn: String?

        public init(screeningID: Int64? = nil, territory: String?, unit: String? = nil, type: String?, summary: String?, parties: [Party],
                    risk: String? = nil, hot: Bool = false, longUnresolved: Bool = false, group: Bool = false, caseNumber: String? = nil,
                    receivedOn: String? = nil) {
            self.screeningID = screeningID; self.territory = territory; self.unit = unit; self.type = type; self.summary = summary
            self.parties = parties; self.risk = risk; self.hot = hot; self.longUnresolved = longUnresolved; self.group = group
            self.caseNumber = caseNumber; self.receivedOn = receivedOn
        }
    }

    public struct ActionInput: Sendable {
        public var note: String?
        public var mediationKind: String?
        public var agreement: String?
        public var fulfilment: String?
        public init(note: String? = nil, mediationKind: String? = nil, agreement: String? = nil, fulfilment: String? = nil) {
            self.note = note; self.mediationKind = mediationKind; self.agreement = agreement; self.fulfilment = fulfilment
        }
    }

    public struct DisputeView: Sendable {
        public var record: DisputeRecord
        public var parties: [Party]
        public var events: [DisputeEvent]
        public var caseNumber: String?
        public var screening: ScreeningRecord?
        public var allowed: [DisputeAction]
        public var mayTurnIntoCase: Bool
        public var directory: Directory
    }

    public struct RateRow: Sendable {
        public var unitCode: String
        public var unitName: String
        public var received: Int
        public var succeeded: Int
        public var failed: Int
        public var rate: Rate
    }

    public static let riskLabels = ["低", "中", "高"]
    public static let disputeTypes = ["婚姻家庭", "邻里纠纷", "土地承包", "宅基地", "山林水利", "征地拆迁", "劳动争议", "物业纠纷", "损害赔偿", "合同纠纷", "其他"]

    /// Territories the user may register disputes and screenings in, in tree order.
    public func territories(for user: User) -> [Territory] {
        let dir = reference.snapshot.directory
        return dir.territories.values.filter { GrassrootsScope.covers($0.code, user, dir) }
            .sorted { (dir.territoryPath($0.code) ?? "") < (dir.territoryPath($1.code) ?? "") }
    }

    // MARK: Screening rounds

    public func createScreening(kind raw: String, title: String?, territory: String?, unit: String?, startedOn: String?, endedOn: String?,
                                note: String?, by actor: Actor, now: Date) async throws -> ScreeningRecord {
        let user = try GrassrootsScope.staff(actor, "组织矛盾纠纷排查")
        let dir = reference.snapshot.directory
        guard let kind = ScreeningKind(parsing: raw) else {
            throw HuiyinError.invalid("invalid_screening_kind", "排查类型只能是：日常排查、定期排查、专项排查、集中排查", field: "kind")
        }
        let title = try GrassrootsScope.text(title, field: "title", label: "排查名称", max: 100)
        let territory = try self.territory(territory, user, dir)
        let unit = try self.unit(unit, user, dir)
        let today = ChinaTime.localDate(now)
        let start = try GrassrootsScope.date(startedOn, field: "started_on", default: today)
        let end = try endedOn?.trimmedOrNil.map { try GrassrootsScope.date($0, field: "ended_on", default: today) }
        if let end, end < start { throw HuiyinError.invalid("invalid_period", "结束日期不能早于开始日期", field: "ended_on") }
        let note = try GrassrootsScope.optionalText(note, field: "note", label: "说明", max: 2000, multiline: true) ?? ""
        return try await store.createScreening(kind: kind, title: title, territory: territory, unit: unit, startedOn: start, endedOn: end,
                                               note: note, at: now, by: actor.reference.name,
                                               audit: admin.audit(actor, "screening.create", title, now, ["territory": territory]))
    }

    public func screenings(by actor: Actor) async throws -> [(ScreeningRecord, Int)] {
        let user = try GrassrootsScope.staff(actor, "查看排查")
        let dir = reference.snapshot.directory
        let codes = dir.territories.keys.filter { GrassrootsScope.covers($0, user, dir) }
        return try await store.screenings(territories: user.role == .admin ? nil : Array(codes), limit: 200)
    }

    // MARK: Register

    public func register(_ input: DisputeInput, by actor: Actor, now: Date) async throws -> DisputeView {
        let user = try GrassrootsScope.staff(actor, "登记矛盾纠纷")
        let dir = reference.snapshot.directory
        let territory = try self.territory(input.territory, user, dir)
        let unit = try self.unit(input.unit, user, dir)
        let type = try GrassrootsScope.text(input.type, field: "type", label: "纠纷类型", max: 30)
        let summary = try GrassrootsScope.text(input.summary, field: "summary", label: "纠纷概况", max: 5000, multiline: true)
        guard !input.parties.isEmpty else { throw HuiyinError.missing("parties", "当事人") }
        guard input.parties.count <= 500 else { throw HuiyinError.invalid("too_many_parties", "当事人不得超过500人", field: "parties") }
        let parties = try input.parties.enumerated().map { i, p in
            Party(name: try GrassrootsScope.text(p.name, field: "parties[\(i)].name", label: "当事人姓名", max: 50),
                  phone: try GrassrootsScope.optionalText(p.phone, field: "parties[\(i)].phone", label: "联系电话", max: 30),
                  role: try GrassrootsScope.optionalText(p.role, field: "parties[\(i)].role", label: "当事人身份", max: 20))
        }
        let risk = try Self.risk(input.risk)
        if let sid = input.screeningID, try await store.screening(id: sid) == nil {
            throw HuiyinError.invalid("unknown_screening", "排查“\(sid)”不存在", field: "screening_id")
        }
        var caseID: Int64?
        if let number = input.caseNumber?.trimmedOrNil {
            caseID = try await cases.view(number: number, by: actor, now: now).case.id
        }
        let today = ChinaTime.localDate(now)
        let received = try GrassrootsScope.date(input.receivedOn, field: "received_on", default: today)
        guard received <= today else { throw HuiyinError.invalid("received_in_future", "受理日期不能晚于今天", field: "received_on") }
        let record = try await store.createDispute(
            NewDispute(screeningID: input.screeningID, territoryCode: territory, scopePath: dir.territoryPath(territory)!, unitCode: unit,
                       type: type, summary: summary, partiesSealed: try vault.seal(try JSONEncoder().encode(parties)),
                       partyCount: parties.count, risk: risk, hot: input.hot, longUnresolved: input.longUnresolved,
                       // 群体性: five or more parties, as for collective petitions.
                       group: input.group || parties.count >= 5, caseID: caseID, receivedOn: received),
            at: now, by: actor.reference.name, audit: admin.audit(actor, "dispute.register", territory, now, ["type": type]))
        return try await view(record, user, now: now)
    }

    static func risk(_ raw: String?) throws -> Int {
        guard let t = raw?.trimmedOrNil else { return 1 }
        if let n = Int(t), (1...3).contains(n) { return n }
        if let i = riskLabels.firstIndex(where: { t == $0 || t == $0 + "风险" }) { return i + 1 }
        throw HuiyinError.invalid("invalid_risk", "风险等级只能是：低、中、高", field: "risk")
    }

    private func territory(_ raw: String?, _ user: User, _ dir: Directory) throws -> String {
        try GrassrootsScope.territory(raw, user, dir)
    }

    private func unit(_ raw: String?, _ user: User, _ dir: Directory) throws -> String {
        guard let code = raw?.trimmedOrNil ?? user.unitCode else { throw HuiyinError.missing("unit", "调处单位") }
        guard dir.unit(code) != nil else { throw HuiyinError.invalid("unknown_unit", "单位“\(code)”不存在", field: "unit") }
        return code
    }

    // MARK: Read

    /// The mediating unit's staff, and staff over the territory (a handler only through their unit).
    func mayView(_ d: DisputeRecord, _ user: User, _ dir: Directory) -> Bool {
        guard user.role.isStaff else { return false }
        if user.role != .gridWorker, user.unitCode == d.unitCode { return true }
        return user.role != .handler && GrassrootsScope.covers(d.territoryCode, user, dir)
    }

    /// Handlers, dispatchers and leaders of the mediating unit; dispatchers, leaders and admins over its territory.
    func mayAct(_ d: DisputeRecord, _ user: User, _ dir: Directory) -> Bool {
        if user.role == .admin { return true }
        if user.unitCode == d.unitCode, [.handler, .dispatcher, .leader].contains(user.role) { return true }
        return [.dispatcher, .leader].contains(user.role) && GrassrootsScope.covers(d.territoryCode, user, dir)
    }

    public func dispute(id: Int64, by actor: Actor, now: Date) async throws -> DisputeView {
        let user = try GrassrootsScope.staff(actor, "查看矛盾纠纷")
        guard let d = try await store.dispute(id: id), mayView(d, user, reference.snapshot.directory) else {
            throw HuiyinError.notFound("dispute_not_found", "矛盾纠纷不存在或不在您的辖区")
        }
        return try await view(d, user, now: now)
    }

    private func view(_ d: DisputeRecord, _ user: User, now: Date) async throws -> DisputeView {
        let dir = reference.snapshot.directory
        let parties = try JSONDecoder().decode([Party].self, from: try vault.open(d.partiesSealed))
        let number = try await d.caseID.asyncMap { try await store.loadCase(id: $0)?.number } ?? nil
        let acting = mayAct(d, user, dir)
        return DisputeView(record: d, parties: parties, events: try await store.disputeEvents(id: d.id), caseNumber: number,
                           screening: try await d.screeningID.asyncMap { try await store.screening(id: $0) } ?? nil,
                           allowed: acting ? DisputeAction.available(in: d.stage) : [],
                           mayTurnIntoCase: d.caseID == nil && [.registrar, .dispatcher].contains(user.role) && GrassrootsScope.covers(d.territoryCode, user, dir),
                           directory: dir)
    }

    /// The register in the actor's reach (territory, or mediated by their unit), newest first.
    public func disputes(stage: String?, screeningID: Int64?, caseNumber: String?, by actor: Actor, now: Date) async throws -> [DisputeRecord] {
        let user = try GrassrootsScope.staff(actor, "查看矛盾纠纷")
        let dir = reference.snapshot.directory
        if let number = caseNumber?.trimmedOrNil {
            let c = try await cases.view(number: number, by: actor, now: now).case
            return try await store.disputes(caseID: c.id).filter { mayView($0, user, dir) }
        }
        var wanted: DisputeStage?
        if let raw = stage?.trimmedOrNil {
            guard let s = DisputeStage(rawValue: raw) ?? DisputeStage.allCases.first(where: { $0.label == raw }) else {
                throw HuiyinError.invalid("invalid_stage", "阶段只能是：受理、调查、调解、履行、回访结案、调解不成", field: "stage")
            }
            wanted = s
        }
        return try await store.disputes(paths: user.role == .handler ? [] : GrassrootsScope.paths(user, dir),
                                        unit: user.role == .gridWorker ? nil : user.unitCode,
                                        stage: wanted, screeningID: screeningID, limit: 500)
    }

    // MARK: Mediate

    public func act(id: Int64, action raw: String, _ input: ActionInput, by actor: Actor, now: Date) async throws -> DisputeView {
        let user = try GrassrootsScope.staff(actor, "调处矛盾纠纷")
        let dir = reference.snapshot.directory
        guard var d = try await store.dispute(id: id), mayView(d, user, dir) else {
            throw HuiyinError.notFound("dispute_not_found", "矛盾纠纷不存在或不在您的辖区")
        }
        guard let action = DisputeAction(rawValue: raw) ?? DisputeAction.allCases.first(where: { $0.label == raw }) else {
            throw HuiyinError.invalid("invalid_action", "操作“\(raw)”无效", field: "action")
        }
        guard mayAct(d, user, dir) else { throw HuiyinError.forbidden("not_mediator", "只有调处单位或属地的工作人员可以办理") }
        guard d.stage == action.from else {
            throw HuiyinError.conflict("invalid_stage", "当前阶段为“\(d.stage.label)”，不能“\(action.label)”")
        }
        let today = ChinaTime.localDate(now)
        var note = try GrassrootsScope.optionalText(input.note, field: "note", label: "说明", max: 5000, multiline: true) ?? ""
        switch action {
        case .investigate: break
        case .mediate:
            guard let kind = input.mediationKind.flatMap(MediationKind.init(parsing:)) else {
                throw HuiyinError.invalid("invalid_mediation_kind", "请选择调解方式：人民调解、行政调解、司法调解", field: "mediation_kind")
            }
            d.mediationKind = kind
            note = [kind.label, note].filter { !$0.isEmpty }.joined(separator: "：")
        case .agree:
            d.agreement = try GrassrootsScope.text(input.agreement, field: "agreement", label: "调解协议内容", max: 10000, multiline: true)
            d.agreedOn = today
            d.fulfilment = .inProgress
        case .fail:
            note = try GrassrootsScope.text(input.note, field: "note", label: "调解不成的原因", max: 5000, multiline: true)
            d.closedOn = today
        case .fulfil:
            guard let f = input.fulfilment.flatMap({ raw in Fulfilment(rawValue: raw) ?? Fulfilment.allCases.first { $0.label == raw } }) else {
                throw HuiyinError.invalid("invalid_fulfilment", "履行情况只能是：履行中、已履行、未履行", field: "fulfilment")
            }
            d.fulfilment = f
            note = [f.label, note].filter { !$0.isEmpty }.joined(separator: "：")
        case .revisit:
            guard d.fulfilment == .fulfilled || d.fulfilment == .breached else {
                throw HuiyinError.conflict("fulfilment_pending", "请先登记协议的履行情况（已履行或未履行），再回访结案")
            }
            note = try GrassrootsScope.text(input.note, field: "note", label: "回访情况", max: 5000, multiline: true)
            d.closedOn = today
        }
        let version = d.version
        d.stage = action.to
        d.updatedAt = now
        let saved = try await store.updateDispute(d, event: DisputeEvent(at: now, actor: actor.reference.name, action: action.rawValue,
                                                                          stage: d.stage, note: note),
                                                  expectedVersion: version,
                                                  audit: admin.audit(actor, "dispute.\(action.rawValue)", String(id), now))
        guard saved else { throw HuiyinError.conflict("stale_dispute", "该纠纷刚被他人办理，请刷新后重试") }
        return try await dispute(id: id, by: actor, now: now)
    }

    /// Registers a petition case from the dispute (e.g. after 调解不成) and links the two.
    public func turnIntoCase(id: Int64, _ draft: CaseDraft, by actor: Actor, now: Date) async throws -> RegisteredCase {
        let user = try GrassrootsScope.staff(actor, "转为信访事项")
        guard var d = try await store.dispute(id: id), mayView(d, user, reference.snapshot.directory) else {
            throw HuiyinError.notFound("dispute_not_found", "矛盾纠纷不存在或不在您的辖区")
        }
        guard d.caseID == nil else { throw HuiyinError.conflict("already_linked", "该纠纷已关联信访事项") }
        var draft = draft
        if draft.territory?.trimmedOrNil == nil { draft.territory = d.territoryCode }
        if draft.content?.trimmedOrNil == nil { draft.content = d.summary }
        let registered = try await cases.register(draft, by: actor, now: now)
        let version = d.version
        d.caseID = registered.view.case.id
        d.updatedAt = now
        _ = try await store.updateDispute(d, event: DisputeEvent(at: now, actor: actor.reference.name, action: "to_case", stage: d.stage,
                                                                  note: "转为信访事项 \(registered.view.case.number)"),
                                          expectedVersion: version, audit: admin.audit(actor, "dispute.to_case", String(id), now,
                                                                                         ["case": registered.view.case.number]))
        return registered
    }

    // MARK: Rates

    /// Mediation success rate per mediating unit for disputes received in the period (e.g. 24 received,
    /// 23 succeeded = 95.83%), and the total.
    public func rates(from: LocalDate, to: LocalDate, by actor: Actor) async throws -> (rows: [RateRow], total: RateRow) {
        let user = try GrassrootsScope.staff(actor, "查看调解成功率")
        guard from <= to else { throw HuiyinError.invalid("invalid_period", "开始日期不能晚于结束日期", field: "from") }
        let dir = reference.snapshot.directory
        var tallies = try await store.mediationTallies(from: from, to: to, paths: GrassrootsScope.paths(user, dir))
        if user.role == .handler { tallies = tallies.filter { $0.unitCode == user.unitCode } }
        let rows = tallies.map {
            RateRow(unitCode: $0.unitCode, unitName: dir.unit($0.unitCode)?.name ?? $0.unitCode, received: $0.received, succeeded: $0.succeeded,
                    failed: $0.failed, rate: Rate($0.succeeded, of: $0.received))
        }
        let received = rows.map(\.received).reduce(0, +), succeeded = rows.map(\.succeeded).reduce(0, +)
        return (rows, RateRow(unitCode: "", unitName: "合计", received: received, succeeded: succeeded, failed: rows.map(\.failed).reduce(0, +),
                              rate: Rate(succeeded, of: received)))
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
