import Foundation

/// 村民会议 / 村民代表会议 / 议事会 / 坝坝会.
public enum MeetingKind: String, Codable, CodingKeyRepresentable, Sendable, LabelledCode {
    case villagersAssembly = "villagers_assembly"
    case representativesAssembly = "representatives_assembly"
    case council
    case openAir = "open_air"

    public var label: String {
        switch self {
        case .villagersAssembly: return "村民会议"
        case .representativesAssembly: return "村民代表会议"
        case .council: return "议事会"
        case .openAir: return "坝坝会"
        }
    }
}

/// Who counts towards a quorum: the village's adults (到会人员 of 年满十八周岁的村民), its households
/// (户代表), or the body's members (村民代表, 议事会成员).
public enum QuorumBasis: String, Codable, Sendable, CaseIterable {
    case adults, households, members

    public var label: String {
        switch self {
        case .adults: return "本村十八周岁以上村民"
        case .households: return "本村户代表"
        case .members: return "应到成员"
        }
    }
}

/// Who may be there and who came.
public struct MeetingAttendance: Codable, Sendable, Hashable {
    public var eligibleAdults: Int?
    public var eligibleHouseholds: Int?
    public var eligibleMembers: Int?
    /// People present.
    public var present: Int
    /// Household representatives present (村民会议 convened by households).
    public var presentHouseholds: Int?

    public init(eligibleAdults: Int? = nil, eligibleHouseholds: Int? = nil, eligibleMembers: Int? = nil, present: Int, presentHouseholds: Int? = nil) {
        self.eligibleAdults = eligibleAdults; self.eligibleHouseholds = eligibleHouseholds; self.eligibleMembers = eligibleMembers
        self.present = present; self.presentHouseholds = presentHouseholds
    }

    /// How many may attend by a basis, nil when the meeting did not count it.
    public func eligible(_ basis: QuorumBasis) -> Int? {
        switch basis {
        case .adults: return eligibleAdults
        case .households: return eligibleHouseholds
        case .members: return eligibleMembers
        }
    }

    /// (present, eligible) for a basis, nil when the meeting did not count it.
    public func counts(_ basis: QuorumBasis) -> (present: Int, eligible: Int)? {
        switch basis {
        case .adults: return eligibleAdults.map { (present, $0) }
        case .households: return eligibleHouseholds.flatMap { e in presentHouseholds.map { ($0, e) } }
        case .members: return eligibleMembers.map { (present, $0) }
        }
    }
}

/// The quorum and decision rule of one kind of meeting.
public struct MeetingRule: Codable, Sendable, Hashable {
    public struct Condition: Codable, Sendable, Hashable {
        public var basis: QuorumBasis
        public var threshold: Threshold
        public init(_ basis: QuorumBasis, _ threshold: Threshold) { self.basis = basis; self.threshold = threshold }
    }

    /// Quorate when any condition holds; no condition: no quorum needed (坝坝会 are open to all).
    public var quorum: [Condition]
    /// Share of those present an item needs to pass.
    public var decision: Threshold
    /// The stricter share for major matters (重大事项).
    public var major: Threshold
    /// The record goes on the public portal (村务公开) once recorded.
    public var publicRecord: Bool

    public init(quorum: [Condition], decision: Threshold, major: Threshold, publicRecord: Bool) {
        self.quorum = quorum; self.decision = decision; self.major = major; self.publicRecord = publicRecord
    }

    public func quorate(_ a: MeetingAttendance) -> Bool {
        quorum.isEmpty || quorum.contains { c in a.counts(c.basis).map { c.threshold.met($0.present, of: $0.eligible) } ?? false }
    }

    /// Whether an item with `votesFor` of those present passed (never at a meeting without quorum).
    public func passed(votesFor: Int, present: Int, major isMajor: Bool, quorate: Bool) -> Bool {
        quorate && (isMajor ? major : decision).met(votesFor, of: present)
    }

    /// The counts a meeting of this kind must record.
    public var requiredBases: [QuorumBasis] { Array(Set(quorum.map(\.basis))).sorted { $0.rawValue < $1.rawValue } }

    /// 应有本村十八周岁以上村民过半数，或者本村三分之二以上的户的代表参加
    public var quorumText: String {
        guard !quorum.isEmpty else { return "不设法定人数" }
        return quorum.map { "\($0.basis.label)\($0.threshold.label)到会" }.joined(separator: "，或")
    }
}

/// Quorum and decision rules of every kind of meeting and the support a major decision needs in its
/// stability risk assessment, as data an administrator edits. The defaults follow 村民委员会组织法
/// 第二十二条、第二十五条: a 村民会议 needs more than half of the adults or two thirds of the households,
/// a 村民代表会议 two thirds of its members; decisions by more than half of those present.
public struct MeetingRules: Codable, Sendable, Hashable {
    public var rules: [MeetingKind: MeetingRule]
    /// 稳定风险评估: share of respondents supporting a decision for it to pass (else 否决 / 暂缓).
    public var riskSupport: Threshold

    public init(rules: [MeetingKind: MeetingRule], riskSupport: Threshold) { self.rules = rules; self.riskSupport = riskSupport }

    public static let standard = MeetingRules(rules: [
        .villagersAssembly: MeetingRule(quorum: [.init(.adults, .majority), .init(.households, .twoThirds)], decision: .majority,
                                        major: .twoThirds, publicRecord: true),
        .representativesAssembly: MeetingRule(quorum: [.init(.members, .twoThirds)], decision: .majority, major: .twoThirds, publicRecord: true),
        .council: MeetingRule(quorum: [.init(.members, .majority)], decision: .majority, major: .twoThirds, publicRecord: false),
        .openAir: MeetingRule(quorum: [], decision: .majority, major: .twoThirds, publicRecord: false),
    ], riskSupport: .twoThirds)

    public func rule(_ kind: MeetingKind) -> MeetingRule { rules[kind] ?? Self.standard.rules[kind]! }

    /// Problems with a rule set an administrator submitted (empty: fine).
    public var problems: [String] {
        var out: [String] = []
        for kind in MeetingKind.allCases {
            guard let r = rules[kind] else { out.append("缺少“\(kind.label)”的规则"); continue }
            if !(r.decision.isValid && r.major.isValid && r.quorum.allSatisfy { $0.threshold.isValid }) {
                out.append("“\(kind.label)”的比例须满足 0 < 分子 ≤ 分母 ≤ 100")
            }
        }
        if !riskSupport.isValid { out.append("稳定风险评估支持率的比例须满足 0 < 分子 ≤ 分母 ≤ 100") }
        return out
    }
}
