import Foundation
import HuiyinCore
import HuiyinService
import HuiyinStore

/// 督办, 责任追究, 包案 and competence disputes of a case (staff views only).
struct OversightJSON: Encodable, Sendable {
    struct SupervisionJSON: Encodable, Sendable {
        var level: String
        var levelLabel: String
        var issuedOn: String
        var unit: NamedJSON?
        var missedDue: String?
        var stage: String?
        var feedbackDue: String?
        var feedback: String?
        var feedbackOn: String?
        var feedbackOverdue: Bool
        var automatic: Bool
        var note: String?
    }
    struct AccountabilityJSON: Encodable, Sendable {
        var caseID: Int64?
        var caseNumber: String?
        var unit: NamedJSON?
        var person: String?
        var missedDue: String?
        var stage: String?
        var measure: String
        var measureLabel: String
        var on: String
        var note: String?
        var automatic: Bool
        var recordedBy: String
    }
    struct LeaderJSON: Encodable, Sendable { var userID: Int64; var name: String; var since: String }

    var level: Int
    var levelLabel: String?
    var supervisions: [SupervisionJSON]
    var accountability: [AccountabilityJSON]
    var ownerLeader: LeaderJSON?
    var returnedBy: [NamedJSON]
    var disputeUnit: NamedJSON?
    var competenceDecided: Bool

    init(_ c: Case, _ dir: Directory, today: LocalDate) {
        let ov = c.ov
        level = ov.level
        levelLabel = SupervisionLevel(rawValue: ov.level)?.label
        supervisions = ov.supervisions.map { s in
            SupervisionJSON(level: s.level.code, levelLabel: s.level.label, issuedOn: s.issuedOn.description,
                            unit: NamedJSON.unit(s.unitCode, dir), missedDue: s.missedDue?.description, stage: s.stage?.rawValue,
                            feedbackDue: s.feedbackDue?.description, feedback: s.feedback, feedbackOn: s.feedbackOn?.description,
                            feedbackOverdue: s.feedbackOverdue(today: today), automatic: s.automatic, note: s.note)
        }
        accountability = ov.accountability.map { Self.record($0, c: nil, dir) }
        ownerLeader = ov.ownerLeader.map { LeaderJSON(userID: $0.userID, name: $0.name, since: $0.since.description) }
        returnedBy = ov.returnedBy.compactMap { NamedJSON.unit($0, dir) }
        disputeUnit = NamedJSON.unit(ov.disputeUnitCode, dir)
        competenceDecided = ov.competenceDecided
    }

    static func record(_ r: AccountabilityRecord, c: Case?, _ dir: Directory) -> AccountabilityJSON {
        AccountabilityJSON(caseID: c?.id, caseNumber: c?.number, unit: NamedJSON.unit(r.unitCode, dir), person: r.person,
                           missedDue: r.missedDue?.description, stage: r.stage?.rawValue, measure: r.measure.rawValue,
                           measureLabel: r.measure.label, on: r.on.description, note: r.note, automatic: r.automatic,
                           recordedBy: r.recordedBy)
    }
}

struct RoutingSuggestionJSON: Encodable, Sendable {
    var leadUnit: NamedJSON?
    var assistingUnits: [NamedJSON]
    var source: String
    var rule: Int?
    var reason: String

    init(_ s: RoutingSuggestion, _ dir: Directory) {
        leadUnit = NamedJSON.unit(s.leadUnit, dir)
        assistingUnits = s.assistingUnits.compactMap { NamedJSON.unit($0, dir) }
        source = s.source.rawValue; rule = s.ruleIndex.map { $0 + 1 }; reason = s.reason
    }
}

/// The figures of a tally with their rates (fractions, null when nothing to measure).
struct TallyJSON: Encodable, Sendable {
    var total: Int
    var accepted: Int
    var acceptedOnTime: Int
    var acceptRate: Double?
    var replied: Int
    var repliedOnTime: Int
    var onTimeCloseRate: Double?
    var rated: Int
    var satisfied: Int
    var satisfactionRate: Double?
    var repeats: Int
    var repeatRate: Double?
    var overdue: Int
    var averageHandlingDays: Double?
    var supervised: Int
    var listed: Int
    var transferred: Int
    var assigned: Int
    var accountable: Int

    init(_ t: CaseTally) {
        total = t.total; accepted = t.accepted; acceptedOnTime = t.acceptedOnTime; acceptRate = t.acceptShare
        replied = t.replied; repliedOnTime = t.repliedOnTime; onTimeCloseRate = t.replyShare
        rated = t.rated; satisfied = t.satisfied; satisfactionRate = t.satisfactionShare
        repeats = t.repeats; repeatRate = t.repeatShare; overdue = t.overdue
        averageHandlingDays = t.averageHandleDays.map { ($0 * 100).rounded() / 100 }
        supervised = t.supervised; listed = t.listed; transferred = t.transferred; assigned = t.assigned; accountable = t.accountable
    }
}

struct StatisticsJSON: Encodable, Sendable {
    struct RankJSON: Encodable, Sendable {
        var rank: Int
        var unit: NamedJSON
        var score: Double
        var flagged: Bool
        var figures: TallyJSON
    }
    var from: String
    var to: String
    var previousFrom: String
    var previousTo: String
    var territory: String?
    var unit: String?
    var current: TallyJSON
    var previous: TallyJSON
    var change: Double?
    var rankings: [RankJSON]

    init(_ s: PeriodStatistics) {
        from = s.from.description; to = s.to.description; previousFrom = s.previousFrom.description; previousTo = s.previousTo.description
        territory = s.territory; unit = s.unit; current = TallyJSON(s.current); previous = TallyJSON(s.previous); change = s.change
        rankings = s.rankings.map { RankJSON(rank: $0.rank, unit: NamedJSON(code: $0.unitCode, name: $0.unitName, path: nil),
                                             score: $0.score, flagged: $0.flagged, figures: TallyJSON($0.tally)) }
    }
}

struct ReportJSON: Encodable, Sendable {
    struct TableJSON: Encodable, Sendable { var name: String; var title: String?; var columns: [String]; var rows: [[String]] }
    var title: String
    var subtitle: String
    var tables: [TableJSON]
    init(_ r: Report) {
        title = r.title; subtitle = r.subtitle
        tables = r.tables.map { TableJSON(name: $0.name, title: $0.title, columns: $0.columns, rows: $0.rows.map { $0.map(\.display) }) }
    }
}

struct PreferencesJSON: Codable, Sendable {
    var email: String?
    var phone: String?
    var emailTopics: [String]
    var smsTopics: [String]

    private enum CodingKeys: String, CodingKey {
        case email, phone
        case emailTopics = "email_topics", smsTopics = "sms_topics"
    }

    init(_ p: NotificationPreferences) {
        email = p.email; phone = p.phone
        emailTopics = p.emailTopics.map(\.rawValue).sorted(); smsTopics = p.smsTopics.map(\.rawValue).sorted()
    }

    func preferences() throws -> NotificationPreferences {
        func topics(_ list: [String], _ field: String) throws -> Set<OutboxEntry.Kind> {
            Set(try list.map { raw in
                guard let k = OutboxEntry.Kind(rawValue: raw) ?? OutboxEntry.Kind.allCases.first(where: { $0.label == raw }) else {
                    throw HuiyinError.invalid("invalid_topic", "通知类别只能是：assigned（新交办）、due_soon（临期提醒）、overdue（超期督办）、event（办理进展）、warning（热点预警）", field: field)
                }
                return k
            })
        }
        return NotificationPreferences(email: email, phone: phone, emailTopics: try topics(emailTopics, "email_topics"),
                                       smsTopics: try topics(smsTopics, "sms_topics"))
    }
}
