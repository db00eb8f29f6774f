import Foundation
import HuiyinCore

/// A 群众评议 campaign: which units citizens rate, when, and how the ranking weighs the ratings.
public struct EvaluationCampaign: Sendable, Hashable {
    public var id: Int64
    public var title: String
    public var territoryCode: String
    public var opensOn: LocalDate
    public var closesOn: LocalDate
    /// Share of the citizens' rating in the combined score, in percent (the rest is the case score).
    public var ratingWeight: Int
    /// How many of the last places are flagged for follow-up.
    public var flagLast: Int
    public var published: Bool
    public var note: String
    public var createdAt: Date
    public var createdBy: String
    /// While published: each unit's cases and case score as they stood at publishing, so the published
    /// ranking does not move when old cases change later.
    public var frozenCases: [String: FrozenCaseScore]?

    public init(id: Int64 = 0, title: String, territoryCode: String, opensOn: LocalDate, closesOn: LocalDate, ratingWeight: Int, flagLast: Int,
                published: Bool = false, note: String, createdAt: Date, createdBy: String) {
        self.id = id; self.title = title; self.territoryCode = territoryCode; self.opensOn = opensOn; self.closesOn = closesOn
        self.ratingWeight = ratingWeight; self.flagLast = flagLast; self.published = published; self.note = note; self.createdAt = createdAt
        self.createdBy = createdBy
    }

    init(_ r: SQLRow) {
        self.init(id: r.int("id") ?? 0, title: r.text("title") ?? "", territoryCode: r.text("territory_code") ?? "",
                  opensOn: LocalDate(r.text("opens_on") ?? "") ?? LocalDate(dayNumber: 0),
                  closesOn: LocalDate(r.text("closes_on") ?? "") ?? LocalDate(dayNumber: 0), ratingWeight: Int(r.int("rating_weight") ?? 50),
                  flagLast: Int(r.int("flag_last") ?? 1), published: r.bool("published"), note: r.text("note") ?? "",
                  createdAt: r.date("created_at") ?? Date(timeIntervalSince1970: 0), createdBy: r.text("created_by") ?? "")
        frozenCases = r.text("frozen_cases").flatMap { try? StoredJSON.decode([String: FrozenCaseScore].self, $0) }
    }

    public func status(today: LocalDate) -> EvaluationStatus { EvaluationStatus(opensOn: opensOn, closesOn: closesOn, today: today) }
}

/// A unit's cases in a campaign period and their score (nil without cases), fixed at publishing.
public struct FrozenCaseScore: Codable, Sendable, Hashable {
    public var cases: Int
    public var score: Double?
    public init(cases: Int, score: Double?) { self.cases = cases; self.score = score }
}

/// The ratings one unit received in a campaign, online and on paper together.
public struct EvaluationTally: Sendable, Hashable {
    public var unitCode: String
    public var satisfied: Int
    public var basic: Int
    public var unsatisfied: Int
    public var votes: Int { satisfied + basic + unsatisfied }

    public init(unitCode: String, satisfied: Int = 0, basic: Int = 0, unsatisfied: Int = 0) {
        self.unitCode = unitCode; self.satisfied = satisfied; self.basic = basic; self.unsatisfied = unsatisfied
    }
}

/// One row of `evaluation_votes`: a citizen's rating of a unit (counts 1/0/0 …), or a counted batch of paper questionnaires.
public struct EvaluationVote: Sendable, Hashable {
    public enum Source: String, Sendable { case online, paper }
    public var unitCode: String
    /// The hex keyed hash of the citizen's phone, or a fresh token for a paper batch.
    public var voterKey: String
    public var source: Source
    public var satisfied: Int
    public var basic: Int
    public var unsatisfied: Int
    public var comment: String

    public init(unitCode: String, voterKey: String, source: Source, satisfied: Int, basic: Int, unsatisfied: Int, comment: String = "") {
        self.unitCode = unitCode; self.voterKey = voterKey; self.source = source; self.satisfied = satisfied; self.basic = basic
        self.unsatisfied = unsatisfied; self.comment = comment
    }
}

extension HuiyinStore {
    public func createEvaluation(_ e: EvaluationCampaign, units: [String], scopePath: String, audit: AuditEntry) async throws -> EvaluationCampaign {
        // The units find the new campaign by its creator and title in the same transaction (the latest one
        // if the same person reuses a title): one statement for both engines.
        let unitSQL = "INSERT INTO evaluation_units (evaluation_id, unit_code) SELECT MAX(id), ? FROM evaluations WHERE created_by = ? AND title = ?"
        let rows = try await run([SQLStatement("""
            INSERT INTO evaluations (title, territory_code, scope_path, opens_on, closes_on, rating_weight, flag_last, published, note,
                created_at, created_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?) RETURNING *
            """, [.text(e.title), .text(e.territoryCode), .text(scopePath), .text(e.opensOn.description), .text(e.closesOn.description),
                  .int(Int64(e.ratingWeight)), .int(Int64(e.flagLast)), .text(e.note), .date(e.createdAt), .text(e.createdBy)])]
            + units.map { SQLStatement(unitSQL, [.text($0), .text(e.createdBy), .text(e.title)]) }, audit: audit)
        guard let row = rows.first?.first else { throw StoreError.notFound("群众评议") }
        return EvaluationCampaign(row)
    }

    public func evaluation(id: Int64) async throws -> EvaluationCampaign? {
        try await fetch(SQLStatement("SELECT * FROM evaluations WHERE id = ?", [.int(id)])).first.map(EvaluationCampaign.init)
    }

    /// The rated units' codes, in code order.
    public func evaluationUnits(id: Int64) async throws -> [String] {
        try await fetch(SQLStatement("SELECT unit_code FROM evaluation_units WHERE evaluation_id = ? ORDER BY unit_code", [.int(id)]))
            .compactMap { $0.text("unit_code") }
    }

    /// Campaigns under one of `paths` (nil: all), newest period first.
    public func evaluations(paths: [String]?, limit: Int) async throws -> [EvaluationCampaign] {
        var sql = "SELECT * FROM evaluations"
        var values: [SQLValue] = []
        if let paths {
            guard !paths.isEmpty else { return [] }
            sql += " WHERE " + paths.map { _ in "(scope_path >= ? AND scope_path < ?)" }.joined(separator: " OR ")
            values = paths.flatMap { [SQLValue.text($0), .text(prefixUpperBound($0))] }
        }
        return try await fetch(SQLStatement(sql + " ORDER BY opens_on DESC, id DESC LIMIT ?", values + [.int(Int64(limit))]))
            .map(EvaluationCampaign.init)
    }

    /// What the portal shows on `today`: campaigns open for rating, and closed ones whose results are published.
    public func publicEvaluations(today: LocalDate, limit: Int) async throws -> [EvaluationCampaign] {
        let d = SQLValue.text(today.description)
        return try await fetch(SQLStatement("""
            SELECT * FROM evaluations WHERE (opens_on <= ? AND closes_on >= ?) OR (published = 1 AND closes_on < ?)
            ORDER BY closes_on DESC, id DESC LIMIT ?
            """, [d, d, d, .int(Int64(limit))])).map(EvaluationCampaign.init)
    }

    /// Publishes with the case scores to keep (`frozen`), or withdraws (the scores go too).
    public func setEvaluationPublished(id: Int64, _ published: Bool, frozen: [String: FrozenCaseScore]?, audit: AuditEntry) async throws {
        let json = try frozen.map { try StoredJSON.encode($0) }
        _ = try await run([SQLStatement("UPDATE evaluations SET published = ?, frozen_cases = ? WHERE id = ?",
                                        [.int(published ? 1 : 0), json.map(SQLValue.text) ?? .null, .int(id)])], audit: audit)
    }

    /// Units of the campaign `voterKey` already rated.
    public func evaluationUnitsRated(id: Int64, voterKey: String) async throws -> [String] {
        try await fetch(SQLStatement("SELECT unit_code FROM evaluation_votes WHERE evaluation_id = ? AND voter_key = ? ORDER BY unit_code",
                                     [.int(id), .text(voterKey)])).compactMap { $0.text("unit_code") }
    }

    /// Records every vote of one ballot or none: a second rating of a unit by the same voter breaks the
    /// unique index and rolls the whole ballot back.
    public func addEvaluationVotes(id: Int64, _ votes: [EvaluationVote], at: Date, audit: AuditEntry) async throws {
        _ = try await run(votes.map { v in
            SQLStatement("""
                INSERT INTO evaluation_votes (evaluation_id, unit_code, voter_key, source, satisfied, basic, unsatisfied, comment, at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, [.int(id), .text(v.unitCode), .text(v.voterKey), .text(v.source.rawValue), .int(Int64(v.satisfied)), .int(Int64(v.basic)),
                      .int(Int64(v.unsatisfied)), .text(v.comment), .date(at)])
        }, audit: audit)
    }

    /// Ratings per unit (units nobody rated are absent).
    public func evaluationTallies(id: Int64) async throws -> [EvaluationTally] {
        try await fetch(SQLStatement("""
            SELECT unit_code, SUM(satisfied) AS satisfied, SUM(basic) AS basic, SUM(unsatisfied) AS unsatisfied
            FROM evaluation_votes WHERE evaluation_id = ? GROUP BY unit_code ORDER BY unit_code
            """, [.int(id)])).map {
            EvaluationTally(unitCode: $0.text("unit_code") ?? "", satisfied: Int($0.int("satisfied") ?? 0), basic: Int($0.int("basic") ?? 0),
                            unsatisfied: Int($0.int("unsatisfied") ?? 0))
        }
    }

    /// How many citizens rated online (distinct phones).
    public func evaluationVoters(id: Int64) async throws -> Int {
        try await fetch(SQLStatement("SELECT COUNT(DISTINCT voter_key) AS n FROM evaluation_votes WHERE evaluation_id = ? AND source = 'online'",
                                     [.int(id)])).first.flatMap { $0.int("n") }.map(Int.init) ?? 0
    }

    /// The latest citizens' comments (one per ballot), newest first.
    public func evaluationComments(id: Int64, limit: Int) async throws -> [(comment: String, at: Date)] {
        try await fetch(SQLStatement("""
            SELECT comment, MAX(at) AS at FROM evaluation_votes WHERE evaluation_id = ? AND comment <> ''
            GROUP BY voter_key, comment ORDER BY at DESC LIMIT ?
            """, [.int(id), .int(Int64(limit))])).map { ($0.text("comment") ?? "", $0.date("at") ?? Date(timeIntervalSince1970: 0)) }
    }
}
