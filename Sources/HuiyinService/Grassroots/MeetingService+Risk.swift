import Foundation
import HuiyinCore
import HuiyinStore

/// 稳定风险评估: before a major decision, a survey of those affected measures 满意度 / 支持度 / 信心度;
/// the decision passes when support reaches the threshold in the meeting rules (≥ 2/3 by default) and
/// is vetoed (否决, 暂缓实施) otherwise. Results may be published on the portal.
extension MeetingService {
    public struct RiskInput: Sendable {
        public var title: String?
        public var detail: String?
        public var territory: String?
        public var surveyedOn: String?
        public var respondents: Int?
        public var satisfied: Int?
        public var supportive: Int?
        public var confident: Int?
        public var published: Bool
        public var note: String?
        public init(title: String?, detail: String? = nil, territory: String?, surveyedOn: String? = nil, respondents: Int?, satisfied: Int?,
                    supportive: Int?, confident: Int?, published: Bool = false, note: String? = nil) {
            self.title = title; self.detail = detail; self.territory = territory; self.surveyedOn = surveyedOn; self.respondents = respondents
            self.satisfied = satisfied; self.supportive = supportive; self.confident = confident; self.published = published; self.note = note
        }
    }

    public func assess(_ input: RiskInput, by actor: Actor, now: Date) async throws -> RiskAssessmentRecord {
        let user = try GrassrootsScope.staff(actor, "登记稳定风险评估")
        try GrassrootsScope.require(user, Self.editors, "登记稳定风险评估")
        let dir = reference.snapshot.directory
        let territory = try GrassrootsScope.territory(input.territory, user, dir)
        let today = ChinaTime.localDate(now)
        let day = try GrassrootsScope.date(input.surveyedOn, field: "surveyed_on", default: today)
        guard day <= today else { throw HuiyinError.invalid("date_in_future", "调查日期不能晚于今天", field: "surveyed_on") }
        let respondents = try GrassrootsScope.count(input.respondents, field: "respondents", label: "受访人数")
        guard respondents > 0 else { throw HuiyinError.invalid("invalid_count", "受访人数须大于0", field: "respondents") }
        func share(_ v: Int?, _ field: String, _ label: String) throws -> Int {
            let n = try GrassrootsScope.count(v, field: field, label: label)
            guard n <= respondents else { throw HuiyinError.invalid("exceeds_respondents", "\(label)不能多于受访人数（\(respondents)）", field: field) }
            return n
        }
        let supportive = try share(input.supportive, "supportive", "支持人数")
        let threshold = try await rules().riskSupport
        let record = RiskAssessmentRecord(
            title: try GrassrootsScope.text(input.title, field: "title", label: "评估事项", max: 200),
            detail: try GrassrootsScope.optionalText(input.detail, field: "detail", label: "事项说明", max: 5000, multiline: true) ?? "",
            territoryCode: territory, unitCode: user.unitCode ?? "", surveyedOn: day, respondents: respondents,
            satisfied: try share(input.satisfied, "satisfied", "满意人数"), supportive: supportive,
            confident: try share(input.confident, "confident", "有信心人数"), threshold: threshold,
            passed: threshold.met(supportive, of: respondents), published: input.published,
            note: try GrassrootsScope.optionalText(input.note, field: "note", label: "评估意见", max: 5000, multiline: true) ?? "",
            createdAt: now, createdBy: actor.reference.name)
        return try await store.createRiskAssessment(record, scopePath: dir.territoryPath(territory)!,
                                                    audit: admin.audit(actor, "risk.assess", territory, now, ["passed": String(record.passed)]))
    }

    public func assessments(by actor: Actor) async throws -> [RiskAssessmentRecord] {
        let user = try GrassrootsScope.staff(actor, "查看稳定风险评估")
        return try await store.riskAssessments(paths: GrassrootsScope.listPaths(user, reference.snapshot.directory),
                                               publishedOnly: false, limit: 300)
    }

    public func publishAssessment(id: Int64, published: Bool, by actor: Actor, now: Date) async throws -> RiskAssessmentRecord {
        let user = try GrassrootsScope.staff(actor, "公开稳定风险评估")
        try GrassrootsScope.require(user, Self.editors, "公开稳定风险评估")
        guard try await store.riskAssessment(id: id).map({ GrassrootsScope.covers($0.territoryCode, user, reference.snapshot.directory) }) == true else {
            throw HuiyinError.notFound("assessment_not_found", "稳定风险评估不存在或不在您的辖区")
        }
        try await store.publishRiskAssessment(id: id, published: published,
                                              audit: admin.audit(actor, "risk.publish", String(id), now, ["published": String(published)]))
        return try await store.riskAssessment(id: id)!
    }

    public func publicAssessments() async throws -> [RiskAssessmentRecord] {
        try await store.riskAssessments(paths: nil, publishedOnly: true, limit: 100)
    }
}
