import Foundation

/// 结对帮扶 (a cadre helps a household in difficulty) or 联系户 (a cadre keeps in touch with a household).
public enum PairingKind: String, Codable, Sendable, LabelledCode {
    case assistance, contact

    public var label: String { self == .assistance ? "结对帮扶" : "联系户" }
}

/// Where a public pledge (承诺) stands: being kept, kept (践诺, with evidence) or broken.
public enum PledgeStatus: String, Codable, Sendable, LabelledCode {
    case pending, fulfilled, unfulfilled

    public var label: String {
        switch self {
        case .pending: return "践诺中"
        case .fulfilled: return "已践诺"
        case .unfulfilled: return "未兑现"
        }
    }
}
