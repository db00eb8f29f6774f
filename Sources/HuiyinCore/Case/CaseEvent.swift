import Foundation

/// One entry of a case's history (who, when, what, why). Append-only: events are never edited.
public struct CaseEvent: Codable, Sendable, Hashable {
    /// 1, 2, 3 … within the case.
    public var seq: Int
    public var at: Date
    public var actor: ActorRef
    public var action: ActionName
    public var fromState: CaseState?
    public var toState: CaseState
    /// The reason, note or text the actor gave.
    public var note: String?
    /// Structured facts of the step: `lead_unit`, `days`, `rating`, `verdict` …
    public var details: [String: String]

    public init(seq: Int, at: Date, actor: ActorRef, action: ActionName, fromState: CaseState?, toState: CaseState,
                note: String?, details: [String: String] = [:]) {
        self.seq = seq; self.at = at; self.actor = actor; self.action = action; self.fromState = fromState
        self.toState = toState; self.note = note; self.details = details
    }
}

/// Every action on a case, by its API name.
public enum ActionName: String, Codable, Sendable, CaseIterable {
    case register
    case accept
    case refuse
    case transfer
    case assign
    case classify
    case notify
    case returnCase = "return"
    case start
    case reply
    case extend
    case pause
    case resume
    case rate
    case redo
    case requestReview = "request_review"
    case reviewOpinion = "review_opinion"
    case requestRecheck = "request_recheck"
    case recheckOpinion = "recheck_opinion"
    case close
    case withdraw
    case comment
    /// 上传附件 (through the attachments endpoint, not the actions endpoint).
    case attach
    /// 民情回音墙: 公开上墙 / 不予公开.
    case publish
    case withhold
    /// 督办 (automatic by the clock watcher, or ordered by a supervisor), and the unit's written answer.
    case supervise
    case supervisionFeedback = "supervision_feedback"
    /// 领导包案.
    case takeOwnership = "take_ownership"
    /// 责任追究.
    case holdAccountable = "hold_accountable"
    /// 管辖争议报请上级 and the superior's binding decision (裁定交办).
    case referDispute = "refer_dispute"
    case decideCompetence = "decide_competence"
    /// 并案: a duplicate follows another case, and later receives that case's answer (system only).
    case merge
    case followAnswer = "follow_answer"
    /// The original was itself merged: its duplicates follow the new original (system only).
    case followOriginal = "follow_original"
    /// The original ended without an answer (不予受理, 转送, 撤回): its duplicates are handled again (system only).
    case resumeMerged = "resume_merged"

    public var label: String {
        switch self {
        case .register: return "登记"
        case .accept: return "受理"
        case .refuse: return "不予受理"
        case .transfer: return "转送"
        case .assign: return "交办"
        case .classify: return "补充分类属地"
        case .notify: return "书面告知"
        case .returnCase: return "退回"
        case .start: return "签收办理"
        case .reply: return "答复（处理意见书）"
        case .extend: return "延长办理期限"
        case .pause: return "暂停计时"
        case .resume: return "恢复计时"
        case .rate: return "评价"
        case .redo: return "重新办理"
        case .requestReview: return "申请复查"
        case .reviewOpinion: return "复查意见"
        case .requestRecheck: return "申请复核"
        case .recheckOpinion: return "复核意见"
        case .close: return "办结"
        case .withdraw: return "撤回"
        case .comment: return "备注"
        case .attach: return "上传附件"
        case .publish: return "公开上墙"
        case .withhold: return "不予公开"
        case .supervise: return "督办"
        case .supervisionFeedback: return "督办反馈"
        case .takeOwnership: return "领导包案"
        case .holdAccountable: return "责任追究"
        case .referDispute: return "争议报请"
        case .decideCompetence: return "裁定交办"
        case .merge: return "并案"
        case .followAnswer: return "随主件答复"
        case .followOriginal: return "随主件并入"
        case .resumeMerged: return "主件终止，恢复办理"
        }
    }

    /// Whether the petitioner sees this step in their public view of the history.
    public var isPublic: Bool { ![.classify, .returnCase, .start, .comment, .attach, .supervisionFeedback, .holdAccountable, .referDispute].contains(self) }
}
