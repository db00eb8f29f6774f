import Foundation

/// Everything a transition needs besides the case and the actor: the directory, the calendar, the
/// case's rule set and the current instant (injected, never read from the system).
public struct LifecycleContext: Sendable {
    public var directory: Directory
    public var calendar: WorkCalendar
    public var rules: RuleSet
    public var now: Date

    public init(directory: Directory, calendar: WorkCalendar, rules: RuleSet, now: Date) {
        self.directory = directory; self.calendar = calendar; self.rules = rules; self.now = now
    }

    public var today: LocalDate { ChinaTime.localDate(now) }
}

/// The case state machine. `apply` either returns the changed case and the event recording the
/// change, or throws and changes nothing:
///
/// - 403 (``HuiyinError/Kind/forbidden``) when the actor's role, scope or unit does not allow it;
/// - 409 (``HuiyinError/Kind/conflict``) when the state or a legal time window does not allow it;
/// - 422 (``HuiyinError/Kind/invalid``) when a parameter is wrong (unknown unit, too many days …).
///
/// ```
/// registered ─accept→ accepted ─assign→ assigned ─start→ in_progress ─reply→ replied ─rate 满意→ closed
///     │  └refuse/transfer          │ └return (≤5工作日)→ returned ─assign→ …        └rate 不满意→ unsatisfied
///     └assign (accepts too)        └reply→ replied        unsatisfied ─redo→ in_progress | ─request_review→ review
/// review ─review_opinion→ reviewed ─request_recheck→ recheck ─recheck_opinion→ final (不再受理)
/// any open state ─withdraw→ withdrawn
/// ```
public enum Lifecycle {
    /// Checks who, state, pause and time windows for `action` without its parameters.
    public static func check(_ action: ActionName, on c: Case, by actor: Actor, in ctx: LifecycleContext) throws {
        try Permissions.authorize(action, actor: actor, case: c, in: ctx.directory)
        let rule = Permissions.rule(for: action)
        guard rule.states.contains(c.state) else {
            throw HuiyinError.conflict("invalid_state", "当前状态为“\(c.state.label)”，不能执行“\(action.label)”")
        }
        if c.openPause != nil, ![.resume, .withdraw, .comment].contains(action) {
            throw HuiyinError.conflict("clock_paused", "该事项正在暂停计时（\(c.openPause!.reason)），请先恢复计时")
        }
        try checkTiming(action, c, ctx)
    }

    /// The actions `actor` could take now (parameters aside), for offering only possible actions.
    public static func allowedActions(on c: Case, by actor: Actor, in ctx: LifecycleContext) -> [ActionName] {
        ActionName.allCases.filter { !ActionName.notRequestable.contains($0) && (try? check($0, on: c, by: actor, in: ctx)) != nil }
    }

    private static func checkTiming(_ action: ActionName, _ c: Case, _ ctx: LifecycleContext) throws {
        let today = ctx.today, cal = ctx.calendar, rules = ctx.rules
        switch action {
        case .returnCase:
            guard c.stage?.kind == .handle else {
                throw HuiyinError.conflict("return_not_allowed", "重新办理阶段不能退回")
            }
            guard !c.ov.competenceDecided else {
                throw HuiyinError.conflict("competence_decided", "管辖争议已由上级机关裁定，承办单位不得再次退回")
            }
            guard let assigned = c.milestones.assignedOn else { return }
            let until = cal.due(after: assigned, period: rules.returnWindow)
            guard today <= until else {
                throw HuiyinError.conflict("return_window_closed",
                    "退回须在交办后\(rules.returnWindow)内提出（截至 \(until)），已超过期限，请按程序报请协调")
            }
        case .requestReview, .requestRecheck:
            guard c.kind == .appeal else {
                throw HuiyinError.conflict("review_not_applicable", "只有申诉求决类事项的处理意见可以申请复查、复核")
            }
            let review = action == .requestReview
            guard let from = review ? c.milestones.repliedOn : c.milestones.reviewedOn else { return }
            let window = review ? rules.reviewRequestWindow : rules.recheckRequestWindow
            let until = cal.due(after: from, period: window)
            guard today <= until else {
                throw HuiyinError.conflict(review ? "review_window_closed" : "recheck_window_closed",
                    "申请\(review ? "复查" : "复核")须在收到\(review ? "处理意见" : "复查意见")之日起\(window)内提出（截至 \(until)），已超过期限")
            }
        case .close:
            guard let due = CaseClock.due(c, rules: rules, calendar: cal, today: today) else { return }
            guard today > due else {
                let what = c.stage?.kind == .recheckWindow ? "复核" : "复查"
                throw HuiyinError.conflict("window_open", "信访人申请\(what)的期限尚未届满（至 \(due)），暂不能办结")
            }
        case .extend:
            guard c.stage?.kind == .handle else {
                throw HuiyinError.conflict("cannot_extend", "只有办理期限可以延长（当前为“\(c.stage?.kind.label ?? "无")”阶段）")
            }
            let left = rules.maxExtensionDays - c.extensionDays
            guard left > 0 else {
                throw HuiyinError.conflict("extension_exhausted",
                    "办理期限已延长\(c.extensionDays)\(rules.handle.unit.label)，已达上限\(rules.maxExtensionDays)\(rules.handle.unit.label)")
            }
            if let due = CaseClock.due(c, rules: rules, calendar: cal, today: today), today > due {
                throw HuiyinError.conflict("deadline_passed", "办理期限已于 \(due) 届满，不能再申请延期")
            }
        case .pause:
            guard c.stage?.kind.canPause == true else {
                throw HuiyinError.conflict("cannot_pause", "当前阶段（\(c.stage?.kind.label ?? "无")）不能暂停计时")
            }
            if c.openPause != nil { throw HuiyinError.conflict("already_paused", "已在暂停计时中") }
        case .resume:
            guard c.openPause != nil else { throw HuiyinError.conflict("not_paused", "该事项没有暂停计时") }
        case .publish, .withhold:
            guard c.channel == .echoWall else {
                throw HuiyinError.conflict("not_on_wall", "只有民情回音墙留言需要审核公开")
            }
            let target: WallStatus = action == .publish ? .published : .withheld
            if c.wall == target { throw HuiyinError.conflict("already_moderated", "该留言已是“\(target.label)”状态") }
        case .assign, .transfer:
            if c.ov.disputeUnitCode != nil, !c.ov.competenceDecided {
                throw HuiyinError.conflict("dispute_pending", "管辖争议已报请上级机关，须待其裁定交办")
            }
        case .referDispute:
            guard !c.ov.returnedBy.isEmpty else {
                throw HuiyinError.conflict("no_dispute", "该事项未被退回，不存在管辖争议")
            }
            if c.ov.disputeUnitCode != nil {
                throw HuiyinError.conflict("dispute_pending", "管辖争议已报请上级机关，须待其裁定交办")
            }
        case .decideCompetence:
            guard c.ov.disputeUnitCode != nil, !c.ov.competenceDecided else {
                throw HuiyinError.conflict("no_dispute", "该事项没有待裁定的管辖争议")
            }
        case .takeOwnership:
            if let owner = c.ov.ownerLeader {
                throw HuiyinError.conflict("already_owned", "该事项已由\(owner.name)于 \(owner.since) 包案")
            }
        case .notify:
            if let on = c.milestones.notifiedOn {
                throw HuiyinError.conflict("already_notified", "已于 \(on) 书面告知信访人")
            }
        default:
            return
        }
    }

    /// Applies `action`; see the type's documentation for errors.
    public static func apply(_ action: CaseAction, to c: Case, by actor: Actor, in ctx: LifecycleContext) throws -> (Case, CaseEvent) {
        try check(action.name, on: c, by: actor, in: ctx)
        let today = ctx.today, dir = ctx.directory
        var n = c
        var note: String? = nil
        var details: [String: String] = [:]

        func finish() { n.stage = nil; n.milestones.closedOn = today }

        switch action {
        case .accept(let text):
            note = text
            n.state = .accepted
            n.milestones.acceptedOn = today
            n.milestones.acceptedOnTime = onTime(c, ctx)

        case .refuse(let reason):
            note = reason
            n.outcome = Outcome(reason: reason)
            n.state = .refused
            finish()

        case .transfer(let body, let reason):
            note = reason
            details["receiving_body"] = body
            n.outcome = Outcome(reason: reason, receivingBody: body)
            n.state = .transferred
            finish()

        case .assign(let lead, let assisting, let category, let territory, let text):
            note = text
            try classify(&n, category: category, territory: territory, kind: nil, accused: nil, actor: actor, details: &details, dir: dir)
            guard n.categoryCode != nil else { throw HuiyinError.missing("category", "问题分类（交办前须补充）") }
            guard n.territoryCode != nil else { throw HuiyinError.missing("territory", "属地（交办前须补充）") }
            let units = try handlingUnits(lead: lead, assisting: assisting, case: n, actor: actor, dir: dir)
            if c.state == .registered {
                n.milestones.acceptedOn = today
                n.milestones.acceptedOnTime = onTime(c, ctx)
                details["accepted"] = "true"
            }
            n.leadUnitCode = units.lead
            n.assistingUnitCodes = units.assisting
            n.milestones.assignedOn = today
            details["lead_unit"] = units.lead
            if !units.assisting.isEmpty { details["assisting_units"] = units.assisting.joined(separator: ",") }
            n.state = .assigned
            let anchor = ctx.rules.handleFrom == .accepted ? (n.milestones.acceptedOn ?? today) : today
            n.stage = Stage(.handle, from: anchor)

        case .classify(let category, let territory, let kind, let accused, let text):
            note = text
            try classify(&n, category: category, territory: territory, kind: kind, accused: accused, actor: actor, details: &details, dir: dir)

        case .notify(let text):
            note = text
            n.milestones.notifiedOn = today

        case .returnCase(let reason):
            note = reason
            details["unit"] = c.leadUnitCode ?? ""
            if let unit = c.leadUnitCode { n.ov.returnedBy.append(unit) }
            n.leadUnitCode = nil
            n.assistingUnitCodes = []
            n.state = .returned
            // Under rules that count handling from assignment (12345), the returned case is back on the
            // dispatcher's disposal clock; under the 条例 the 60 days from acceptance keep running.
            if ctx.rules.handleFrom == .assigned { n.stage = Stage(.dispose, from: today) }

        case .start(let text):
            note = text
            n.state = .inProgress

        case .reply(let verdict, let text):
            note = text
            details["opinion"] = verdict.rawValue
            n.reply = Opinion(verdict: verdict, text: text, on: today, unitCode: c.leadUnitCode)
            n.rating = nil
            n.milestones.repliedOn = today
            n.milestones.repliedOnTime = onTime(c, ctx)
            n.state = .replied
            n.stage = Stage(.reviewWindow, from: today)

        case .extend(let days, let reason):
            let left = ctx.rules.maxExtensionDays - c.extensionDays
            guard days <= left else {
                let unit = ctx.rules.handle.unit.label
                throw HuiyinError.invalid("extension_too_long",
                    "延长办理期限累计不得超过\(ctx.rules.maxExtensionDays)\(unit)，本次最多还可延长\(left)\(unit)", field: "days")
            }
            note = reason
            n.extensionDays += days
            details["days"] = String(days)
            details["total_days"] = String(n.extensionDays)

        case .pause(let reason):
            note = reason
            n.pauses.append(Pause(stage: c.stage!.kind, startedOn: today, reason: reason))

        case .resume(let text):
            note = text
            n.pauses[n.pauses.count - 1].endedOn = today
            details["paused_days"] = String(today.days(since: n.pauses[n.pauses.count - 1].startedOn))

        case .rate(let value, let text):
            note = text
            details["rating"] = value.rawValue
            let byStaff = actor.user.map { $0.role.isStaff } ?? false
            if byStaff { details["return_visit"] = "true" }
            n.rating = Rating(value: value, on: today, byReturnVisit: byStaff, note: text)
            if value != .unsatisfied {
                n.state = .closed
                finish()
            } else if c.state == .replied {
                n.state = .unsatisfied
            }

        case .redo(let reason):
            note = reason
            n.rating = nil
            n.state = .inProgress
            n.stage = Stage(.redo, from: today)

        case .requestReview(let reason):
            note = reason
            let above = try superior(of: c.leadUnitCode ?? c.reply?.unitCode, for: "复查", case: c, dir: dir)
            n.reviewUnitCode = above
            details["review_unit"] = above
            n.milestones.reviewRequestedOn = today
            n.state = .review
            n.stage = Stage(.review, from: today)

        case .reviewOpinion(let verdict, let text):
            note = text
            details["opinion"] = verdict.rawValue
            n.reviewOpinion = Opinion(verdict: verdict, text: text, on: today, unitCode: c.reviewUnitCode)
            n.rating = nil
            n.milestones.reviewedOn = today
            n.state = .reviewed
            n.stage = Stage(.recheckWindow, from: today)

        case .requestRecheck(let reason):
            note = reason
            let above = try superior(of: c.reviewUnitCode, for: "复核", case: c, dir: dir)
            n.recheckUnitCode = above
            details["recheck_unit"] = above
            n.milestones.recheckRequestedOn = today
            n.state = .recheck
            n.stage = Stage(.recheck, from: today)

        case .recheckOpinion(let verdict, let text):
            note = text
            details["opinion"] = verdict.rawValue
            n.recheckOpinion = Opinion(verdict: verdict, text: text, on: today, unitCode: c.recheckUnitCode)
            n.milestones.recheckedOn = today
            n.state = .final
            finish()

        case .close(let text):
            note = text
            n.state = .closed
            finish()

        case .withdraw(let reason):
            note = reason
            if n.openPause != nil { n.pauses[n.pauses.count - 1].endedOn = today }
            n.outcome = Outcome(reason: reason)
            n.state = .withdrawn
            finish()

        case .comment(let text):
            note = text

        case .attach(let name, let text):
            note = text
            details["file"] = name

        case .publish(let text):
            note = text
            n.wall = .published

        case .withhold(let reason):
            note = reason
            n.wall = .withheld

        case .supervise, .supervisionFeedback, .takeOwnership, .holdAccountable, .referDispute, .decideCompetence:
            note = try applyOversight(action, from: c, to: &n, by: actor, in: ctx, details: &details)

        case .merge, .followAnswer, .followOriginal, .resumeMerged:
            note = try applyInsight(action, from: c, to: &n, in: ctx, details: &details)
        }

        n.eventCount += 1
        n.updatedAt = ctx.now
        let event = CaseEvent(seq: n.eventCount, at: ctx.now, actor: actor.reference, action: action.name,
                              fromState: c.state, toState: n.state, note: note, details: details)
        return (n, event)
    }

    /// Whether today is within the deadline of the stage `c` is in (the step ends that stage).
    private static func onTime(_ c: Case, _ ctx: LifecycleContext) -> Bool {
        guard let due = CaseClock.due(c, rules: ctx.rules, calendar: ctx.calendar, today: ctx.today) else { return true }
        return ctx.today <= due
    }

    /// The registration event of a validated new case.
    public static func register(_ c: Case, by actor: Actor, now: Date) -> (Case, CaseEvent) {
        var n = c
        n.eventCount = 1
        var details = ["channel": c.channel.rawValue, "kind": c.kind.rawValue]
        if c.isCollective { details["collective"] = "true" }
        let event = CaseEvent(seq: 1, at: now, actor: actor.reference, action: .register, fromState: nil,
                              toState: c.state, note: nil, details: details)
        return (n, event)
    }

    /// Sets category, territory, kind and accused unit with the same rules as intake, and keeps the
    /// territory inside the actor's own scope.
    private static func classify(_ n: inout Case, category: String?, territory: String?, kind: LegalKind?, accused: String?,
                                 actor: Actor, details: inout [String: String], dir: Directory) throws {
        if let category {
            let node = try dir.categories.resolve(category)
            n.categoryCode = node.code
            details["category"] = node.code
        }
        if let territory {
            let code = try Intake.resolveTerritory(territory, in: dir)
            if let home = actor.unitCode.flatMap({ dir.unit($0)?.territoryCode }), !dir.territory(code, isWithin: home) {
                throw HuiyinError.invalid("territory_out_of_scope",
                    "属地“\(dir.territoryNames(code).joined(separator: "/"))”不在您的管辖范围内", field: "territory")
            }
            n.territoryCode = code
            details["territory"] = code
        }
        if let kind, kind != n.kind {
            if n.anonymous, !kind.allowsAnonymous {
                throw HuiyinError.invalid("anonymous_not_allowed", "匿名反映不能改为申诉求决类", field: "kind")
            }
            if n.accusedUnitCode != nil, kind != .accusation {
                throw HuiyinError.invalid("accused_unit_recorded", "已记录被检举控告单位，不能改为其他类型", field: "kind")
            }
            if kind == .appeal, !n.petitioners.contains(where: { $0.phone != nil || $0.address != nil }) {
                throw HuiyinError.invalid("contact_required", "申诉求决类事项须有信访人的联系电话或通信地址", field: "kind")
            }
            n.kind = kind
            details["kind"] = kind.rawValue
        }
        if let accused {
            guard n.kind == .accusation else {
                throw HuiyinError.invalid("accused_unit_not_allowed", "只有检举控告类事项才填写被检举控告单位", field: "accused_unit")
            }
            guard dir.unit(accused) != nil else {
                throw HuiyinError.invalid("unknown_unit", "被检举控告单位“\(accused)”不存在", field: "accused_unit")
            }
            n.accusedUnitCode = accused
            details["accused_unit"] = accused
        }
    }

    /// The unit above `unit` that hears a 复查 or 复核 (条例 第三十五、三十六条: 上一级机关).
    private static func superior(of unit: String?, for step: String, case c: Case, dir: Directory) throws -> String {
        guard let unit, let above = dir.unit(unit)?.parentCode, dir.unit(above)?.active == true else {
            throw HuiyinError.conflict("no_superior_unit", "原办理机关没有设置上一级机关，无法提出\(step)，请联系管理员")
        }
        guard AccessPolicy.mayHandle(unit: above, c, in: dir) else {
            throw HuiyinError.conflict("accused_unit_conflict", "\(step)机关为被检举控告单位，须报请更高一级机关处理")
        }
        return above
    }

    static func handlingUnits(lead: String, assisting: [String], case c: Case, actor: Actor,
                                      dir: Directory) throws -> (lead: String, assisting: [String]) {
        func check(_ code: String, field: String) throws {
            guard let unit = dir.unit(code) else {
                throw HuiyinError.invalid("unknown_unit", "单位“\(code)”不存在", field: field)
            }
            guard unit.active else { throw HuiyinError.invalid("inactive_unit", "单位“\(unit.name)”已停用", field: field) }
            guard AccessPolicy.mayHandle(unit: code, c, in: dir) else {
                throw HuiyinError.invalid("accused_unit_conflict",
                    "“\(unit.name)”是被检举控告单位（或其下属），不得承办该事项", field: field)
            }
            if let home = actor.unitCode.flatMap({ dir.unit($0)?.territoryCode }),
               !dir.territory(unit.territoryCode, isWithin: home) {
                throw HuiyinError.invalid("unit_out_of_scope", "只能交办给本级或下级单位，“\(unit.name)”不在您的管辖范围内", field: field)
            }
        }
        try check(lead, field: "lead_unit")
        var seen: Set<String> = [lead]
        var result: [String] = []
        for code in assisting.map({ $0.trimmed }) where !code.isEmpty {
            guard seen.insert(code).inserted else {
                throw HuiyinError.invalid("duplicate_unit", "协办单位“\(code)”重复或与主办单位相同", field: "assisting_units")
            }
            try check(code, field: "assisting_units")
            result.append(code)
        }
        guard result.count <= 10 else {
            throw HuiyinError.invalid("too_many_units", "协办单位不得超过10个", field: "assisting_units")
        }
        return (lead, result)
    }
}
