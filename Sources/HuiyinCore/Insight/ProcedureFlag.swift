/// The same petitioner's same matter has already been answered and is in the 复查/复核 procedure, or has
/// been concluded by 复核: filing it again as a new matter is the wrong road (条例 第三十五、三十六条).
///
/// Set at intake, shown to staff with the reason and the earlier case; the decision (不予受理, or guiding
/// the petitioner to ask for 复查 in the earlier case) stays with them.
public struct ProcedureFlag: Codable, Sendable, Hashable {
    /// Where the earlier case stands.
    public enum Step: String, Codable, Sendable, CaseIterable {
        /// 复查申请期: answered; the petitioner may ask the unit above for 复查 until `dueOn`.
        case reviewWindow = "review_window"
        /// 复查 under way, due `dueOn`.
        case review
        /// 复核申请期: 复查 answered; 复核 may be asked for until `dueOn`.
        case recheckWindow = "recheck_window"
        /// 复核 under way, due `dueOn`.
        case recheck
        /// 复核终结: the same facts and reasons are not accepted again (第三十六条).
        case concluded

        public var label: String {
            switch self {
            case .reviewWindow: return "可申请复查"
            case .review: return "复查中"
            case .recheckWindow: return "可申请复核"
            case .recheck: return "复核中"
            case .concluded: return "复核终结"
            }
        }
    }

    public var caseID: Int64
    public var number: String
    public var step: Step
    /// The last day to ask for 复查/复核, or the day the 复查/复核 opinion is due; nil once concluded.
    public var dueOn: LocalDate?
    public var reason: String

    public init(caseID: Int64, number: String, step: Step, dueOn: LocalDate?, reason: String) {
        self.caseID = caseID; self.number = number; self.step = step; self.dueOn = dueOn; self.reason = reason
    }

    private enum CodingKeys: String, CodingKey {
        case number, step, reason
        case caseID = "case_id", dueOn = "due_on"
    }
}

extension ProcedureFlag {
    /// The flag for an earlier case of the same petitioner's same matter, nil when its procedure does not
    /// bar or redirect a new filing (still being handled, closed without 复核, or a window already past).
    /// `due` is the earlier case's current deadline and `passed` whether today is after it (``CaseClock``).
    public static func of(_ earlier: Case, due: LocalDate?, passed: Bool) -> ProcedureFlag? {
        let step: Step
        if earlier.state == .final {
            step = .concluded
        } else {
            switch earlier.stage?.kind {
            case .reviewWindow: step = .reviewWindow
            case .review: step = .review
            case .recheckWindow: step = .recheckWindow
            case .recheck: step = .recheck
            default: return nil
            }
            if passed, step == .reviewWindow || step == .recheckWindow { return nil }
        }
        let m = earlier.milestones, n = earlier.number
        let until = due.map { "\($0)" } ?? "规定期限"
        func day(_ d: LocalDate?) -> String { d.map { "\($0)" } ?? "此前" }
        /// 复查 (第三十五条) after the 处理意见, or 复核 (第三十六条) after the 复查意见.
        func window(_ answered: LocalDate?, _ opinion: String, _ from: String, _ next: String, _ article: String) -> String {
            "该事项已于 \(day(answered)) 出具\(opinion)（\(n)）。信访人不服的，可在 \(until) 前向\(from)的上一级机关请求\(next)"
                + "（《信访工作条例》\(article)），宜引导其在原件中申请\(next)，不作为新事项办理。"
        }
        func running(_ what: String, _ article: String) -> String {
            "该事项正在\(what)（\(n)），\(what)意见期限至 \(until)（《信访工作条例》\(article)），"
                + (passed ? "已超期，请督促\(what)机关答复。" : "请告知信访人等待\(what)意见。")
        }
        let reason: String
        switch step {
        case .concluded:
            reason = "该事项已于 \(day(m.recheckedOn)) 复核终结（\(n)）。依据《信访工作条例》第三十六条，"
                + "信访人对复核意见不服，仍以同一事实和理由提出投诉请求的，不再受理。"
        case .reviewWindow: reason = window(m.repliedOn, "处理意见", "原办理机关", "复查", "第三十五条")
        case .review: reason = running("复查", "第三十五条")
        case .recheckWindow: reason = window(m.reviewedOn, "复查意见", "复查机关", "复核", "第三十六条")
        case .recheck: reason = running("复核", "第三十六条")
        }
        return ProcedureFlag(caseID: earlier.id, number: n, step: step, dueOn: step == .concluded ? nil : due, reason: reason)
    }
}
