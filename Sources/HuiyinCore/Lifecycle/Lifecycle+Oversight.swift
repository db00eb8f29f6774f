import Foundation

/// The oversight actions: 督办 and its feedback, 领导包案, 责任追究, and competence disputes.
extension Lifecycle {
    static func applyOversight(_ action: CaseAction, from c: Case, to n: inout Case, by actor: Actor, in ctx: LifecycleContext,
                               details: inout [String: String]) throws -> String? {
        let today = ctx.today, dir = ctx.directory
        switch action {
        case .supervise(let level, let note, let feedbackDays, let automatic):
            if automatic {
                guard let d = Escalation.next(for: c, rules: ctx.rules, calendar: ctx.calendar, today: today),
                      level == nil || level == d.supervision.level else {
                    throw HuiyinError.conflict("nothing_to_escalate", "该事项当前无需自动督办或升级")
                }
                n.ov.supervisions.append(d.supervision)
                if let measure = d.accountability {
                    n.ov.accountability.append(AccountabilityRecord(
                        unitCode: d.supervision.unitCode, person: nil, missedDue: d.supervision.missedDue, stage: d.supervision.stage,
                        measure: measure, on: today, note: d.reason, automatic: true, recordedBy: actor.reference.name))
                    details["accountability"] = measure.rawValue
                }
                describe(d.supervision, &details)
                return d.reason
            }
            guard let unit = Escalation.responsibleUnit(c) else {
                throw HuiyinError.conflict("no_responsible_unit", "该事项当前没有承办单位，无法督办")
            }
            let clock = CaseClock.evaluate(c, rules: ctx.rules, calendar: ctx.calendar, today: today)
            let rung = level ?? SupervisionLevel(rawValue: min(c.ov.level + 1, SupervisionLevel.bulletin.rawValue))!
            let days = feedbackDays ?? 5
            let s = Supervision(level: rung, issuedOn: today, unitCode: unit, missedDue: clock.status == .overdue ? clock.due : nil,
                                stage: clock.stage, feedbackDue: ctx.calendar.due(after: today, period: .working(days)),
                                automatic: false, note: note)
            n.ov.supervisions.append(s)
            describe(s, &details)
            return note

        case .supervisionFeedback(let text):
            let unit = actor.unitCode
            guard let i = n.ov.supervisions.lastIndex(where: { $0.feedback == nil && $0.unitCode == unit }) else {
                throw HuiyinError.conflict("no_open_supervision", "没有待反馈的督办")
            }
            n.ov.supervisions[i].feedback = text
            n.ov.supervisions[i].feedbackOn = today
            details["level"] = n.ov.supervisions[i].level.code
            if let due = n.ov.supervisions[i].feedbackDue, today > due {
                details["late"] = "true"
            }
            return text

        case .takeOwnership(let note):
            guard let user = actor.user else { throw HuiyinError.forbidden("role_not_allowed", "只有领导本人可以包案") }
            n.ov.ownerLeader = LeaderRef(userID: user.id, name: user.displayName, unitCode: user.unitCode, since: today)
            details["leader"] = user.displayName
            return note

        case .holdAccountable(let unitCode, let person, let measure, let note):
            let last = c.ov.supervisions.last
            guard let unit = unitCode ?? last?.unitCode ?? c.leadUnitCode else {
                throw HuiyinError.missing("unit", "被追责单位")
            }
            guard dir.unit(unit) != nil else {
                throw HuiyinError.invalid("unknown_unit", "单位“\(unit)”不存在", field: "unit")
            }
            let clock = CaseClock.evaluate(c, rules: ctx.rules, calendar: ctx.calendar, today: today)
            n.ov.accountability.append(AccountabilityRecord(
                unitCode: unit, person: person, missedDue: last?.missedDue ?? (clock.status == .overdue ? clock.due : nil),
                stage: last?.stage ?? clock.stage, measure: measure, on: today, note: note, automatic: false,
                recordedBy: actor.reference.name))
            details["unit"] = unit
            details["measure"] = measure.rawValue
            if let person { details["person"] = person }
            return note

        case .referDispute(let other, let reason):
            var parties = c.ov.returnedBy
            if let other {
                guard dir.unit(other) != nil else {
                    throw HuiyinError.invalid("unknown_unit", "单位“\(other)”不存在", field: "lead_unit")
                }
                parties.append(other)
            }
            parties = Array(Set(parties)).sorted()
            guard parties.count >= 2 else {
                throw HuiyinError.missing("lead_unit", "争议另一方单位（退回单位认为应承办的单位）")
            }
            guard let above = commonSuperior(of: parties, in: dir) else {
                throw HuiyinError.conflict("no_common_superior", "争议各方没有共同的上级机关，请联系管理员设置上级单位")
            }
            n.ov.disputeUnitCode = above
            details["dispute_unit"] = above
            details["parties"] = parties.joined(separator: ",")
            return reason

        case .decideCompetence(let lead, let assisting, let note):
            let units = try handlingUnits(lead: lead, assisting: assisting, case: c, actor: actor, dir: dir)
            n.leadUnitCode = units.lead
            n.assistingUnitCodes = units.assisting
            n.milestones.assignedOn = today
            n.ov.competenceDecided = true
            n.state = .assigned
            let anchor = ctx.rules.handleFrom == .accepted ? (n.milestones.acceptedOn ?? today) : today
            n.stage = Stage(.handle, from: anchor)
            details["lead_unit"] = units.lead
            if !units.assisting.isEmpty { details["assisting_units"] = units.assisting.joined(separator: ",") }
            return note

        default:
            fatalError("not an oversight action: \(action.name)")
        }
    }

    private static func describe(_ s: Supervision, _ details: inout [String: String]) {
        details["level"] = s.level.code
        details["unit"] = s.unitCode
        if let d = s.missedDue { details["missed_due"] = d.description }
        if let d = s.feedbackDue { details["feedback_due"] = d.description }
        if s.automatic { details["automatic"] = "true" }
    }

    /// The nearest unit above every one of `units` (管辖争议由共同的上一级机关决定), strictly above each.
    public static func commonSuperior(of units: [String], in dir: Directory) -> String? {
        func chain(_ code: String) -> [String] {
            var out: [String] = []
            var cur = dir.unit(code)?.parentCode
            while let c = cur, !out.contains(c) { out.append(c); cur = dir.unit(c)?.parentCode }
            return out
        }
        guard let first = units.first else { return nil }
        let others = units.dropFirst().map { Set(chain($0)) }
        return chain(first).first { code in others.allSatisfy { $0.contains(code) } && dir.unit(code)?.active == true }
    }
}
