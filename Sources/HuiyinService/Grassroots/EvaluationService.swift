import Foundation
import HuiyinCore
import HuiyinStore

/// 群众评议: rating campaigns in which citizens rate units (online by phone, or on paper questionnaires
/// entered by staff), combined with the units' case statistics of the period into a ranking whose last
/// places are flagged for follow-up; results are published on the portal once the campaign has closed.
public final class EvaluationService: Sendable {
    let store: any HuiyinStore
    let vault: PersonalDataVault
    let reference: ReferenceData
    let admin: AdminService

    init(store: any HuiyinStore, vault: PersonalDataVault, reference: ReferenceData, admin: AdminService) {
        self.store = store; self.vault = vault; self.reference = reference; self.admin = admin
    }

    /// Leaders, petition offices (信访部门) and admins run campaigns over their territory.
    static let managers: [Role] = [.leader, .dispatcher, .admin]
    static let maxUnits = 100

    public struct CampaignInput: Sendable {
        public var title: String?
        public var territory: String?
        public var opensOn: String?
        public var closesOn: String?
        public var units: [String]
        public var ratingWeight: Int?
        public var flagLast: Int?
        public var note: String?
        public init(title: String?, territory: String? = nil, opensOn: String?, closesOn: String?, units: [String], ratingWeight: Int? = nil,
                    flagLast: Int? = nil, note: String? = nil) {
            self.title = title; self.territory = territory; self.opensOn = opensOn; self.closesOn = closesOn; self.units = units
            self.ratingWeight = ratingWeight; self.flagLast = flagLast; self.note = note
        }
    }

    /// One unit's answer on a citizen's ballot.
    public struct RatingInput: Sendable {
        public var unit: String?
        public var rating: String?
        public init(unit: String?, rating: String?) { self.unit = unit; self.rating = rating }
    }

    public struct CampaignView: Sendable {
        public var campaign: EvaluationCampaign
        public var units: [String]
        public var status: EvaluationStatus
        public var mayManage: Bool
        /// Citizens who rated online, and ratings of all kinds.
        public var voters: Int
        public var votes: Int
        public var comments: [(comment: String, at: Date)]
    }

    public struct UnitResult: Sendable {
        public var unitCode: String
        public var unitName: String
        public var tally: EvaluationTally
        /// 满意率: (满意 + 基本满意) of all ratings.
        public var satisfaction: Rate
        /// Cases the unit led that were received in the campaign period.
        public var cases: Int
        public var standing: EvaluationScore.Standing
    }

    public struct Results: Sendable {
        public var campaign: EvaluationCampaign
        public var status: EvaluationStatus
        public var rows: [UnitResult]
        public var voters: Int
        public var votes: Int
    }

    // MARK: Campaigns

    public func create(_ input: CampaignInput, by actor: Actor, now: Date) async throws -> CampaignView {
        let user = try GrassrootsScope.staff(actor, "组织群众评议")
        guard Self.managers.contains(user.role) else { throw HuiyinError.forbidden("role_not_allowed", "只有信访部门、领导或管理员可以组织群众评议") }
        let dir = reference.snapshot.directory
        let title = try GrassrootsScope.text(input.title, field: "title", label: "评议名称", max: 100)
        let territoryCode = try input.territory?.trimmedOrNil.map { try Intake.resolveTerritory($0, in: dir) }
            ?? user.unitCode.flatMap { dir.unit($0)?.territoryCode }
        guard let territoryCode, GrassrootsScope.covers(territoryCode, user, dir) else {
            throw HuiyinError.forbidden("outside_scope", "评议属地不在您的辖区")
        }
        guard let rawOpens = input.opensOn?.trimmedOrNil else { throw HuiyinError.missing("opens_on", "开始日期") }
        guard let rawCloses = input.closesOn?.trimmedOrNil else { throw HuiyinError.missing("closes_on", "结束日期") }
        let opens = try GrassrootsScope.date(rawOpens, field: "opens_on", default: ChinaTime.localDate(now))
        let closes = try GrassrootsScope.date(rawCloses, field: "closes_on", default: opens)
        guard closes >= opens else { throw HuiyinError.invalid("invalid_period", "结束日期不能早于开始日期", field: "closes_on") }
        guard closes < opens.adding(months: 12) else {
            throw HuiyinError.invalid("invalid_period", "评议期限不得超过一年", field: "closes_on")
        }
        var units: [String] = []
        for raw in input.units {
            let code = raw.trimmed
            guard let unit = dir.unit(code) else { throw HuiyinError.invalid("unknown_unit", "单位“\(code)”不存在", field: "units") }
            guard dir.territory(unit.territoryCode, isWithin: territoryCode) else {
                throw HuiyinError.invalid("unit_outside_territory", "\(unit.name)不在评议属地内", field: "units")
            }
            guard !units.contains(code) else { throw HuiyinError.invalid("duplicate_unit", "\(unit.name)重复", field: "units") }
            units.append(code)
        }
        guard units.count >= 2 else { throw HuiyinError.invalid("too_few_units", "至少选择两个参评单位", field: "units") }
        guard units.count <= Self.maxUnits else { throw HuiyinError.invalid("too_many_units", "参评单位不得超过\(Self.maxUnits)个", field: "units") }
        let weight = input.ratingWeight ?? EvaluationScore.defaultWeight
        guard (0...100).contains(weight) else { throw HuiyinError.invalid("invalid_weight", "群众评价权重应为 0–100", field: "rating_weight") }
        let flagLast = input.flagLast ?? 1
        guard (1...(units.count - 1)).contains(flagLast) else {
            throw HuiyinError.invalid("invalid_flag_last", "末位单位数应为 1–\(units.count - 1)", field: "flag_last")
        }
        let note = try GrassrootsScope.optionalText(input.note, field: "note", label: "说明", max: 2000, multiline: true) ?? ""
        let campaign = try await store.createEvaluation(
            EvaluationCampaign(title: title, territoryCode: territoryCode, opensOn: opens, closesOn: closes, ratingWeight: weight, flagLast: flagLast,
                               note: note, createdAt: now, createdBy: actor.reference.name),
            units: units, scopePath: dir.territoryPath(territoryCode)!,
            audit: admin.audit(actor, "evaluation.create", title, now, ["territory": territoryCode, "units": units.joined(separator: ",")]))
        return try await view(campaign, user, now: now)
    }

    /// Campaigns in the viewer's scope, newest first.
    public func list(by actor: Actor) async throws -> [(campaign: EvaluationCampaign, units: [String])] {
        let user = try GrassrootsScope.staff(actor, "查看群众评议")
        return try await withUnits(store.evaluations(paths: GrassrootsScope.listPaths(user, reference.snapshot.directory),
                                                     limit: 200))
    }

    private func withUnits(_ campaigns: [EvaluationCampaign]) async throws -> [(campaign: EvaluationCampaign, units: [String])] {
        var out: [(EvaluationCampaign, [String])] = []
        for c in campaigns { out.append((c, try await store.evaluationUnits(id: c.id))) }
        return out
    }

    public func detail(id: Int64, by actor: Actor, now: Date) async throws -> CampaignView {
        let (campaign, user) = try await find(id, actor)
        return try await view(campaign, user, now: now)
    }

    /// Publishes the results on the portal (only once the campaign has closed) or withdraws them.
    public func setPublished(id: Int64, _ published: Bool, by actor: Actor, now: Date) async throws -> CampaignView {
        let (campaign, user) = try await find(id, actor)
        guard mayManage(campaign, user) else { throw HuiyinError.forbidden("role_not_allowed", "只有信访部门、领导或管理员可以公布评议结果") }
        if published, campaign.status(today: ChinaTime.localDate(now)) != .closed {
            throw HuiyinError.conflict("campaign_not_closed", "评议于 \(campaign.closesOn) 结束后才能公布结果")
        }
        let frozen = published ? try await caseScores(campaign, today: ChinaTime.localDate(now)) : nil
        try await store.setEvaluationPublished(id: id, published, frozen: frozen,
                                               audit: admin.audit(actor, "evaluation.publish", String(id), now, ["published": String(published)]))
        return try await detail(id: id, by: actor, now: now)
    }

    func mayManage(_ c: EvaluationCampaign, _ user: User) -> Bool {
        Self.managers.contains(user.role) && GrassrootsScope.covers(c.territoryCode, user, reference.snapshot.directory)
    }

    private func find(_ id: Int64, _ actor: Actor) async throws -> (EvaluationCampaign, User) {
        let user = try GrassrootsScope.staff(actor, "查看群众评议")
        guard let c = try await store.evaluation(id: id), GrassrootsScope.covers(c.territoryCode, user, reference.snapshot.directory) else {
            throw HuiyinError.notFound("evaluation_not_found", "群众评议不存在或不在您的辖区")
        }
        return (c, user)
    }

    private func view(_ c: EvaluationCampaign, _ user: User, now: Date) async throws -> CampaignView {
        let tallies = try await store.evaluationTallies(id: c.id)
        return CampaignView(campaign: c, units: try await store.evaluationUnits(id: c.id), status: c.status(today: ChinaTime.localDate(now)),
                            mayManage: mayManage(c, user), voters: try await store.evaluationVoters(id: c.id),
                            votes: tallies.map(\.votes).reduce(0, +), comments: try await store.evaluationComments(id: c.id, limit: 50))
    }

    // MARK: Rating

    /// What the portal lists: campaigns open for rating, and closed ones with published results.
    public func publicList(now: Date) async throws -> [(campaign: EvaluationCampaign, units: [String])] {
        try await withUnits(store.publicEvaluations(today: ChinaTime.localDate(now), limit: 50))
    }

    /// A citizen rates some or all units of an open campaign, once per phone and unit: the whole ballot
    /// is recorded or, when any unit was already rated with this phone, nothing. The phone is kept only
    /// as its keyed hash.
    public func vote(id: Int64, phone: String?, ratings: [RatingInput], comment: String?, now: Date) async throws -> [String] {
        guard let campaign = try await store.evaluation(id: id) else { throw HuiyinError.notFound("evaluation_not_found", "群众评议不存在") }
        guard campaign.status(today: ChinaTime.localDate(now)) == .open else {
            throw HuiyinError.conflict("campaign_not_open", "评议时间为 \(campaign.opensOn) 至 \(campaign.closesOn)，当前不在评议期内")
        }
        guard let rawPhone = phone?.trimmedOrNil else { throw HuiyinError.missing("phone", "手机号码") }
        let checked = try IdentityCheck.phone(rawPhone, field: "phone")
        guard !ratings.isEmpty else { throw HuiyinError.missing("ratings", "评价") }
        let units = try await store.evaluationUnits(id: id)
        let dir = reference.snapshot.directory
        var answers: [(String, Satisfaction)] = []
        for (i, r) in ratings.enumerated() {
            guard let unit = r.unit?.trimmedOrNil else { throw HuiyinError.missing("ratings[\(i)].unit", "参评单位") }
            guard units.contains(unit) else { throw HuiyinError.invalid("unknown_unit", "“\(unit)”不是本次评议的参评单位", field: "ratings[\(i)].unit") }
            guard !answers.contains(where: { $0.0 == unit }) else {
                throw HuiyinError.invalid("duplicate_unit", "\(dir.unit(unit)?.name ?? unit)评价了两次", field: "ratings[\(i)].unit")
            }
            guard let rating = r.rating.flatMap(Satisfaction.init(evaluationAnswer:)) else {
                throw HuiyinError.invalid("invalid_rating", "评价应为 满意、基本满意 或 不满意", field: "ratings[\(i)].rating")
            }
            answers.append((unit, rating))
        }
        let text = try GrassrootsScope.optionalText(comment, field: "comment", label: "意见建议", max: 500, multiline: true) ?? ""
        let key = vault.phoneHash(checked).hex
        func refuse(_ rated: [String]) -> HuiyinError {
            HuiyinError.conflict("already_rated", "该手机号码已评价过\(rated.map { dir.unit($0)?.name ?? $0 }.joined(separator: "、"))，每个号码对每个单位只能评价一次")
        }
        let rated = Set(try await store.evaluationUnitsRated(id: id, voterKey: key)).intersection(answers.map(\.0))
        guard rated.isEmpty else { throw refuse(rated.sorted()) }
        let votes = answers.map { unit, r in
            EvaluationVote(unitCode: unit, voterKey: key, source: .online, satisfied: r == .satisfied ? 1 : 0, basic: r == .basicallySatisfied ? 1 : 0,
                           unsatisfied: r == .unsatisfied ? 1 : 0, comment: text)
        }
        do {
            try await store.addEvaluationVotes(id: id, votes, at: now,
                                               audit: admin.audit(.petitioner, "evaluation.vote", String(id), now, ["units": String(votes.count)]))
        } catch {
            // The same phone on two requests at once: the unique index refused the second ballot whole.
            let again = Set(try await store.evaluationUnitsRated(id: id, voterKey: key)).intersection(answers.map(\.0))
            if !again.isEmpty { throw refuse(again.sorted()) }
            throw error
        }
        return answers.map(\.0)
    }

    /// Staff enter a counted batch of paper questionnaires for one unit, from the opening of the campaign
    /// until its results are published.
    public func addPaperBallots(id: Int64, unit rawUnit: String?, satisfied: Int?, basic: Int?, unsatisfied: Int?, by actor: Actor,
                                now: Date) async throws -> Results {
        let (campaign, user) = try await find(id, actor)
        guard mayManage(campaign, user) else { throw HuiyinError.forbidden("role_not_allowed", "只有信访部门、领导或管理员可以录入纸质评议表") }
        guard campaign.status(today: ChinaTime.localDate(now)) != .upcoming else {
            throw HuiyinError.conflict("campaign_not_open", "评议于 \(campaign.opensOn) 开始，之前不能录入评议表")
        }
        guard !campaign.published else { throw HuiyinError.conflict("results_published", "评议结果已公布，不能再录入评议表") }
        guard let unit = rawUnit?.trimmedOrNil else { throw HuiyinError.missing("unit", "参评单位") }
        guard try await store.evaluationUnits(id: id).contains(unit) else {
            throw HuiyinError.invalid("unknown_unit", "“\(unit)”不是本次评议的参评单位", field: "unit")
        }
        let counts = [("satisfied", satisfied ?? 0), ("basic", basic ?? 0), ("unsatisfied", unsatisfied ?? 0)]
        for (field, n) in counts where !(0...100_000).contains(n) {
            throw HuiyinError.invalid("invalid_count", "份数应为 0–100000", field: field)
        }
        guard counts.map(\.1).reduce(0, +) > 0 else { throw HuiyinError.invalid("invalid_count", "至少录入一份评议表", field: "satisfied") }
        try await store.addEvaluationVotes(
            id: id, [EvaluationVote(unitCode: unit, voterKey: "paper-" + UUID().uuidString.lowercased(), source: .paper, satisfied: counts[0].1,
                                    basic: counts[1].1, unsatisfied: counts[2].1)],
            at: now, audit: admin.audit(actor, "evaluation.paper", String(id), now,
                                        ["unit": unit, "counts": counts.map { "\($0.1)" }.joined(separator: "/")]))
        return try await results(campaign, now: now)
    }

    // MARK: Results

    public func results(id: Int64, by actor: Actor, now: Date) async throws -> Results {
        try await results(try await find(id, actor).0, now: now)
    }

    /// Published results only; anything else is not found.
    public func publicResults(id: Int64, now: Date) async throws -> Results {
        guard let c = try await store.evaluation(id: id), c.published else { throw HuiyinError.notFound("evaluation_not_found", "评议结果不存在或尚未公布") }
        return try await results(c, now: now)
    }

    /// Each unit's cases led that were received in the period, and their score (``Ranking/score(_:)``) as of `today`.
    func caseScores(_ c: EvaluationCampaign, today: LocalDate) async throws -> [String: FrozenCaseScore] {
        var q = CaseQuery(scope: .territories(["/"]))
        q.receivedFrom = c.opensOn
        q.receivedTo = c.closesOn
        let tallies = Dictionary(try await store.tally(q, by: .leadUnit, today: today).map { ($0.key, $0) }) { a, _ in a }
        return tallies.mapValues { FrozenCaseScore(cases: $0.total, score: $0.total > 0 ? Ranking.score($0) : nil) }
    }

    /// Per unit: the ratings and 满意率, the case score of the cases it led in the period (as of today, or
    /// as of publishing once published), and the combined score, ranked.
    func results(_ c: EvaluationCampaign, now: Date) async throws -> Results {
        let dir = reference.snapshot.directory
        let today = ChinaTime.localDate(now)
        let units = try await store.evaluationUnits(id: c.id)
        let tallies = Dictionary(uniqueKeysWithValues: try await store.evaluationTallies(id: c.id).map { ($0.unitCode, $0) })
        // Published before scores were kept (frozen nil): computed as of today.
        let cases: [String: FrozenCaseScore]
        if c.published, let frozen = c.frozenCases { cases = frozen } else { cases = try await caseScores(c, today: today) }
        let ratingOf: (String) -> (EvaluationTally, Rate) = { code in
            let t = tallies[code] ?? EvaluationTally(unitCode: code)
            return (t, Rate(t.satisfied + t.basic, of: t.votes))
        }
        let standings = EvaluationScore.rank(units.map { code in
            (code: code, rating: ratingOf(code).1.percent(), cases: cases[code]?.score)
        }, weight: c.ratingWeight, flagLast: c.flagLast)
        let rows = standings.map { s in
            let (t, rate) = ratingOf(s.unitCode)
            return UnitResult(unitCode: s.unitCode, unitName: dir.unit(s.unitCode)?.name ?? s.unitCode, tally: t, satisfaction: rate,
                              cases: cases[s.unitCode]?.cases ?? 0, standing: s)
        }
        return Results(campaign: c, status: c.status(today: today), rows: rows, voters: try await store.evaluationVoters(id: c.id),
                       votes: rows.map(\.tally.votes).reduce(0, +))
    }
}
