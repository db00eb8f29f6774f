import Foundation

/// A new case as submitted, before validation: raw strings from a form, the API or a CSV file.
public struct CaseDraft: Codable, Sendable, Hashable {
    public struct PersonDraft: Codable, Sendable, Hashable {
        public var name: String?
        public var idNumber: String?
        public var phone: String?
        public var address: String?
        public init(name: String?, idNumber: String? = nil, phone: String? = nil, address: String? = nil) {
            self.name = name; self.idNumber = idNumber; self.phone = phone; self.address = address
        }
        private enum CodingKeys: String, CodingKey {
            case name, phone, address
            case idNumber = "id_number"
        }
    }

    public var channel: String?
    public var kind: String?
    public var category: String?
    public var territory: String?
    public var title: String?
    public var content: String?
    /// `YYYY-MM-DD` or an ISO 8601 timestamp; defaults to now.
    public var receivedAt: String?
    public var petitioners: [PersonDraft]?
    public var representatives: [PersonDraft]?
    public var peopleCount: Int?
    public var accusedUnit: String?
    public var anonymous: Bool?
    public var ruleSet: String?

    public init(channel: String? = nil, kind: String? = nil, category: String? = nil, territory: String? = nil,
                title: String? = nil, content: String? = nil, receivedAt: String? = nil,
                petitioners: [PersonDraft]? = nil, representatives: [PersonDraft]? = nil, peopleCount: Int? = nil,
                accusedUnit: String? = nil, anonymous: Bool? = nil, ruleSet: String? = nil) {
        self.channel = channel; self.kind = kind; self.category = category; self.territory = territory
        self.title = title; self.content = content; self.receivedAt = receivedAt; self.petitioners = petitioners
        self.representatives = representatives; self.peopleCount = peopleCount; self.accusedUnit = accusedUnit
        self.anonymous = anonymous; self.ruleSet = ruleSet
    }

    private enum CodingKeys: String, CodingKey {
        case channel, kind, category, territory, title, content, petitioners, representatives, anonymous
        case receivedAt = "received_at", peopleCount = "people_count", accusedUnit = "accused_unit"
        case ruleSet = "rule_set"
    }
}

/// Limits on what one case may contain.
public struct IntakeLimits: Sendable, Hashable {
    public var maxTitle = 200
    public var maxContent = 20_000
    public var maxPersons = 200
    public var maxRepresentatives = 5
    public var maxPeopleCount = 100_000
    public init() {}
}

/// What validation needs besides the draft.
public struct IntakeContext: Sendable {
    public var directory: Directory
    public var ruleSets: [String: RuleSet]
    public var defaultRuleSetID: String
    /// OrgUnit that owns cases citizens submit themselves (the deployment's public intake office).
    public var publicIntakeUnit: String?
    public var now: Date
    public var limits: IntakeLimits

    public init(directory: Directory, ruleSets: [String: RuleSet], defaultRuleSetID: String,
                publicIntakeUnit: String?, now: Date, limits: IntakeLimits = IntakeLimits()) {
        self.directory = directory; self.ruleSets = ruleSets; self.defaultRuleSetID = defaultRuleSetID
        self.publicIntakeUnit = publicIntakeUnit; self.now = now; self.limits = limits
    }
}

/// Turns a ``CaseDraft`` into a registered ``Case`` or explains, field by field, what is wrong.
public enum Intake {
    public static func validate(_ d: CaseDraft, by actor: Actor, in ctx: IntakeContext) throws -> Case {
        let dir = ctx.directory, limits = ctx.limits
        let selfService: Bool
        switch actor.kind {
        case .petitioner, .system: selfService = actor.kind == .petitioner
        case .user(let u):
            selfService = u.role == .citizen
            if u.role.isStaff, ![.registrar, .dispatcher, .gridWorker].contains(u.role) {
                throw HuiyinError.forbidden("role_not_allowed", "“\(u.role.label)”不能登记信访事项")
            }
        }

        let channel: Channel
        if let raw = d.channel?.trimmed, !raw.isEmpty {
            guard let c = Channel(parsing: raw) else {
                let all = Channel.allCases.map(\.rawValue).joined(separator: "、")
                throw HuiyinError.invalid("invalid_channel", "信访渠道“\(raw)”无效，可选：\(all)", field: "channel")
            }
            channel = c
        } else if selfService {
            channel = .online
        } else if actor.role == .gridWorker {
            channel = .gridReport
        } else {
            throw HuiyinError.missing("channel", "信访渠道")
        }
        if selfService, !Channel.selfService.contains(channel) {
            throw HuiyinError.invalid("channel_not_allowed", "群众自行提交只能选择网上信访、市长信箱或民情回音墙", field: "channel")
        }

        guard let rawKind = d.kind?.trimmed, !rawKind.isEmpty else {
            throw HuiyinError.missing("kind", "信访类型（建议意见、检举控告、申诉求决）")
        }
        guard let kind = LegalKind(parsing: rawKind) else {
            throw HuiyinError.invalid("invalid_kind", "信访类型只能是：建议意见、检举控告、申诉求决", field: "kind")
        }

        let title = try text(d.title, field: "title", label: "标题", max: limits.maxTitle, multiline: false)
        let content = try text(d.content, field: "content", label: "反映内容", max: limits.maxContent, multiline: true)

        let today = ChinaTime.localDate(ctx.now)
        var receivedOn = today
        if let raw = d.receivedAt?.trimmed, !raw.isEmpty {
            guard let date = ChinaTime.parse(raw) else {
                throw HuiyinError.invalid("invalid_date", "收到日期格式应为 YYYY-MM-DD", field: "received_at")
            }
            receivedOn = ChinaTime.localDate(date)
            guard receivedOn <= today else {
                throw HuiyinError.invalid("received_in_future", "收到日期（\(receivedOn)）不能晚于今天（\(today)）", field: "received_at")
            }
            guard receivedOn.year >= 2000 else {
                throw HuiyinError.invalid("invalid_date", "收到日期早于2000年，请核对", field: "received_at")
            }
        }

        let categoryCode = try d.category?.trimmedOrNil.map { try dir.categories.resolve($0).code }
        let territoryCode = try d.territory?.trimmedOrNil.map { try resolveTerritory($0, in: dir) }
        if let u = actor.user, u.role == .gridWorker { try checkGridReport(by: u, channel: channel, territory: territoryCode, in: dir) }

        let anonymous = d.anonymous ?? false
        let petitioners = try (d.petitioners ?? []).enumerated().map {
            try person($1, role: .petitioner, field: "petitioners[\($0)]")
        }
        let representatives = try (d.representatives ?? []).enumerated().map {
            try person($1, role: .representative, field: "representatives[\($0)]")
        }
        if anonymous {
            guard kind.allowsAnonymous else {
                throw HuiyinError.invalid("anonymous_not_allowed", "申诉求决类事项须署真实姓名，不能匿名", field: "anonymous")
            }
            guard petitioners.isEmpty, representatives.isEmpty else {
                throw HuiyinError.invalid("anonymous_with_persons", "匿名反映不能同时填写信访人信息", field: "anonymous")
            }
        } else if petitioners.isEmpty {
            throw HuiyinError.invalid("petitioner_required", "请至少填写一名信访人（检举控告、建议意见可选择匿名）", field: "petitioners")
        }
        guard representatives.count <= limits.maxRepresentatives else {
            throw HuiyinError.invalid("too_many_representatives",
                "多人反映同一事项应推选代表，代表人数不得超过\(limits.maxRepresentatives)人（信访工作条例 第二十条），现为\(representatives.count)人",
                field: "representatives")
        }
        guard petitioners.count + representatives.count <= limits.maxPersons else {
            throw HuiyinError.invalid("too_many_persons", "信访人不得超过\(limits.maxPersons)人，请填写人数并推选代表", field: "petitioners")
        }
        if kind == .appeal, !petitioners.contains(where: { $0.phone != nil || $0.address != nil }) {
            throw HuiyinError.invalid("contact_required", "申诉求决类事项须留联系电话或通信地址，以便答复", field: "petitioners")
        }
        let listed = max(1, petitioners.count + representatives.count)
        let peopleCount = d.peopleCount ?? listed
        guard peopleCount >= max(petitioners.count, representatives.count, 1), peopleCount <= limits.maxPeopleCount else {
            throw HuiyinError.invalid("invalid_people_count", "人数须不少于所列信访人数且不超过\(limits.maxPeopleCount)", field: "people_count")
        }
        if !representatives.isEmpty, peopleCount < 2 {
            throw HuiyinError.invalid("representatives_need_group", "只有多人反映同一事项时才推选代表", field: "representatives")
        }

        var accused: String? = nil
        if let raw = d.accusedUnit?.trimmedOrNil {
            guard kind == .accusation else {
                throw HuiyinError.invalid("accused_unit_not_allowed", "只有检举控告类事项才填写被检举控告单位", field: "accused_unit")
            }
            guard dir.unit(raw) != nil else {
                throw HuiyinError.invalid("unknown_unit", "被检举控告单位“\(raw)”不存在", field: "accused_unit")
            }
            accused = raw
        }

        // 民情回音墙 messages run on the wall's own 7-working-day clock unless the draft says otherwise.
        let channelDefault = channel == .echoWall && ctx.ruleSets[RuleSet.echoWallID] != nil ? RuleSet.echoWallID : ctx.defaultRuleSetID
        let ruleSetID = d.ruleSet?.trimmedOrNil ?? channelDefault
        guard ctx.ruleSets[ruleSetID] != nil else {
            throw HuiyinError.invalid("unknown_rule_set", "时限规则“\(ruleSetID)”不存在", field: "rule_set")
        }

        let owner: String? = actor.user?.role.isStaff == true ? actor.unitCode : ctx.publicIntakeUnit
        var c = Case(ruleSetID: ruleSetID, state: .registered, stage: Stage(.dispose, from: receivedOn), channel: channel,
                    kind: kind, categoryCode: categoryCode, territoryCode: territoryCode, title: title, content: content,
                    receivedOn: receivedOn, registeredAt: ctx.now, persons: petitioners + representatives,
                    peopleCount: peopleCount, anonymous: anonymous, accusedUnitCode: accused, ownerUnitCode: owner,
                    submittedBy: actor.user?.id)
        if channel == .echoWall { c.wall = .pending }
        return c
    }

    /// A 网格员 reports (网格上报) from their own grids only.
    private static func checkGridReport(by u: User, channel: Channel, territory: String?, in dir: Directory) throws {
        guard channel == .gridReport else {
            throw HuiyinError.invalid("channel_not_allowed", "网格员只能通过“网格上报”渠道登记事项", field: "channel")
        }
        guard let territory else { throw HuiyinError.missing("territory", "所在网格") }
        guard AccessPolicy.inGrids(territory: territory, of: u, in: dir) else {
            throw HuiyinError.forbidden("outside_own_grids", "只能上报本人负责网格内的事项")
        }
    }

    /// A territory code, or a unique territory name.
    public static func resolveTerritory(_ input: String, in dir: Directory) throws -> String {
        let t = input.trimmed
        if dir.territory(t) != nil { return t }
        let byName = dir.territories.values.filter { $0.name == t }
        if byName.count == 1 { return byName[0].code }
        if byName.count > 1 {
            throw HuiyinError.invalid("ambiguous_territory", "属地“\(t)”有多个同名项，请使用属地编码", field: "territory")
        }
        throw HuiyinError.invalid("unknown_territory", "属地“\(t)”不存在", field: "territory")
    }

    private static func text(_ raw: String?, field: String, label: String, max: Int, multiline: Bool) throws -> String {
        guard let t = raw?.trimmedOrNil else { throw HuiyinError.missing(field, label) }
        guard t.count <= max else {
            throw HuiyinError.invalid("too_long", "\(label)不得超过\(max)字（现为\(t.count)字）", field: field)
        }
        guard !t.containsControlCharacters(allowingLineBreaks: multiline) else {
            throw HuiyinError.invalid("invalid_characters", "\(label)含有不可见的控制字符", field: field)
        }
        return t
    }

    private static func person(_ p: CaseDraft.PersonDraft, role: Person.Role, field: String) throws -> Person {
        guard let name = p.name?.trimmedOrNil else { throw HuiyinError.missing("\(field).name", "姓名") }
        guard name.count <= 50 else { throw HuiyinError.invalid("too_long", "姓名不得超过50字", field: "\(field).name") }
        let id = try p.idNumber?.trimmedOrNil.map { try IdentityCheck.idNumber($0, field: "\(field).id_number") }
        let phone = try p.phone?.trimmedOrNil.map { try IdentityCheck.phone($0, field: "\(field).phone") }
        let address = p.address?.trimmedOrNil
        if let a = address, a.count > 200 {
            throw HuiyinError.invalid("too_long", "地址不得超过200字", field: "\(field).address")
        }
        return Person(role: role, name: name, idNumber: id, phone: phone, address: address)
    }
}
