/// 矛盾纠纷排查调处: screening rounds find disputes; each dispute is mediated through
/// 受理 → 调查 → 调解 → 履行 → 回访, or ends 调解不成 (and may then become a petition case).
public enum DisputeStage: String, Codable, Sendable, CaseIterable {
    case received, investigating, mediating, fulfilling, revisited, failed

    public var label: String {
        switch self {
        case .received: return "受理"
        case .investigating: return "调查"
        case .mediating: return "调解"
        case .fulfilling: return "履行"
        case .revisited: return "回访结案"
        case .failed: return "调解不成"
        }
    }

    public var isClosed: Bool { self == .revisited || self == .failed }
}

/// What can be done to a dispute, and the stage it must be in.
public enum DisputeAction: String, Codable, Sendable, CaseIterable {
    /// 受理 → 调查: the facts are being checked.
    case investigate
    /// 调查 → 调解: mediation starts, by people's, administrative or judicial mediation.
    case mediate
    /// 调解 → 履行: an agreement was reached (the agreement text is required). Counts as a success.
    case agree
    /// 调解 → 调解不成: no agreement (the reason is required).
    case fail
    /// 履行: how the agreement is being kept (履行中 / 已履行 / 未履行).
    case fulfil
    /// 履行 → 回访结案: the parties were visited again after the agreement was kept.
    case revisit

    public var label: String {
        switch self {
        case .investigate: return "开始调查"
        case .mediate: return "开始调解"
        case .agree: return "达成协议"
        case .fail: return "调解不成"
        case .fulfil: return "登记履行情况"
        case .revisit: return "回访结案"
        }
    }

    public var from: DisputeStage {
        switch self {
        case .investigate: return .received
        case .mediate: return .investigating
        case .agree, .fail: return .mediating
        case .fulfil, .revisit: return .fulfilling
        }
    }

    public var to: DisputeStage {
        switch self {
        case .investigate: return .investigating
        case .mediate: return .mediating
        case .agree, .fulfil: return .fulfilling
        case .fail: return .failed
        case .revisit: return .revisited
        }
    }

    /// Actions possible in `stage`.
    public static func available(in stage: DisputeStage) -> [DisputeAction] { allCases.filter { $0.from == stage } }
}

/// 人民调解 / 行政调解 / 司法调解.
public enum MediationKind: String, Codable, Sendable, CaseIterable {
    case people, administrative, judicial

    public var label: String {
        switch self {
        case .people: return "人民调解"
        case .administrative: return "行政调解"
        case .judicial: return "司法调解"
        }
    }

    public init?(parsing text: String) {
        let t = text.trimmed
        if let k = MediationKind(rawValue: t) { self = k; return }
        guard let k = Self.allCases.first(where: { $0.label == t || $0.label.dropLast(2) == t }) else { return nil }
        self = k
    }
}

/// How an agreement is being kept.
public enum Fulfilment: String, Codable, Sendable, CaseIterable {
    case inProgress = "in_progress", fulfilled, breached

    public var label: String {
        switch self {
        case .inProgress: return "履行中"
        case .fulfilled: return "已履行"
        case .breached: return "未履行"
        }
    }
}

/// 日常排查 / 定期排查 / 专项排查 / 敏感期前集中排查.
public enum ScreeningKind: String, Codable, Sendable, CaseIterable {
    case daily, periodic, special, concentrated

    public var label: String {
        switch self {
        case .daily: return "日常排查"
        case .periodic: return "定期排查"
        case .special: return "专项排查"
        case .concentrated: return "集中排查"
        }
    }

    public init?(parsing text: String) {
        let t = text.trimmed
        if let k = ScreeningKind(rawValue: t) { self = k; return }
        guard let k = Self.allCases.first(where: { $0.label == t || $0.label.dropLast(2) == t }) else { return nil }
        self = k
    }
}

/// A share such as a mediation success rate (23 of 24 = 95.83 %) or a fulfilment rate: the counts and
/// the percentage rounded half-up to `places` decimals (nil when nothing was counted).
public struct Rate: Sendable, Hashable {
    public var part: Int
    public var whole: Int

    public init(_ part: Int, of whole: Int) { self.part = part; self.whole = whole }

    /// Percent, e.g. 95.83 for 23 of 24.
    public func percent(places: Int = 2) -> Double? {
        guard whole > 0 else { return nil }
        let scale = pow(10, Double(places))
        return (Double(part) * 100 * scale / Double(whole)).rounded(.toNearestOrAwayFromZero) / scale
    }

    /// `95.83%`, or `—` when nothing was counted.
    public func text(places: Int = 2) -> String {
        guard let p = percent(places: places) else { return "—" }
        return String(format: "%.\(places)f%%", p)
    }
}

import Foundation
