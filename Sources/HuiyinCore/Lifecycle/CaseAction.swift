/// An action request as it arrives from the API or the CLI: the action name plus optional fields.
/// ``CaseAction/init(parsing:)`` turns it into a typed action or a field error.
public struct ActionRequest: Codable, Sendable, Hashable {
    public var action: String
    public var reason: String?
    public var note: String?
    public var text: String?
    public var leadUnit: String?
    public var assistingUnits: [String]?
    public var opinion: String?
    public var rating: String?
    public var days: Int?
    public var receivingBody: String?
    public var category: String?
    public var territory: String?
    public var kind: String?
    /// 检举控告: the accused unit, when it becomes known after intake (classify).
    public var accusedUnit: String?
    /// Optimistic concurrency: when set, the action fails with 409 if the case changed since.
    public var expectedVersion: Int?
    /// Petitioner actions without login prove themselves with the query code.
    public var queryCode: String?
    /// 督办: the rung (督办 / 挂牌督办 / 约谈 / 通报); 责任追究: the measure, the unit and the person.
    public var level: String?
    public var measure: String?
    public var unit: String?
    public var person: String?
    /// 并案: the number (or id) of the case a duplicate follows.
    public var into: String?

    public init(action: String, reason: String? = nil, note: String? = nil, text: String? = nil,
                leadUnit: String? = nil, assistingUnits: [String]? = nil, opinion: String? = nil,
                rating: String? = nil, days: Int? = nil, receivingBody: String? = nil, category: String? = nil,
                territory: String? = nil, kind: String? = nil, accusedUnit: String? = nil, expectedVersion: Int? = nil,
                queryCode: String? = nil, level: String? = nil, measure: String? = nil, unit: String? = nil, person: String? = nil, into: String? = nil) {
        self.action = action; self.reason = reason; self.note = note; self.text = text; self.leadUnit = leadUnit
        self.assistingUnits = assistingUnits; self.opinion = opinion; self.rating = rating; self.days = days
        self.receivingBody = receivingBody; self.category = category; self.territory = territory; self.kind = kind
        self.accusedUnit = accusedUnit; self.expectedVersion = expectedVersion; self.queryCode = queryCode
        self.level = level; self.measure = measure; self.unit = unit; self.person = person
        self.into = into
    }

    private enum CodingKeys: String, CodingKey {
        case action, reason, note, text, opinion, rating, days, category, territory, kind, level, measure, unit, person, into
        case leadUnit = "lead_unit", assistingUnits = "assisting_units", receivingBody = "receiving_body", accusedUnit = "accused_unit"
        case expectedVersion = "expected_version", queryCode = "query_code"
    }
}

extension ActionName {
    /// Actions that have their own way in (registration, attachments), not the actions endpoint.
    public static let notRequestable: Set<ActionName> = [.register, .attach, .followAnswer, .followOriginal, .resumeMerged]
}

/// A typed action on a case. See ``Lifecycle`` for who may take it and when.
public enum CaseAction: Sendable, Hashable {
    case accept(note: String?)
    case refuse(reason: String)
    case transfer(receivingBody: String, reason: String)
    case assign(lead: String, assisting: [String], category: String?, territory: String?, note: String?)
    case classify(category: String?, territory: String?, kind: LegalKind?, accusedUnit: String?, note: String?)
    case notify(note: String?)
    case returnCase(reason: String)
    case start(note: String?)
    case reply(Verdict, text: String)
    case extend(days: Int, reason: String)
    case pause(reason: String)
    case resume(note: String?)
    case rate(Satisfaction, note: String?)
    case redo(reason: String)
    case requestReview(reason: String)
    case reviewOpinion(Verdict, text: String)
    case requestRecheck(reason: String)
    case recheckOpinion(Verdict, text: String)
    case close(note: String?)
    case withdraw(reason: String)
    case comment(text: String)
    case attach(name: String, note: String?)
    case publish(note: String?)
    case withhold(reason: String)
    /// `automatic`: the clock watcher's next rung (level and unit come from the ladder).
    case supervise(level: SupervisionLevel?, note: String?, feedbackDays: Int?, automatic: Bool)
    case supervisionFeedback(text: String)
    case takeOwnership(note: String?)
    case holdAccountable(unit: String?, person: String?, measure: AccountabilityMeasure, note: String)
    /// `otherUnit`: the unit the returning unit named as competent (the other party of the dispute).
    case referDispute(otherUnit: String?, reason: String)
    case decideCompetence(lead: String, assisting: [String], note: String?)
    /// 并案 into the case numbered `number`; the service resolves its `id` before the lifecycle applies it.
    case merge(number: String, id: Int64?, note: String?)
    /// The original's answer reaches a duplicate merged into it (system).
    case followAnswer(Opinion, number: String)
    /// The original was merged into the case numbered `number`: the duplicate follows that one (system).
    case followOriginal(number: String, id: Int64)
    /// The original `number` ended without an answer (`reason` names how): the duplicate is handled again (system).
    case resumeMerged(number: String, reason: String)

    public var name: ActionName {
        switch self {
        case .accept: return .accept
        case .refuse: return .refuse
        case .transfer: return .transfer
        case .assign: return .assign
        case .classify: return .classify
        case .notify: return .notify
        case .returnCase: return .returnCase
        case .start: return .start
        case .reply: return .reply
        case .extend: return .extend
        case .pause: return .pause
        case .resume: return .resume
        case .rate: return .rate
        case .redo: return .redo
        case .requestReview: return .requestReview
        case .reviewOpinion: return .reviewOpinion
        case .requestRecheck: return .requestRecheck
        case .recheckOpinion: return .recheckOpinion
        case .close: return .close
        case .withdraw: return .withdraw
        case .comment: return .comment
        case .attach: return .attach
        case .publish: return .publish
        case .withhold: return .withhold
        case .supervise: return .supervise
        case .supervisionFeedback: return .supervisionFeedback
        case .takeOwnership: return .takeOwnership
        case .holdAccountable: return .holdAccountable
        case .referDispute: return .referDispute
        case .decideCompetence: return .decideCompetence
        case .merge: return .merge
        case .followAnswer: return .followAnswer
        case .followOriginal: return .followOriginal
        case .resumeMerged: return .resumeMerged
        }
    }

    static let maxReason = 2000
    static let maxText = 20000

    /// The action an API request names, or the error listing the actions there are.
    public static func name(of r: ActionRequest) throws -> ActionName {
        guard let name = ActionName(rawValue: r.action), !ActionName.notRequestable.contains(name) else {
            let known = ActionName.allCases.filter { !ActionName.notRequestable.contains($0) }.map(\.rawValue).joined(separator: ", ")
            throw HuiyinError.invalid("unknown_action", "未知操作“\(r.action)”，可用操作：\(known)", field: "action")
        }
        return name
    }

    /// Validates the fields the action needs; errors name the field in Chinese.
    public init(parsing r: ActionRequest) throws {
        let name = try CaseAction.name(of: r)
        func required(_ value: String?, _ field: String, _ label: String, max: Int = CaseAction.maxReason) throws -> String {
            guard let v = value?.trimmed, !v.isEmpty else {
                throw HuiyinError.missing(field, label)
            }
            guard v.count <= max else {
                throw HuiyinError.invalid("too_long", "\(label)不得超过\(max)字", field: field)
            }
            return v
        }
        func optional(_ value: String?, _ field: String) throws -> String? {
            guard let v = value?.trimmed, !v.isEmpty else { return nil }
            guard v.count <= CaseAction.maxReason else {
                throw HuiyinError.invalid("too_long", "内容不得超过\(CaseAction.maxReason)字", field: field)
            }
            return v
        }
        func verdict(_ allowed: [Verdict]) throws -> Verdict {
            let labels = allowed.map(\.label).joined(separator: "、")
            guard let raw = r.opinion else { throw HuiyinError.missing("opinion", "处理意见（\(labels)）") }
            guard let v = Verdict(parsing: raw), allowed.contains(v) else {
                throw HuiyinError.invalid("invalid_opinion", "处理意见只能是：\(labels)", field: "opinion")
            }
            return v
        }
        let note = try optional(r.note ?? r.reason, "note")
        switch name {
        case .register, .attach, .followAnswer, .followOriginal, .resumeMerged: fatalError("excluded above")
        case .accept: self = .accept(note: note)
        case .refuse: self = .refuse(reason: try required(r.reason, "reason", "不予受理理由"))
        case .transfer:
            self = .transfer(receivingBody: try required(r.receivingBody, "receiving_body", "接收机关", max: 200),
                             reason: try required(r.reason, "reason", "转送理由"))
        case .assign:
            self = .assign(lead: try required(r.leadUnit, "lead_unit", "主办单位", max: 64),
                           assisting: r.assistingUnits ?? [], category: try optional(r.category, "category"),
                           territory: try optional(r.territory, "territory"), note: note)
        case .classify:
            let kind = try r.kind.map { raw -> LegalKind in
                guard let k = LegalKind(parsing: raw) else {
                    throw HuiyinError.invalid("invalid_kind", "信访类型只能是：建议意见、检举控告、申诉求决", field: "kind")
                }
                return k
            }
            let category = try optional(r.category, "category"), territory = try optional(r.territory, "territory")
            let accused = try optional(r.accusedUnit, "accused_unit")
            guard category != nil || territory != nil || kind != nil || accused != nil else {
                throw HuiyinError.missing("category", "问题分类、属地、信访类型或被检举控告单位（至少一项）")
            }
            self = .classify(category: category, territory: territory, kind: kind, accusedUnit: accused, note: note)
        case .notify: self = .notify(note: note)
        case .returnCase: self = .returnCase(reason: try required(r.reason, "reason", "退回理由"))
        case .start: self = .start(note: note)
        case .reply:
            let v = try verdict(Verdict.forReply)
            self = .reply(v, text: try required(r.text, "text", "处理意见书正文", max: CaseAction.maxText))
        case .extend:
            guard let days = r.days else { throw HuiyinError.missing("days", "延长天数") }
            guard days >= 1 else { throw HuiyinError.invalid("invalid_days", "延长天数须为正整数", field: "days") }
            self = .extend(days: days, reason: try required(r.reason, "reason", "延期理由"))
        case .pause: self = .pause(reason: try required(r.reason, "reason", "暂停计时的原因（如听证）"))
        case .resume: self = .resume(note: note)
        case .rate:
            guard let raw = r.rating else { throw HuiyinError.missing("rating", "评价（满意、基本满意、不满意）") }
            guard let s = Satisfaction(parsing: raw) else {
                throw HuiyinError.invalid("invalid_rating", "评价只能是：满意、基本满意、不满意", field: "rating")
            }
            self = .rate(s, note: note)
        case .redo: self = .redo(reason: try required(r.reason, "reason", "重新办理的原因"))
        case .requestReview: self = .requestReview(reason: try required(r.reason, "reason", "申请复查的理由"))
        case .reviewOpinion:
            let v = try verdict(Verdict.forReview)
            self = .reviewOpinion(v, text: try required(r.text, "text", "复查意见正文", max: CaseAction.maxText))
        case .requestRecheck: self = .requestRecheck(reason: try required(r.reason, "reason", "申请复核的理由"))
        case .recheckOpinion:
            let v = try verdict(Verdict.forReview)
            self = .recheckOpinion(v, text: try required(r.text, "text", "复核意见正文", max: CaseAction.maxText))
        case .close: self = .close(note: note)
        case .withdraw: self = .withdraw(reason: try required(r.reason, "reason", "撤回理由"))
        case .comment: self = .comment(text: try required(r.text ?? r.note, "text", "备注内容"))
        case .publish: self = .publish(note: note)
        case .withhold: self = .withhold(reason: try required(r.reason, "reason", "不予公开的理由"))
        case .supervise:
            let level = try r.level.map { raw -> SupervisionLevel in
                guard let l = SupervisionLevel(parsing: raw) else {
                    throw HuiyinError.invalid("invalid_level", "督办级别只能是：督办、挂牌督办、约谈、通报", field: "level")
                }
                return l
            }
            if let d = r.days, !(1...60).contains(d) {
                throw HuiyinError.invalid("invalid_days", "反馈期限须为 1 至 60 个工作日", field: "days")
            }
            self = .supervise(level: level, note: try required(r.reason ?? r.note, "reason", "督办事由"), feedbackDays: r.days, automatic: false)
        case .supervisionFeedback:
            self = .supervisionFeedback(text: try required(r.text ?? r.note, "text", "督办反馈内容", max: CaseAction.maxText))
        case .takeOwnership: self = .takeOwnership(note: note)
        case .holdAccountable:
            guard let raw = r.measure else { throw HuiyinError.missing("measure", "追责方式（约谈、通报、诫勉、批评教育、党纪政务处分）") }
            guard let m = AccountabilityMeasure(parsing: raw) else {
                throw HuiyinError.invalid("invalid_measure", "追责方式只能是：约谈、通报、诫勉、批评教育、党纪政务处分", field: "measure")
            }
            self = .holdAccountable(unit: try optional(r.unit, "unit"), person: try optional(r.person, "person"), measure: m,
                                    note: try required(r.reason ?? r.note, "reason", "追责事由"))
        case .referDispute:
            self = .referDispute(otherUnit: try optional(r.leadUnit ?? r.unit, "lead_unit"), reason: try required(r.reason, "reason", "争议事由"))
        case .decideCompetence:
            self = .decideCompetence(lead: try required(r.leadUnit, "lead_unit", "主办单位", max: 64), assisting: r.assistingUnits ?? [], note: note)
        case .merge:
            self = .merge(number: try required(r.into, "into", "并入的事项编号", max: 32), id: nil, note: note)
        }
    }
}

import Foundation
