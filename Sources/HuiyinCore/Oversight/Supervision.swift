/// The rungs of the escalation ladder, in order: 督办 → 挂牌督办 (publicly listed) → 约谈 → 通报.
public enum SupervisionLevel: Int, Codable, Sendable, CaseIterable, Comparable {
    case supervise = 1
    case listed = 2
    case interview = 3
    case bulletin = 4

    public var label: String {
        switch self {
        case .supervise: return "督办"
        case .listed: return "挂牌督办"
        case .interview: return "约谈"
        case .bulletin: return "通报"
        }
    }

    public var code: String {
        switch self {
        case .supervise: return "supervise"
        case .listed: return "listed"
        case .interview: return "interview"
        case .bulletin: return "bulletin"
        }
    }

    public init?(parsing text: String) {
        let t = text.trimmed
        guard let l = SupervisionLevel.allCases.first(where: { $0.code == t || $0.label == t || String($0.rawValue) == t }) else { return nil }
        self = l
    }

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// One 督办 order on a case: which unit must act, which deadline it missed and by when it must answer
/// in writing (书面反馈).
public struct Supervision: Codable, Sendable, Hashable {
    public var level: SupervisionLevel
    public var issuedOn: LocalDate
    /// The unit ordered to act (the unit handling the stage that ran over).
    public var unitCode: String
    /// The deadline that was missed (nil for a manual order on a case not yet overdue).
    public var missedDue: LocalDate?
    public var stage: StageKind?
    /// 书面反馈 deadline.
    public var feedbackDue: LocalDate?
    /// Raised by the clock watcher rather than by a supervisor.
    public var automatic: Bool
    public var note: String?
    public var feedback: String?
    public var feedbackOn: LocalDate?

    public init(level: SupervisionLevel, issuedOn: LocalDate, unitCode: String, missedDue: LocalDate?, stage: StageKind?,
                feedbackDue: LocalDate?, automatic: Bool, note: String?) {
        self.level = level; self.issuedOn = issuedOn; self.unitCode = unitCode; self.missedDue = missedDue
        self.stage = stage; self.feedbackDue = feedbackDue; self.automatic = automatic; self.note = note
    }

    /// 反馈逾期: the written feedback is missing and its deadline passed.
    public func feedbackOverdue(today: LocalDate) -> Bool {
        guard feedback == nil, let due = feedbackDue else { return false }
        return today > due
    }

    private enum CodingKeys: String, CodingKey {
        case level, stage, automatic, note, feedback
        case issuedOn = "issued_on", unitCode = "unit", missedDue = "missed_due", feedbackDue = "feedback_due"
        case feedbackOn = "feedback_on"
    }
}

/// What was done about a missed deadline (责任追究).
public enum AccountabilityMeasure: String, Codable, Sendable, LabelledCode {
    case interview
    case bulletin
    case admonish
    case criticism
    case disciplinary

    public var label: String {
        switch self {
        case .interview: return "约谈"
        case .bulletin: return "通报"
        case .admonish: return "诫勉"
        case .criticism: return "批评教育"
        case .disciplinary: return "党纪政务处分"
        }
    }
}

/// A 责任追究 record: who missed which deadline and what was done. Traceable from the case and from the
/// unit (两倒查).
public struct AccountabilityRecord: Codable, Sendable, Hashable {
    public var unitCode: String
    /// The person held to account, when named (else the unit as a whole).
    public var person: String?
    public var missedDue: LocalDate?
    public var stage: StageKind?
    public var measure: AccountabilityMeasure
    public var on: LocalDate
    public var note: String?
    /// Recorded by the ladder (约谈, 通报) rather than by a supervisor.
    public var automatic: Bool
    public var recordedBy: String

    public init(unitCode: String, person: String?, missedDue: LocalDate?, stage: StageKind?, measure: AccountabilityMeasure,
                on: LocalDate, note: String?, automatic: Bool, recordedBy: String) {
        self.unitCode = unitCode; self.person = person; self.missedDue = missedDue; self.stage = stage
        self.measure = measure; self.on = on; self.note = note; self.automatic = automatic; self.recordedBy = recordedBy
    }

    private enum CodingKeys: String, CodingKey {
        case person, stage, measure, on, note, automatic
        case unitCode = "unit", missedDue = "missed_due", recordedBy = "recorded_by"
    }
}
