/// How a demand reached us (信访渠道, 条例 第十七条 + 12345 + grassroots channels).
public enum Channel: String, Codable, Sendable, CaseIterable {
    case letter = "来信"
    case visit = "来访"
    case phone = "电话"
    case online = "网上信访"
    case mayorMailbox = "市长信箱"
    case echoWall = "民情回音墙"
    case gridReport = "网格上报"
    case receptionDay = "领导接待日"
    case outreach = "走访"
    case fax = "传真"
    case other = "其他"

    /// Channels a citizen can use by themselves, without staff registering for them.
    public static let selfService: Set<Channel> = [.online, .mayorMailbox, .echoWall]

    /// The Chinese name (canonical) or an English alias (`letter`, `visit`, `phone`, `hotline`, `12345`,
    /// `online`, `mailbox`, `wall`, `grid`, `reception`, `outreach`, `fax`, `other`).
    public init?(parsing text: String) {
        let t = text.trimmed
        if let c = Channel(rawValue: t) { self = c; return }
        switch t.lowercased() {
        case "letter": self = .letter
        case "visit": self = .visit
        case "phone", "hotline", "12345", "来电", "电话/12345": self = .phone
        case "online", "web", "网上": self = .online
        case "mailbox", "mayor_mailbox": self = .mayorMailbox
        case "wall", "echo_wall", "回音墙": self = .echoWall
        case "grid", "grid_report": self = .gridReport
        case "reception", "reception_day", "接待日": self = .receptionDay
        case "outreach", "下访", "大走访": self = .outreach
        case "fax": self = .fax
        case "other": self = .other
        default: return nil
        }
    }
}

/// The three legal kinds of the 2022 条例 (第二十九–三十一条).
public enum LegalKind: String, Codable, Sendable, CaseIterable {
    /// 建议意见类: suggestions, studied and answered.
    case suggestion = "建议意见"
    /// 检举控告类: accusations, for discipline bodies; the accuser's identity never reaches the accused.
    case accusation = "检举控告"
    /// 申诉求决类: appeals and demands, answered with a 信访处理意见书.
    case appeal = "申诉求决"

    /// `建议意见`, `建议意见类`, or `suggestion` / `accusation` / `appeal`.
    public init?(parsing text: String) {
        var t = text.trimmed
        if t.hasSuffix("类") { t.removeLast() }
        if let k = LegalKind(rawValue: t) { self = k; return }
        switch t.lowercased() {
        case "suggestion": self = .suggestion
        case "accusation", "report": self = .accusation
        case "appeal", "demand": self = .appeal
        default: return nil
        }
    }

    /// Kinds that may be filed without naming the petitioner.
    public var allowsAnonymous: Bool { self != .appeal }
}

import Foundation
