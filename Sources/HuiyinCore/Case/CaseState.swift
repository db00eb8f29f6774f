/// Where a case stands in its lifecycle. Transitions are decided by ``Lifecycle``.
public enum CaseState: String, Codable, Sendable, CaseIterable {
    case registered
    case accepted
    case assigned
    case returned
    case inProgress = "in_progress"
    case replied
    case unsatisfied
    case review
    case reviewed
    case recheck
    case closed
    case final
    case refused
    case transferred
    case withdrawn
    /// 并案: a duplicate following another case; it gets that case's answer (``ActionName/followAnswer``).
    case merged

    public var label: String {
        switch self {
        case .registered: return "已登记"
        case .accepted: return "已受理"
        case .assigned: return "已交办"
        case .returned: return "已退回"
        case .inProgress: return "办理中"
        case .replied: return "已答复"
        case .unsatisfied: return "不满意"
        case .review: return "复查中"
        case .reviewed: return "已复查"
        case .recheck: return "复核中"
        case .closed: return "已办结"
        case .final: return "复核终结"
        case .refused: return "不予受理"
        case .transferred: return "已转送"
        case .withdrawn: return "已撤回"
        case .merged: return "已并案"
        }
    }

    /// No further transitions except comments.
    public var isTerminal: Bool { [.closed, .final, .refused, .transferred, .withdrawn, .merged].contains(self) }

    /// The English name or the Chinese label.
    public init?(parsing text: String) {
        let t = text.trimmed
        if let s = CaseState(rawValue: t) { self = s; return }
        guard let s = CaseState.allCases.first(where: { $0.label == t }) else { return nil }
        self = s
    }
}

/// A stage of the legal clock: which deadline currently runs and from when.
public enum StageKind: String, Codable, Sendable, CaseIterable {
    /// 登记处理: accept / refuse / transfer / assign (条例 第二十二条).
    case dispose
    /// 办理: handle and reply with the 处理意见书 (第三十四条).
    case handle
    /// 重办: redo after an unsatisfied rating.
    case redo
    /// 复查申请期: the petitioner may ask for 复查 (第三十五条).
    case reviewWindow = "review_window"
    /// 复查: the unit above answers (第三十五条).
    case review
    /// 复核申请期 (第三十六条).
    case recheckWindow = "recheck_window"
    /// 复核 (第三十六条).
    case recheck

    public var label: String {
        switch self {
        case .dispose: return "登记处理"
        case .handle: return "办理"
        case .redo: return "重新办理"
        case .reviewWindow: return "复查申请期"
        case .review: return "复查"
        case .recheckWindow: return "复核申请期"
        case .recheck: return "复核"
        }
    }

    /// Who must act before the deadline: offices, or (in the windows) the petitioner.
    public var waitingOn: WaitingOn {
        switch self {
        case .reviewWindow, .recheckWindow: return .petitioner
        default: return .office
        }
    }

    /// Stages whose clock a hearing or other pause can stop.
    public var canPause: Bool { [.handle, .redo, .review, .recheck].contains(self) }
}

public enum WaitingOn: String, Codable, Sendable {
    case office
    case petitioner
}

/// The running stage of a case: its kind and the date its period counts from.
public struct Stage: Codable, Sendable, Hashable {
    public var kind: StageKind
    public var startedOn: LocalDate
    public init(_ kind: StageKind, from startedOn: LocalDate) { self.kind = kind; self.startedOn = startedOn }

    private enum CodingKeys: String, CodingKey {
        case kind
        case startedOn = "started_on"
    }
}
