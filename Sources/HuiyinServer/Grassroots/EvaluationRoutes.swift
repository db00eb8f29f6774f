import Foundation
import Hummingbird
import HuiyinCore
import HuiyinService
import HuiyinStore

/// 群众评议 over the API: campaigns (staff), citizens' ratings and published results (public), paper
/// questionnaires and the combined ranking (staff).
struct EvaluationRoutes {
    let api: API

    struct UnitJSON: Encodable { var code: String; var name: String }

    struct EvaluationJSON: Encodable {
        struct Comment: Encodable { var comment: String; var at: String }
        var id: Int64; var title: String; var territory: String; var territoryName: String; var opensOn: String; var closesOn: String
        var status: String; var statusLabel: String; var ratingWeight: Int; var flagLast: Int; var published: Bool; var units: [UnitJSON]
        var note: String?; var voters: Int?; var votes: Int?; var mayManage: Bool?; var comments: [Comment]?

        init(_ c: EvaluationCampaign, units: [String], today: LocalDate, _ dir: Directory) {
            id = c.id; title = c.title; territory = c.territoryCode; territoryName = dir.territory(c.territoryCode)?.name ?? c.territoryCode
            opensOn = c.opensOn.description; closesOn = c.closesOn.description
            let s = c.status(today: today)
            status = s.rawValue; statusLabel = s.label; ratingWeight = c.ratingWeight; flagLast = c.flagLast; published = c.published
            self.units = units.map { UnitJSON(code: $0, name: dir.unit($0)?.name ?? $0) }
        }

        /// The staff view: with the note, the counts and the citizens' comments.
        init(_ v: EvaluationService.CampaignView, today: LocalDate, _ dir: Directory) {
            self.init(v.campaign, units: v.units, today: today, dir)
            note = v.campaign.note; voters = v.voters; votes = v.votes; mayManage = v.mayManage
            comments = v.comments.map { Comment(comment: $0.comment, at: ChinaTime.localDate($0.at).description) }
        }
    }

    struct ResultsJSON: Encodable {
        struct Row: Encodable {
            var rank: Int; var unit: String; var unitName: String; var votes: Int; var satisfied: Int; var basic: Int; var unsatisfied: Int
            var satisfactionRate: Double?; var satisfactionRateText: String; var ratingScore: Double?; var cases: Int; var caseScore: Double?
            var combinedScore: Double; var flagged: Bool; var followUp: String?
        }
        var id: Int64; var title: String; var opensOn: String; var closesOn: String; var status: String; var published: Bool
        var ratingWeight: Int; var flagLast: Int; var voters: Int; var votes: Int; var units: [Row]

        init(_ r: EvaluationService.Results) {
            id = r.campaign.id; title = r.campaign.title; opensOn = r.campaign.opensOn.description; closesOn = r.campaign.closesOn.description
            status = r.status.rawValue; published = r.campaign.published; ratingWeight = r.campaign.ratingWeight; flagLast = r.campaign.flagLast
            voters = r.voters; votes = r.votes
            units = r.rows.map { u in
                Row(rank: u.standing.rank, unit: u.unitCode, unitName: u.unitName, votes: u.tally.votes, satisfied: u.tally.satisfied,
                    basic: u.tally.basic, unsatisfied: u.tally.unsatisfied, satisfactionRate: u.satisfaction.percent(),
                    satisfactionRateText: u.satisfaction.text(), ratingScore: u.standing.ratingScore, cases: u.cases,
                    caseScore: u.standing.caseScore, combinedScore: u.standing.combined, flagged: u.standing.flagged,
                    followUp: u.standing.flagged ? EvaluationScore.followUpNote : nil)
            }
        }
    }

    struct CreateBody: Decodable {
        var title: String?; var territory: String?; var opensOn: String?; var closesOn: String?; var units: [String]?; var ratingWeight: Int?
        var flagLast: Int?; var note: String?
        enum CodingKeys: String, CodingKey {
            case title, territory, units, note
            case opensOn = "opens_on", closesOn = "closes_on", ratingWeight = "rating_weight", flagLast = "flag_last"
        }
    }

    struct PublishBody: Decodable { var published: Bool? }

    struct VoteBody: Decodable {
        struct Rating: Decodable { var unit: String?; var rating: String? }
        var phone: String?; var ratings: [Rating]?; var comment: String?
    }

    struct VotedJSON: Encodable { var evaluationId: Int64; var units: [String]; var message: String }

    struct BallotBody: Decodable { var unit: String?; var satisfied: Int?; var basic: Int?; var unsatisfied: Int? }

    var dir: Directory { api.huiyin.reference.snapshot.directory }
    var today: LocalDate { ChinaTime.localDate(api.now) }

    static func id(_ context: some RequestContext) throws -> Int64 {
        guard let id = context.parameters.get("id").flatMap(Int64.init) else { throw HuiyinError.notFound("evaluation_not_found", "群众评议不存在") }
        return id
    }

    func register(_ router: Router<HuiyinRequestContext>) {
        let service = api.huiyin.evaluations

        router.get("api/v1/public/evaluations") { _, _ -> Response in
            try JSONIO.response(try await service.publicList(now: api.now).map { EvaluationJSON($0.campaign, units: $0.units, today: today, dir) })
        }

        router.post("api/v1/public/evaluations/:id/votes") { request, context -> Response in
            try api.countPublicVote(request, context)
            let b = try await api.decode(VoteBody.self, request)
            let id = try Self.id(context)
            let units = try await service.vote(id: id, phone: b.phone, ratings: (b.ratings ?? []).map { .init(unit: $0.unit, rating: $0.rating) },
                                               comment: b.comment, now: api.now)
            return try JSONIO.response(VotedJSON(evaluationId: id, units: units, message: "评价已提交，感谢您的参与"), status: .created)
        }

        router.get("api/v1/public/evaluations/:id/results") { _, context -> Response in
            try JSONIO.response(ResultsJSON(try await service.publicResults(id: try Self.id(context), now: api.now)))
        }

        router.get("api/v1/evaluations") { request, _ -> Response in
            let user = try await api.staff(request)
            return try JSONIO.response(try await service.list(by: .user(user)).map { EvaluationJSON($0.campaign, units: $0.units, today: today, dir) })
        }

        router.post("api/v1/evaluations") { request, _ -> Response in
            let user = try await api.staff(request)
            let b = try await api.decode(CreateBody.self, request)
            let v = try await service.create(
                .init(title: b.title, territory: b.territory, opensOn: b.opensOn, closesOn: b.closesOn, units: b.units ?? [], ratingWeight: b.ratingWeight,
                      flagLast: b.flagLast, note: b.note),
                by: .user(user), now: api.now)
            return try JSONIO.response(EvaluationJSON(v, today: today, dir), status: .created)
        }

        router.get("api/v1/evaluations/:id") { request, context -> Response in
            let user = try await api.staff(request)
            return try JSONIO.response(EvaluationJSON(try await service.detail(id: try Self.id(context), by: .user(user), now: api.now), today: today, dir))
        }

        router.put("api/v1/evaluations/:id") { request, context -> Response in
            let user = try await api.staff(request)
            let b = try await api.decode(PublishBody.self, request)
            guard let published = b.published else { throw HuiyinError.missing("published", "是否公布") }
            let v = try await service.setPublished(id: try Self.id(context), published, by: .user(user), now: api.now)
            return try JSONIO.response(EvaluationJSON(v, today: today, dir))
        }

        router.post("api/v1/evaluations/:id/ballots") { request, context -> Response in
            let user = try await api.staff(request)
            let b = try await api.decode(BallotBody.self, request)
            let r = try await service.addPaperBallots(id: try Self.id(context), unit: b.unit, satisfied: b.satisfied, basic: b.basic,
                                                      unsatisfied: b.unsatisfied, by: .user(user), now: api.now)
            return try JSONIO.response(ResultsJSON(r), status: .created)
        }

        router.get("api/v1/evaluations/:id/results") { request, context -> Response in
            let user = try await api.staff(request)
            return try JSONIO.response(ResultsJSON(try await service.results(id: try Self.id(context), by: .user(user), now: api.now)))
        }
    }
}
