import Foundation
import HuiyinCore
import HuiyinService
import HuiyinStore

/// What the case page (staff) and the 办理进度 page (public) show of one ``CaseView``.
struct CasePageModel {
    struct PersonRow { var role: String; var name: String; var idNumber: String; var phone: String; var address: String }
    struct EventRow { var at: String; var actor: String; var action: String; var summary: String; var note: String?; var state: String }
    struct OpinionRow { var id: String; var label: String; var verdict: String; var text: String; var on: String; var unit: String }
    struct FileRow { var id: Int64; var name: String; var size: String; var by: String; var at: String }

    var id: Int64
    var number: String
    var version: Int
    var state: String
    var title: String
    var content: String
    var channel: String
    var kind: String
    var category: String
    var territory: String
    var receivedOn: String
    var registeredAt: String
    var ruleSet: String
    /// Optional, not empty: a template section shows a row only when there is a value.
    var ownerUnit: String?
    var leadUnit: String?
    var assistingUnits: String?
    var accusedUnit: String?
    var reviewUnit: String?
    var recheckUnit: String?
    var peopleCount: Int
    var collective: Bool
    var anonymous: Bool
    var wall: String?
    var stage: String
    var due: String
    var clockStatus: String
    var clockClass: String
    var timeLeft: String
    var notifyDue: String?
    var returnUntil: String?
    var persons: [PersonRow]
    var opinions: [OpinionRow]
    var reply: OpinionRow?
    var rating: String?
    var outcome: String?
    var events: [EventRow]
    var files: [FileRow]
    var oversight: OversightModel?
    /// 重复访: the earlier case's id.
    var repeatOf: Int64?

    init(_ v: CaseView, files: [AttachmentInfo] = []) {
        let c = v.case, dir = v.directory
        func unit(_ code: String?) -> String? { code.map { dir.unit($0)?.name ?? $0 } }
        id = c.id; number = c.number; version = c.version; state = c.state.label; title = c.title; content = c.content
        channel = c.channel.rawValue; kind = c.kind.rawValue
        category = c.categoryCode.map { dir.categories.pathNames($0).joined(separator: " › ") } ?? "未分类"
        territory = c.territoryCode.map { dir.territoryNames($0).joined(separator: " › ") } ?? "未确定"
        receivedOn = c.receivedOn.description; registeredAt = minuteText(c.registeredAt)
        ruleSet = v.rules.name
        ownerUnit = unit(c.ownerUnitCode); leadUnit = unit(c.leadUnitCode)
        assistingUnits = c.assistingUnitCodes.isEmpty ? nil : c.assistingUnitCodes.compactMap(unit).joined(separator: "、")
        accusedUnit = unit(c.accusedUnitCode); reviewUnit = unit(c.reviewUnitCode); recheckUnit = unit(c.recheckUnitCode)
        peopleCount = c.peopleCount; collective = c.isCollective; anonymous = c.anonymous; wall = c.wall?.label
        let clock = v.clock
        stage = clock.stage?.label ?? "—"
        due = clock.due?.description ?? "—"
        clockStatus = clock.status.label
        clockClass = Self.clockClass(clock.status)
        timeLeft = Self.timeLeft(clock)
        notifyDue = clock.notifyDue?.description
        returnUntil = clock.returnUntil?.description
        persons = c.persons.map {
            PersonRow(role: $0.role == .representative ? "代表" : "信访人", name: $0.name ?? "", idNumber: $0.idNumber ?? "",
                      phone: $0.phone ?? "", address: $0.address ?? "")
        }
        func opinion(_ o: Opinion?, _ id: String, _ label: String) -> OpinionRow? {
            o.map { OpinionRow(id: id, label: label, verdict: $0.verdict.label, text: $0.text, on: $0.on.description, unit: unit($0.unitCode) ?? "") }
        }
        reply = opinion(c.reply, "reply", "处理意见书")
        opinions = [reply, opinion(c.reviewOpinion, "review-opinion", "复查意见书"), opinion(c.recheckOpinion, "recheck-opinion", "复核意见书")].compactMap { $0 }
        rating = c.rating.map { "\($0.value.label)（\($0.on)\($0.byReturnVisit ? "，回访记录" : "")）" }
        outcome = c.outcome.map { o in o.receivingBody.map { "转送 \($0)：\(o.reason)" } ?? o.reason }
        events = v.history.reversed().map { e in
            EventRow(at: minuteText(e.at),
                     actor: [e.actor.name, e.actor.unitCode.map { dir.unit($0)?.name ?? $0 }].compactMap { $0 }.uniqued().joined(separator: " · "),
                     action: e.action.label, summary: EventDescription.describe(e, dir), note: e.note, state: e.toState.label)
        }
        oversight = c.oversight.map { _ in OversightModel(c, dir, today: v.today) }
        repeatOf = c.repeatOf
        self.files = files.map {
            FileRow(id: $0.id, name: $0.name, size: ByteCountFormatter.string(fromByteCount: Int64($0.size), countStyle: .file),
                    by: $0.uploadedBy, at: minuteText($0.uploadedAt))
        }
    }

    static func clockClass(_ s: ClockStatus) -> String {
        switch s {
        case .overdue: return "overdue"
        case .dueSoon: return "due-soon"
        case .normal: return "normal"
        default: return "other"
        }
    }

    static func timeLeft(_ clock: Clock) -> String {
        guard let days = clock.daysLeft else { return "—" }
        if clock.status == .paused { return "暂停计时中" }
        if days < 0 { return "已超期 \(-days) 天" }
        if days == 0 { return "今天到期" }
        if let w = clock.workingDaysLeft, clock.period?.unit == .working { return "剩余 \(days) 天（\(w) 个工作日）" }
        return "剩余 \(days) 天"
    }
}

extension Array where Element: Hashable {
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}

/// `2026-03-02 14:05` (China time).
func minuteText(_ date: Date) -> String {
    ChinaTime.timestamp(date).prefix(16).replacingOccurrences(of: "T", with: " ")
}

/// The 督办与追责 section of the case page.
struct OversightModel {
    struct SupervisionRow { var level: String; var listed: Bool; var automatic: Bool; var issuedOn: String; var unit: String
        var missedDue: String; var feedbackDue: String; var feedbackOverdue: Bool; var feedback: String }
    struct AccountabilityRow { var on: String; var unit: String; var unitCode: String; var person: String; var missedDue: String; var measure: String; var note: String }
    var ownerLeader: String?
    var dispute: String?
    var supervisions: [SupervisionRow]
    var hasSupervisions: Bool
    var accountability: [AccountabilityRow]
    var hasAccountability: Bool

    init(_ c: Case, _ dir: Directory, today: LocalDate) {
        let ov = c.ov
        func name(_ code: String?) -> String { code.map { dir.unit($0)?.name ?? $0 } ?? "—" }
        ownerLeader = ov.ownerLeader.map { "\($0.name)（\(name($0.unitCode))，\($0.since) 起）" }
        if let d = ov.disputeUnitCode {
            dispute = "管辖争议（退回：\(ov.returnedBy.map { name($0) }.joined(separator: "、"))）已报请 \(name(d))"
                + (ov.competenceDecided ? "裁定，不得再次退回" : "裁定，待裁定")
        } else if !ov.returnedBy.isEmpty {
            dispute = "曾退回：" + ov.returnedBy.map { name($0) }.joined(separator: "、")
        }
        supervisions = ov.supervisions.map { s in
            SupervisionRow(level: s.level.label, listed: s.level >= .listed, automatic: s.automatic, issuedOn: s.issuedOn.description,
                           unit: name(s.unitCode), missedDue: s.missedDue?.description ?? "—", feedbackDue: s.feedbackDue?.description ?? "—",
                           feedbackOverdue: s.feedbackOverdue(today: today), feedback: s.feedback.map { "\($0)（\(s.feedbackOn?.description ?? "")）" } ?? "")
        }
        hasSupervisions = !supervisions.isEmpty
        accountability = ov.accountability.map { r in
            AccountabilityRow(on: r.on.description, unit: name(r.unitCode), unitCode: r.unitCode, person: r.person ?? "",
                              missedDue: r.missedDue?.description ?? "—", measure: r.measure.label, note: r.note ?? "")
        }
        hasAccountability = !accountability.isEmpty
    }
}
