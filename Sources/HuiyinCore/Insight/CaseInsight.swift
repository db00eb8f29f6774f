/// What the text models and intake checks found about a case: the suggested category and lead unit,
/// a 越级 flag, a 复查/复核 procedure flag, and the original a duplicate was merged into. Nil until something is found; read it as
/// ``Case/ins``.
public struct CaseInsight: Codable, Sendable, Hashable {
    /// The classifier's suggestion at intake (staff accept or change it).
    public var suggestion: IntakeSuggestion?
    /// 越级 (条例 第十九条): the same matter is already being handled, within its time limit, at a lower level.
    public var leapfrog: LeapfrogFlag?
    /// The same petitioner's same matter is in 复查/复核, or concluded by 复核 (条例 第三十五、三十六条).
    public var procedure: ProcedureFlag?
    /// 并案: this case follows `mergedInto`; it receives that case's answer.
    public var mergedInto: Int64?
    public var mergedNumber: String?
    /// Where the duplicate stood when merged: it returns there if the original ends without an answer.
    public var mergedFrom: CaseState?
    public var mergedStage: StageKind?

    public init() {}

    private enum CodingKeys: String, CodingKey {
        case suggestion, leapfrog, procedure
        case mergedInto = "merged_into", mergedNumber = "merged_number"
        case mergedFrom = "merged_from", mergedStage = "merged_stage"
    }
}

/// A suggested category and lead unit with the model's confidence (0…1).
public struct IntakeSuggestion: Codable, Sendable, Hashable {
    public var categoryCode: String?
    public var categoryConfidence: Double?
    public var unitCode: String?
    public var unitConfidence: Double?
    /// Why the unit: the unit model, or the routing rule for the suggested category.
    public var unitSource: String?
    /// Version of the model that made it.
    public var modelVersion: Int?

    public init(categoryCode: String? = nil, categoryConfidence: Double? = nil, unitCode: String? = nil,
                unitConfidence: Double? = nil, unitSource: String? = nil, modelVersion: Int? = nil) {
        self.categoryCode = categoryCode; self.categoryConfidence = categoryConfidence; self.unitCode = unitCode
        self.unitConfidence = unitConfidence; self.unitSource = unitSource; self.modelVersion = modelVersion
    }

    private enum CodingKeys: String, CodingKey {
        case categoryCode = "category", categoryConfidence = "category_confidence"
        case unitCode = "unit", unitConfidence = "unit_confidence", unitSource = "unit_source"
        case modelVersion = "model_version"
    }
}

/// 越级: an earlier case of the same matter, accepted at a lower level and still within its time limit.
public struct LeapfrogFlag: Codable, Sendable, Hashable {
    public var caseID: Int64
    public var number: String
    /// The lower-level office or unit handling it.
    public var unitCode: String?
    /// Its deadline, which has not passed.
    public var dueOn: LocalDate?
    public var reason: String

    public init(caseID: Int64, number: String, unitCode: String?, dueOn: LocalDate?, reason: String) {
        self.caseID = caseID; self.number = number; self.unitCode = unitCode; self.dueOn = dueOn; self.reason = reason
    }

    private enum CodingKeys: String, CodingKey {
        case number, reason
        case caseID = "case_id", unitCode = "unit", dueOn = "due_on"
    }
}

extension Case {
    /// The insight record, empty when nothing was found.
    public var ins: CaseInsight {
        get { insight ?? CaseInsight() }
        set { insight = newValue == CaseInsight() ? nil : newValue }
    }
}
