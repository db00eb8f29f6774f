import Foundation

/// A 信访事项 / 诉求工单: the matter, who raised it, where it stands and the clock it runs against.
///
/// Cases change only through ``Lifecycle``; each change returns the new value and the event that
/// records it. `id`, `number` and `version` are assigned by the store.
public struct Case: Sendable, Hashable {
    public var id: Int64 = 0
    /// Read-aloud number (`2026-000123`).
    public var number: String = ""
    /// Optimistic concurrency: the store refuses a save whose expected version is stale.
    public var version: Int = 0
    /// Events recorded so far; the next event gets `eventCount + 1`.
    public var eventCount: Int = 0
    public var ruleSetID: String
    public var state: CaseState
    public var stage: Stage?
    public var channel: Channel
    public var kind: LegalKind
    public var categoryCode: String?
    public var territoryCode: String?
    public var title: String
    public var content: String
    /// When the matter reached us (letters arrive before they are registered): the clock starts here.
    public var receivedOn: LocalDate
    public var registeredAt: Date
    public var updatedAt: Date
    public var persons: [Person]
    public var peopleCount: Int
    public var anonymous: Bool
    /// 检举控告: the unit accused. Its users never see the petitioner.
    public var accusedUnitCode: String?
    /// 首接首办: the unit that registered the case keeps follow-up with the petitioner.
    public var ownerUnitCode: String?
    /// The account that submitted or registered the case.
    public var submittedBy: Int64?
    /// 主办单位 and 协办单位.
    public var leadUnitCode: String?
    public var assistingUnitCodes: [String] = []
    /// 复查机关 (the unit above the lead unit) and 复核机关 (the unit above that).
    public var reviewUnitCode: String?
    public var recheckUnitCode: String?
    public var milestones = Milestones()
    /// Days the handling period was extended (≤ rule set's `maxExtensionDays`).
    public var extensionDays = 0
    public var pauses: [Pause] = []
    /// 处理意见书.
    public var reply: Opinion?
    public var reviewOpinion: Opinion?
    public var recheckOpinion: Opinion?
    public var rating: Rating?
    /// Why the case ended without an answer: refusal, transfer, withdrawal.
    public var outcome: Outcome?
    /// 民情回音墙: whether staff let the message (and its reply) be shown publicly; nil off the wall.
    public var wall: WallStatus?
    /// 督办, 责任追究, 领导包案 and competence disputes (nil until something happens; read it as ``ov``).
    public var oversight: Oversight?
    /// 重复访: the earlier case of the same petitioner about the same matter.
    public var repeatOf: Int64?
    /// Classifier suggestion, 越级 flag and 并案 link (nil until something is found; read it as ``ins``).
    public var insight: CaseInsight?

    public init(ruleSetID: String, state: CaseState, stage: Stage?, channel: Channel, kind: LegalKind,
                categoryCode: String?, territoryCode: String?, title: String, content: String,
                receivedOn: LocalDate, registeredAt: Date, persons: [Person], peopleCount: Int, anonymous: Bool,
                accusedUnitCode: String?, ownerUnitCode: String?, submittedBy: Int64?) {
        self.ruleSetID = ruleSetID; self.state = state; self.stage = stage; self.channel = channel
        self.kind = kind; self.categoryCode = categoryCode; self.territoryCode = territoryCode
        self.title = title; self.content = content; self.receivedOn = receivedOn; self.registeredAt = registeredAt
        self.updatedAt = registeredAt; self.persons = persons; self.peopleCount = peopleCount
        self.anonymous = anonymous; self.accusedUnitCode = accusedUnitCode; self.ownerUnitCode = ownerUnitCode
        self.submittedBy = submittedBy
    }

    public var petitioners: [Person] { persons.filter { $0.role == .petitioner } }
    public var representatives: [Person] { persons.filter { $0.role == .representative } }

    /// 集体访: five or more people.
    public var isCollective: Bool { peopleCount >= 5 }

    /// The pause now running, if any.
    public var openPause: Pause? { pauses.last.flatMap { $0.endedOn == nil ? $0 : nil } }

    /// The unit that must act in the current stage: lead unit, 复查 unit or 复核 unit.
    public var handlingUnitCode: String? {
        switch stage?.kind {
        case .review?: return reviewUnitCode
        case .recheck?: return recheckUnitCode
        case .handle?, .redo?: return leadUnitCode
        default: return nil
        }
    }

    /// Every unit with a handling role now (lead, assisting, 复查, 复核).
    public var involvedUnitCodes: [String] {
        [leadUnitCode].compactMap { $0 } + assistingUnitCodes + [reviewUnitCode, recheckUnitCode].compactMap { $0 }
    }
}

/// Dates of the steps a case went through (statistics and clocks read them).
public struct Milestones: Codable, Sendable, Hashable {
    public var acceptedOn: LocalDate?
    public var assignedOn: LocalDate?
    public var notifiedOn: LocalDate?
    public var repliedOn: LocalDate?
    public var reviewRequestedOn: LocalDate?
    public var reviewedOn: LocalDate?
    public var recheckRequestedOn: LocalDate?
    public var recheckedOn: LocalDate?
    public var closedOn: LocalDate?
    /// 按期受理: accepted (or assigned, which accepts) within the disposal period.
    public var acceptedOnTime: Bool?
    /// 按期办结: the latest answer (reply) came within the handling period as it stood then.
    public var repliedOnTime: Bool?
    public init() {}

    private enum CodingKeys: String, CodingKey {
        case acceptedOn = "accepted_on", assignedOn = "assigned_on", notifiedOn = "notified_on"
        case repliedOn = "replied_on", reviewRequestedOn = "review_requested_on", reviewedOn = "reviewed_on"
        case recheckRequestedOn = "recheck_requested_on", recheckedOn = "rechecked_on", closedOn = "closed_on"
        case acceptedOnTime = "accepted_on_time", repliedOnTime = "replied_on_time"
    }
}

/// A stop of the clock (e.g. a hearing, 听证时间不计入), tied to the stage it happened in.
public struct Pause: Codable, Sendable, Hashable {
    public var stage: StageKind
    public var startedOn: LocalDate
    public var endedOn: LocalDate?
    public var reason: String

    public init(stage: StageKind, startedOn: LocalDate, endedOn: LocalDate? = nil, reason: String) {
        self.stage = stage; self.startedOn = startedOn; self.endedOn = endedOn; self.reason = reason
    }

    private enum CodingKeys: String, CodingKey {
        case stage, reason
        case startedOn = "started_on", endedOn = "ended_on"
    }
}

/// The verdict of a 处理意见书 (支持 / 解释说明 / 不支持, 条例 第三十二条) or of a 复查/复核 (维持 / 变更 / 撤销).
public enum Verdict: String, Codable, Sendable, CaseIterable {
    case support
    case explain
    case notSupport = "not_support"
    case uphold
    case change
    case revoke

    public var label: String {
        switch self {
        case .support: return "支持"
        case .explain: return "解释说明"
        case .notSupport: return "不支持"
        case .uphold: return "维持"
        case .change: return "变更"
        case .revoke: return "撤销"
        }
    }

    public static let forReply: [Verdict] = [.support, .explain, .notSupport]
    public static let forReview: [Verdict] = [.uphold, .change, .revoke]

    public init?(parsing text: String) {
        let t = text.trimmed
        if let v = Verdict(rawValue: t.lowercased()) { self = v; return }
        switch t {
        case "支持", "予以支持": self = .support
        case "解释说明", "解释", "说明": self = .explain
        case "不支持", "不予支持": self = .notSupport
        case "维持", "维持原意见": self = .uphold
        case "变更": self = .change
        case "撤销": self = .revoke
        default: return nil
        }
    }
}

/// A written answer: the reply, the 复查 opinion or the 复核 opinion.
public struct Opinion: Codable, Sendable, Hashable {
    public var verdict: Verdict
    public var text: String
    public var on: LocalDate
    public var unitCode: String?
    public init(verdict: Verdict, text: String, on: LocalDate, unitCode: String?) {
        self.verdict = verdict; self.text = text; self.on = on; self.unitCode = unitCode
    }

    private enum CodingKeys: String, CodingKey {
        case verdict, text, on
        case unitCode = "unit"
    }
}

/// 满意 / 基本满意 / 不满意.
public enum Satisfaction: String, Codable, Sendable, CaseIterable {
    case satisfied
    case basicallySatisfied = "basically_satisfied"
    case unsatisfied

    public var label: String {
        switch self {
        case .satisfied: return "满意"
        case .basicallySatisfied: return "基本满意"
        case .unsatisfied: return "不满意"
        }
    }

    public init?(parsing text: String) {
        let t = text.trimmed
        if let s = Satisfaction(rawValue: t.lowercased()) { self = s; return }
        guard let s = Satisfaction.allCases.first(where: { $0.label == t }) else { return nil }
        self = s
    }
}

/// The petitioner's rating, given by them or recorded by staff on a return visit (回访).
public struct Rating: Codable, Sendable, Hashable {
    public var value: Satisfaction
    public var on: LocalDate
    /// True when staff recorded it on a return visit.
    public var byReturnVisit: Bool
    public var note: String?

    public init(value: Satisfaction, on: LocalDate, byReturnVisit: Bool, note: String?) {
        self.value = value; self.on = on; self.byReturnVisit = byReturnVisit; self.note = note
    }

    private enum CodingKeys: String, CodingKey {
        case value, on, note
        case byReturnVisit = "by_return_visit"
    }
}

/// How a case left the system without a reply.
public struct Outcome: Codable, Sendable, Hashable {
    public var reason: String
    /// 转送: the body outside the system that received it.
    public var receivingBody: String?
    public init(reason: String, receivingBody: String? = nil) { self.reason = reason; self.receivingBody = receivingBody }

    private enum CodingKeys: String, CodingKey {
        case reason
        case receivingBody = "receiving_body"
    }
}

/// Moderation of a 民情回音墙 message: nothing is shown publicly before staff publish it.
public enum WallStatus: String, Codable, Sendable, CaseIterable {
    case pending
    case published
    case withheld

    public var label: String {
        switch self {
        case .pending: return "待审核"
        case .published: return "已公开"
        case .withheld: return "不予公开"
        }
    }
}

/// Cases persist as JSON (the store's `body`); property names are the stored schema: rename only with a migration.
extension Case: Codable {}
