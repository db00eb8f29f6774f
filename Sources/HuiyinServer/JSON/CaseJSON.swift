import Foundation
import HuiyinCore
import HuiyinService

/// A code with its name: `{"code": "yx-zjj", "name": "云溪市住房和城乡建设局"}`.
struct NamedJSON: Encodable, Sendable {
    var code: String
    var name: String
    /// Names from the top of the tree down (territories, categories).
    var path: [String]?

    static func unit(_ code: String?, _ dir: Directory) -> NamedJSON? {
        code.map { NamedJSON(code: $0, name: dir.unit($0)?.name ?? $0, path: nil) }
    }
    static func territory(_ code: String?, _ dir: Directory) -> NamedJSON? {
        code.map { NamedJSON(code: $0, name: dir.territory($0)?.name ?? $0, path: dir.territoryNames($0)) }
    }
    static func category(_ code: String?, _ dir: Directory) -> NamedJSON? {
        code.map { c in
            let path = dir.categories.pathNames(c)
            return NamedJSON(code: c, name: path.last ?? c, path: path)
        }
    }
}

struct ClockJSON: Encodable, Sendable {
    var stage: String?
    var stageLabel: String?
    var startedOn: String?
    var period: String?
    var due: String?
    var warnOn: String?
    var daysLeft: Int?
    var workingDaysLeft: Int?
    var status: String
    var statusLabel: String
    var waitingOn: String?
    var paused: Bool
    var notifyDue: String?
    var returnUntil: String?
    var missingCalendarYears: [Int]?

    init(_ c: Clock) {
        stage = c.stage?.rawValue; stageLabel = c.stage?.label; startedOn = c.startedOn?.description
        period = c.period?.description; due = c.due?.description; warnOn = c.warnOn?.description
        daysLeft = c.daysLeft; workingDaysLeft = c.workingDaysLeft; status = c.status.rawValue
        statusLabel = c.status.label; waitingOn = c.waitingOn?.rawValue; paused = c.status == .paused
        notifyDue = c.notifyDue?.description; returnUntil = c.returnUntil?.description
        missingCalendarYears = c.missingCalendarYears.isEmpty ? nil : c.missingCalendarYears
    }
}

struct PersonJSON: Encodable, Sendable {
    var name: String?
    var idNumber: String?
    var phone: String?
    var address: String?
    init(_ p: Person) { name = p.name; idNumber = p.idNumber; phone = p.phone; address = p.address }
}

struct OpinionJSON: Encodable, Sendable {
    var opinion: String
    var opinionLabel: String
    var text: String
    var on: String
    var unit: NamedJSON?
    init(_ o: Opinion, _ dir: Directory) {
        opinion = o.verdict.rawValue; opinionLabel = o.verdict.label; text = o.text; on = o.on.description
        unit = NamedJSON.unit(o.unitCode, dir)
    }
}

struct RatingJSON: Encodable, Sendable {
    var rating: String
    var ratingLabel: String
    var on: String
    var byReturnVisit: Bool
    var note: String?
    init(_ r: Rating) {
        rating = r.value.rawValue; ratingLabel = r.value.label; on = r.on.description; byReturnVisit = r.byReturnVisit; note = r.note
    }
}

struct EventJSON: Encodable, Sendable {
    struct Actor: Encodable, Sendable { var name: String; var role: String; var unit: NamedJSON? }
    var seq: Int
    var at: String
    var actor: Actor
    var action: String
    var actionLabel: String
    var summary: String
    var fromState: String?
    var toState: String
    var toStateLabel: String
    var note: String?
    var details: [String: String]

    init(_ e: CaseEvent, _ dir: Directory, publicView: Bool) {
        seq = e.seq; at = ChinaTime.timestamp(e.at)
        actor = Actor(name: e.actor.name, role: e.actor.role, unit: NamedJSON.unit(e.actor.unitCode, dir))
        action = e.action.rawValue; actionLabel = e.action.label; summary = EventDescription.describe(e, dir)
        fromState = e.fromState?.rawValue; toState = e.toState.rawValue; toStateLabel = e.toState.label
        note = e.note; details = publicView ? [:] : e.details
    }
}

struct ActionJSON: Encodable, Sendable {
    var action: String
    var label: String
}

/// A case in the API. Lists use the same shape without content, people's details and history.
struct CaseJSON: Encodable, Sendable {
    var id: Int64
    var number: String
    var version: Int?
    var state: String
    var stateLabel: String
    var channel: String
    var kind: String
    var ruleSet: NamedJSON
    var category: NamedJSON?
    var territory: NamedJSON?
    var title: String
    var content: String?
    var receivedAt: String
    var registeredAt: String
    var updatedAt: String
    var due: String?
    var clock: ClockJSON
    var petitioners: [PersonJSON]
    var representatives: [PersonJSON]
    var peopleCount: Int
    var collective: Bool
    var anonymous: Bool
    var accusedUnit: NamedJSON?
    var ownerUnit: NamedJSON?
    var leadUnit: NamedJSON?
    var assistingUnits: [NamedJSON]
    var reviewUnit: NamedJSON?
    var recheckUnit: NamedJSON?
    var extensionDays: Int
    var reply: OpinionJSON?
    var reviewOpinion: OpinionJSON?
    var recheckOpinion: OpinionJSON?
    var rating: RatingJSON?
    var outcome: Outcome?
    var milestones: Milestones?
    /// 督办, 责任追究, 包案 and disputes (staff only).
    var oversight: OversightJSON?
    /// 重复访: the earlier case (staff only).
    var repeatOf: Int64?
    /// Classifier suggestion, 越级 flag and 并案 link (staff only).
    var insight: InsightJSON?
    /// 并案: the original this case follows (shown to the petitioner too).
    var mergedInto: String?
    /// 挂牌督办 or higher: shown publicly too.
    var listed: Bool
    var history: [EventJSON]?
    var allowedActions: [ActionJSON]?

    init(_ v: CaseView, detail: Bool) {
        let c = v.case, dir = v.directory
        id = c.id; number = c.number; version = v.publicView ? nil : c.version
        state = c.state.rawValue; stateLabel = c.state.label; channel = c.channel.rawValue; kind = c.kind.rawValue
        ruleSet = NamedJSON(code: v.rules.id, name: v.rules.name, path: nil)
        category = NamedJSON.category(c.categoryCode, dir); territory = NamedJSON.territory(c.territoryCode, dir)
        title = c.title; content = detail ? c.content : nil
        receivedAt = c.receivedOn.description; registeredAt = ChinaTime.timestamp(c.registeredAt)
        updatedAt = ChinaTime.timestamp(c.updatedAt)
        due = v.clock.due?.description; clock = ClockJSON(v.clock)
        let people = detail ? c.persons : c.persons.map { Person(role: $0.role, name: $0.name) }
        petitioners = people.filter { $0.role == .petitioner }.map(PersonJSON.init)
        representatives = people.filter { $0.role == .representative }.map(PersonJSON.init)
        peopleCount = c.peopleCount; collective = c.isCollective; anonymous = c.anonymous
        accusedUnit = NamedJSON.unit(c.accusedUnitCode, dir); ownerUnit = NamedJSON.unit(c.ownerUnitCode, dir)
        leadUnit = NamedJSON.unit(c.leadUnitCode, dir)
        assistingUnits = c.assistingUnitCodes.compactMap { NamedJSON.unit($0, dir) }
        reviewUnit = NamedJSON.unit(c.reviewUnitCode, dir); recheckUnit = NamedJSON.unit(c.recheckUnitCode, dir)
        extensionDays = c.extensionDays
        reply = c.reply.map { OpinionJSON($0, dir) }
        reviewOpinion = c.reviewOpinion.map { OpinionJSON($0, dir) }
        recheckOpinion = c.recheckOpinion.map { OpinionJSON($0, dir) }
        rating = c.rating.map(RatingJSON.init)
        outcome = c.outcome
        listed = c.ov.isListed
        if !v.publicView {
            oversight = c.oversight == nil ? nil : OversightJSON(c, dir, today: v.today)
            repeatOf = c.repeatOf
            insight = c.insight.map { InsightJSON($0, dir) }
        }
        mergedInto = c.insight?.mergedNumber
        if detail {
            milestones = c.milestones
            history = v.history.map { EventJSON($0, dir, publicView: v.publicView) }
            allowedActions = v.allowedActions.map { ActionJSON(action: $0.rawValue, label: $0.label) }
        }
    }
}

struct CaseListJSON: Encodable, Sendable {
    /// Exact below 1,000; from there `total_capped` is true and the list says "1000+".
    var total: Int
    var totalCapped: Bool
    var page: Int
    var perPage: Int
    var cases: [CaseJSON]
}
