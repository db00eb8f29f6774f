import Foundation
import Hummingbird
import HuiyinCore
import HuiyinService
import HuiyinStore

/// Village meetings and votes over the API, the quorum and decision rules (admin-edited data), stability
/// risk assessments, and the public record of both.
struct MeetingRoutes {
    let api: API
    var dir: Directory { api.huiyin.reference.snapshot.directory }

    struct ThresholdJSON: Codable {
        var numerator: Int; var denominator: Int; var strict: Bool; var label: String?
        init(_ t: Threshold) { numerator = t.numerator; denominator = t.denominator; strict = t.strict; label = t.label }
        var threshold: Threshold { Threshold(numerator, denominator, strict: strict) }
    }

    struct RuleJSON: Codable {
        struct ConditionJSON: Codable { var basis: String; var threshold: ThresholdJSON }
        var kind: String; var label: String?; var quorum: [ConditionJSON]; var decision: ThresholdJSON; var major: ThresholdJSON
        var publicRecord: Bool; var quorumText: String?
        enum CodingKeys: String, CodingKey { case kind, label, quorum, decision, major, publicRecord = "public_record", quorumText = "quorum_text" }

        init(_ kind: MeetingKind, _ r: MeetingRule) {
            self.kind = kind.rawValue; label = kind.label; quorum = r.quorum.map { .init(basis: $0.basis.rawValue, threshold: .init($0.threshold)) }
            decision = .init(r.decision); major = .init(r.major); publicRecord = r.publicRecord; quorumText = r.quorumText
        }
    }

    struct RulesJSON: Codable {
        var meetings: [RuleJSON]; var riskSupport: ThresholdJSON
        enum CodingKeys: String, CodingKey { case meetings, riskSupport = "risk_support" }

        init(_ r: MeetingRules) {
            meetings = MeetingKind.allCases.map { RuleJSON($0, r.rule($0)) }; riskSupport = .init(r.riskSupport)
        }

        func rules() throws -> MeetingRules {
            var out: [MeetingKind: MeetingRule] = [:]
            for m in meetings {
                guard let kind = MeetingKind(parsing: m.kind) else {
                    throw HuiyinError.invalid("invalid_meeting_kind", "会议类型“\(m.kind)”不存在", field: "meetings")
                }
                let quorum = try m.quorum.map { c in
                    guard let basis = QuorumBasis(rawValue: c.basis) else {
                        throw HuiyinError.invalid("invalid_quorum_basis", "法定人数的计算基数只能是 adults、households、members", field: "meetings")
                    }
                    return MeetingRule.Condition(basis, c.threshold.threshold)
                }
                out[kind] = MeetingRule(quorum: quorum, decision: m.decision.threshold, major: m.major.threshold, publicRecord: m.publicRecord)
            }
            return MeetingRules(rules: out, riskSupport: riskSupport.threshold)
        }
    }

    struct MeetingJSON: Encodable {
        struct ItemJSON: Encodable {
            var position: Int; var title: String; var detail: String; var major: Bool; var votesFor: Int?; var votesAgainst: Int?
            var votesAbstain: Int?; var passed: Bool?
        }
        var id: Int64; var kind: String; var kindLabel: String; var title: String; var territory: String; var territoryName: String
        var heldOn: String; var place: String; var chair: String; var eligibleAdults: Int?; var eligibleHouseholds: Int?; var eligibleMembers: Int?
        var present: Int?; var presentHouseholds: Int?; var recorded: Bool; var quorate: Bool?; var quorumRule: String?; var published: Bool
        var note: String; var items: [ItemJSON]

        init(_ m: MeetingRecord, _ dir: Directory) {
            id = m.id; kind = m.kind.rawValue; kindLabel = m.kind.label; title = m.title; territory = m.territoryCode
            territoryName = dir.territory(m.territoryCode)?.name ?? m.territoryCode; heldOn = m.heldOn.description; place = m.place; chair = m.chair
            eligibleAdults = m.attendance.eligibleAdults; eligibleHouseholds = m.attendance.eligibleHouseholds
            eligibleMembers = m.attendance.eligibleMembers; present = m.recorded ? m.attendance.present : nil
            presentHouseholds = m.attendance.presentHouseholds; recorded = m.recorded; quorate = m.quorate; quorumRule = m.rule?.quorumText
            published = m.published; note = m.note
            items = m.items.map { ItemJSON(position: $0.position, title: $0.title, detail: $0.detail, major: $0.major, votesFor: $0.votesFor,
                                           votesAgainst: $0.votesAgainst, votesAbstain: $0.votesAbstain, passed: $0.passed) }
        }
    }

    struct VotesBody: Decodable {
        var votesFor: Int?; var against: Int?; var abstain: Int?
        enum CodingKeys: String, CodingKey { case against, abstain, votesFor = "for" }
        var votes: MeetingService.Result.Votes { .init(votesFor: votesFor, against: against, abstain: abstain) }
    }

    struct ResultBody: Decodable {
        var present: Int?; var presentHouseholds: Int?; var votes: [VotesBody]?; var published: Bool?
        enum CodingKeys: String, CodingKey { case present, votes, published, presentHouseholds = "present_households" }
        var result: MeetingService.Result {
            .init(present: present, presentHouseholds: presentHouseholds, votes: (votes ?? []).map(\.votes), published: published)
        }
    }

    struct MeetingBody: Decodable {
        struct ItemBody: Decodable { var title: String?; var detail: String?; var major: Bool? }
        var kind: String?; var title: String?; var territory: String?; var heldOn: String?; var place: String?; var chair: String?
        var eligibleAdults: Int?; var eligibleHouseholds: Int?; var eligibleMembers: Int?; var items: [ItemBody]?; var note: String?
        /// Attendance and votes when the meeting is entered after it was held.
        var present: Int?; var presentHouseholds: Int?; var votes: [VotesBody]?; var published: Bool?
        enum CodingKeys: String, CodingKey {
            case kind, title, territory, place, chair, items, note, present, votes, published
            case heldOn = "held_on", eligibleAdults = "eligible_adults", eligibleHouseholds = "eligible_households"
            case eligibleMembers = "eligible_members", presentHouseholds = "present_households"
        }
    }

    struct RiskJSON: Encodable {
        var id: Int64; var title: String; var detail: String; var territory: String; var territoryName: String; var surveyedOn: String
        var respondents: Int; var satisfied: Int; var supportive: Int; var confident: Int
        var satisfaction: String; var support: String; var confidence: String; var threshold: ThresholdJSON
        var passed: Bool; var verdict: String; var published: Bool; var note: String

        init(_ a: RiskAssessmentRecord, _ dir: Directory) {
            id = a.id; title = a.title; detail = a.detail; territory = a.territoryCode; territoryName = dir.territory(a.territoryCode)?.name ?? a.territoryCode
            surveyedOn = a.surveyedOn.description; respondents = a.respondents; satisfied = a.satisfied; supportive = a.supportive
            confident = a.confident; satisfaction = Rate(a.satisfied, of: a.respondents).text(); support = Rate(a.supportive, of: a.respondents).text()
            confidence = Rate(a.confident, of: a.respondents).text(); threshold = .init(a.threshold); passed = a.passed
            verdict = a.passed ? "通过" : "否决"; published = a.published; note = a.note
        }
    }

    struct RiskBody: Decodable {
        var title: String?; var detail: String?; var territory: String?; var surveyedOn: String?; var respondents: Int?; var satisfied: Int?
        var supportive: Int?; var confident: Int?; var published: Bool?; var note: String?
        enum CodingKeys: String, CodingKey {
            case title, detail, territory, respondents, satisfied, supportive, confident, published, note, surveyedOn = "surveyed_on"
        }
    }

    struct PublishBody: Decodable { var published: Bool }

    static func id(_ context: some RequestContext, _ code: String) throws -> Int64 {
        guard let id = context.parameters.get("id").flatMap(Int64.init) else { throw HuiyinError.notFound(code, "记录不存在") }
        return id
    }

    func register(_ router: Router<HuiyinRequestContext>) {
        let service = api.huiyin.meetings

        router.get("api/v1/meeting-rules") { request, _ -> Response in
            _ = try await api.staff(request)
            return try JSONIO.response(RulesJSON(try await service.rules()))
        }

        router.put("api/v1/meeting-rules") { request, _ -> Response in
            let user = try await api.user(request)
            let rules = try await api.decode(RulesJSON.self, request).rules()
            try await service.setRules(rules, by: .user(user), now: api.now)
            return try JSONIO.response(RulesJSON(try await service.rules()))
        }

        router.get("api/v1/public/meetings") { _, _ -> Response in
            try JSONIO.response(try await service.publicMeetings().map { MeetingJSON($0, dir) })
        }

        router.get("api/v1/meetings") { request, _ -> Response in
            let user = try await api.staff(request)
            return try JSONIO.response(try await service.list(by: .user(user)).map { MeetingJSON($0, dir) })
        }

        router.post("api/v1/meetings") { request, _ -> Response in
            let user = try await api.staff(request)
            let b = try await api.decode(MeetingBody.self, request)
            let input = MeetingService.Input(
                kind: b.kind, title: b.title, territory: b.territory, heldOn: b.heldOn, place: b.place, chair: b.chair,
                eligibleAdults: b.eligibleAdults, eligibleHouseholds: b.eligibleHouseholds, eligibleMembers: b.eligibleMembers,
                items: (b.items ?? []).map { .init(title: $0.title, detail: $0.detail, major: $0.major ?? false) }, note: b.note)
            let result = b.present == nil && b.votes == nil ? nil
                : MeetingService.Result(present: b.present, presentHouseholds: b.presentHouseholds, votes: (b.votes ?? []).map(\.votes),
                                        published: b.published)
            return try JSONIO.response(MeetingJSON(try await service.create(input, result: result, by: .user(user), now: api.now), dir),
                                       status: .created)
        }

        router.get("api/v1/meetings/:id") { request, context -> Response in
            let user = try await api.staff(request)
            return try JSONIO.response(MeetingJSON(try await service.detail(id: try Self.id(context, "meeting_not_found"), by: .user(user)), dir))
        }

        router.post("api/v1/meetings/:id/result") { request, context -> Response in
            let user = try await api.staff(request)
            let b = try await api.decode(ResultBody.self, request)
            let m = try await service.record(id: try Self.id(context, "meeting_not_found"), b.result, by: .user(user), now: api.now)
            return try JSONIO.response(MeetingJSON(m, dir))
        }

        router.put("api/v1/meetings/:id") { request, context -> Response in
            let user = try await api.staff(request)
            let b = try await api.decode(PublishBody.self, request)
            let m = try await service.publish(id: try Self.id(context, "meeting_not_found"), published: b.published, by: .user(user), now: api.now)
            return try JSONIO.response(MeetingJSON(m, dir))
        }

        router.get("api/v1/public/risk-assessments") { _, _ -> Response in
            try JSONIO.response(try await service.publicAssessments().map { RiskJSON($0, dir) })
        }

        router.get("api/v1/risk-assessments") { request, _ -> Response in
            let user = try await api.staff(request)
            return try JSONIO.response(try await service.assessments(by: .user(user)).map { RiskJSON($0, dir) })
        }

        router.post("api/v1/risk-assessments") { request, _ -> Response in
            let user = try await api.staff(request)
            let b = try await api.decode(RiskBody.self, request)
            let a = try await service.assess(.init(title: b.title, detail: b.detail, territory: b.territory, surveyedOn: b.surveyedOn,
                                                   respondents: b.respondents, satisfied: b.satisfied, supportive: b.supportive,
                                                   confident: b.confident, published: b.published ?? false, note: b.note),
                                             by: .user(user), now: api.now)
            return try JSONIO.response(RiskJSON(a, dir), status: .created)
        }

        router.put("api/v1/risk-assessments/:id") { request, context -> Response in
            let user = try await api.staff(request)
            let b = try await api.decode(PublishBody.self, request)
            let a = try await service.publishAssessment(id: try Self.id(context, "assessment_not_found"), published: b.published, by: .user(user),
                                                        now: api.now)
            return try JSONIO.response(RiskJSON(a, dir))
        }
    }
}
