/// Whether a period counts calendar days (日) or working days (工作日).
public enum DayUnit: String, Codable, Sendable, Hashable {
    case calendar
    case working

    public var label: String { self == .calendar ? "日" : "个工作日" }
}

/// A legal period such as "15 days" or "5 working days".
public struct Period: Codable, Sendable, Hashable, CustomStringConvertible {
    public var days: Int
    public var unit: DayUnit

    public init(days: Int, unit: DayUnit = .calendar) { self.days = days; self.unit = unit }
    public static func calendar(_ days: Int) -> Period { Period(days: days, unit: .calendar) }
    public static func working(_ days: Int) -> Period { Period(days: days, unit: .working) }

    public func adding(_ more: Int) -> Period { Period(days: days + more, unit: unit) }
    public var description: String { "\(days)\(unit.label)" }
}

/// The time limits a case is handled under, as data (shipped: 2022 信访工作条例, 2005 信访条例, 12345).
///
/// Each case records the id of its rule set at registration. Periods count from the event named in the
/// doc comment; the start day is never counted (see ``WorkCalendar``).
public struct RuleSet: Codable, Sendable, Hashable, Identifiable {
    /// The shipped rule set of 民情回音墙 messages (reply within 7 working days).
    public static let echoWallID = "echo-wall"
    /// Where the handling period of a case starts.
    public enum HandleAnchor: String, Codable, Sendable, Hashable {
        /// From acceptance (受理之日起), as the 条例 第三十四条.
        case accepted
        /// From assignment (派单/交办之日起), as 12345 rules.
        case assigned
    }

    public var id: String
    public var name: String
    /// The legal basis in one line, shown to staff next to each deadline.
    public var basis: String
    /// 登记并处理（受理、转送、交办或不予受理）, from receipt. 条例 第二十二条: 15日.
    public var dispose: Period
    /// 书面告知信访人, from receipt. 条例 第二十二/二十三条: 15日.
    public var notify: Period
    /// 承办单位提出异议退回, from assignment. 条例 第二十三条: 5个工作日.
    public var returnWindow: Period
    /// 办理并出具处理意见书, from `handleFrom`. 条例 第三十四条: 60日.
    public var handle: Period
    public var handleFrom: HandleAnchor
    /// 延长办理期限的上限, in the unit of `handle` (日 or 工作日); needs a leader's approval and runs on
    /// from the end of the original period. 条例 第三十四条: 30日.
    public var maxExtensionDays: Int
    /// 不满意重办, from the redo order (a deployment choice; no statute sets it).
    public var redo: Period
    /// 申请复查, from the reply. 条例 第三十五条: 30日.
    public var reviewRequestWindow: Period
    /// 复查意见, from the request. 条例 第三十五条: 30日.
    public var review: Period
    /// 申请复核, from the 复查 opinion. 条例 第三十六条: 30日.
    public var recheckRequestWindow: Period
    /// 复核意见, from the request. 条例 第三十六条: 30日 (听证时间不计入).
    public var recheck: Period
    /// 临期: a case is "due soon" when this many days (working days for working-day periods) or fewer are left.
    public var dueSoonDays: Int
    /// 督办 → 挂牌督办 → 约谈 → 通报 for overdue cases; nil: ``EscalationLadder/standard``.
    public var escalation: EscalationLadder?

    public init(id: String, name: String, basis: String, dispose: Period, notify: Period, returnWindow: Period,
                handle: Period, handleFrom: HandleAnchor, maxExtensionDays: Int, redo: Period,
                reviewRequestWindow: Period, review: Period, recheckRequestWindow: Period, recheck: Period,
                dueSoonDays: Int) {
        self.id = id; self.name = name; self.basis = basis; self.dispose = dispose; self.notify = notify
        self.returnWindow = returnWindow; self.handle = handle; self.handleFrom = handleFrom
        self.maxExtensionDays = maxExtensionDays; self.redo = redo
        self.reviewRequestWindow = reviewRequestWindow; self.review = review
        self.recheckRequestWindow = recheckRequestWindow; self.recheck = recheck; self.dueSoonDays = dueSoonDays
    }

    private enum CodingKeys: String, CodingKey {
        case id, name, basis, dispose, notify, handle, redo, review, recheck
        case returnWindow = "return_window", handleFrom = "handle_from", maxExtensionDays = "max_extension_days"
        case reviewRequestWindow = "review_request_window", recheckRequestWindow = "recheck_request_window"
        case dueSoonDays = "due_soon_days", escalation
    }

    /// Rejects nonsense before it reaches a case: empty ids, zero or negative periods.
    public func validate() throws {
        let idOK = !id.isEmpty && id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
        guard idOK else { throw HuiyinError.invalid("rule_set_invalid", "规则集编号只能包含字母、数字、- 和 _") }
        guard !name.isEmpty else { throw HuiyinError.invalid("rule_set_invalid", "规则集名称不能为空") }
        let periods = [dispose, notify, returnWindow, handle, redo, reviewRequestWindow, review,
                       recheckRequestWindow, recheck]
        guard periods.allSatisfy({ (1...3650).contains($0.days) }) else {
            throw HuiyinError.invalid("rule_set_invalid", "规则集中的期限必须在 1 到 3650 天之间")
        }
        guard (0...365).contains(maxExtensionDays), (0...60).contains(dueSoonDays) else {
            throw HuiyinError.invalid("rule_set_invalid", "延期上限或临期阈值不合理")
        }
        try escalation?.validate()
    }
}
