import Foundation
import HuiyinCore

/// A stability risk assessment (稳定风险评估) of a major decision: the survey's 满意度 / 支持度 / 信心度
/// counts, the support threshold in force, and the verdict (pass, or veto).
public struct RiskAssessmentRecord: Sendable, Hashable {
    public var id: Int64
    public var title: String
    public var detail: String
    public var territoryCode: String
    public var unitCode: String
    public var surveyedOn: LocalDate
    public var respondents: Int
    public var satisfied: Int
    public var supportive: Int
    public var confident: Int
    public var threshold: Threshold
    public var passed: Bool
    public var published: Bool
    public var note: String
    public var createdAt: Date
    public var createdBy: String

    public init(id: Int64 = 0, title: String, detail: String, territoryCode: String, unitCode: String, surveyedOn: LocalDate, respondents: Int,
                satisfied: Int, supportive: Int, confident: Int, threshold: Threshold, passed: Bool, published: Bool, note: String,
                createdAt: Date, createdBy: String) {
        self.id = id; self.title = title; self.detail = detail; self.territoryCode = territoryCode; self.unitCode = unitCode
        self.surveyedOn = surveyedOn; self.respondents = respondents; self.satisfied = satisfied; self.supportive = supportive
        self.confident = confident; self.threshold = threshold; self.passed = passed; self.published = published; self.note = note
        self.createdAt = createdAt; self.createdBy = createdBy
    }

    init(_ r: SQLRow) {
        func count(_ c: String) -> Int { Int(r.int(c) ?? 0) }
        self.init(id: r.int("id") ?? 0, title: r.text("title") ?? "", detail: r.text("detail") ?? "", territoryCode: r.text("territory_code") ?? "",
                  unitCode: r.text("unit_code") ?? "", surveyedOn: LocalDate(r.text("surveyed_on") ?? "") ?? LocalDate(dayNumber: 0),
                  respondents: count("respondents"), satisfied: count("satisfied"), supportive: count("supportive"), confident: count("confident"),
                  threshold: (try? JSONDecoder().decode(Threshold.self, from: Data((r.text("threshold") ?? "").utf8))) ?? .twoThirds,
                  passed: r.bool("passed"), published: r.bool("published"), note: r.text("note") ?? "",
                  createdAt: r.date("created_at") ?? Date(timeIntervalSince1970: 0), createdBy: r.text("created_by") ?? "")
    }
}

extension HuiyinStore {
    public func createRiskAssessment(_ a: RiskAssessmentRecord, scopePath: String, audit: AuditEntry) async throws -> RiskAssessmentRecord {
        let rows = try await run([SQLStatement("""
            INSERT INTO risk_assessments (title, detail, territory_code, scope_path, unit_code, surveyed_on, respondents, satisfied, supportive,
                confident, threshold, passed, published, note, created_at, created_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *
            """, [.text(a.title), .text(a.detail), .text(a.territoryCode), .text(scopePath), .text(a.unitCode), .text(a.surveyedOn.description),
                  .int(Int64(a.respondents)), .int(Int64(a.satisfied)), .int(Int64(a.supportive)), .int(Int64(a.confident)),
                  .text(Self.json(a.threshold) ?? ""), .int(a.passed ? 1 : 0), .int(a.published ? 1 : 0), .text(a.note), .date(a.createdAt),
                  .text(a.createdBy)])], audit: audit)
        guard let row = rows.first?.first else { throw StoreError.notFound("稳定风险评估") }
        return RiskAssessmentRecord(row)
    }

    public func riskAssessment(id: Int64) async throws -> RiskAssessmentRecord? {
        try await fetch(SQLStatement("SELECT * FROM risk_assessments WHERE id = ?", [.int(id)])).first.map(RiskAssessmentRecord.init)
    }

    public func publishRiskAssessment(id: Int64, published: Bool, audit: AuditEntry) async throws {
        _ = try await run([SQLStatement("UPDATE risk_assessments SET published = ? WHERE id = ?", [.int(published ? 1 : 0), .int(id)])],
                          audit: audit)
    }

    /// Assessments under `paths` (nil: everywhere), optionally only published ones, latest first.
    public func riskAssessments(paths: [String]?, publishedOnly: Bool, limit: Int) async throws -> [RiskAssessmentRecord] {
        let scope = GrassrootsSQL.scope(paths)
        return try await fetch(SQLStatement("""
            SELECT * FROM risk_assessments WHERE \(scope.sql)\(publishedOnly ? " AND published = 1" : "") ORDER BY surveyed_on DESC, id DESC LIMIT ?
            """, scope.values + [.int(Int64(limit))])).map(RiskAssessmentRecord.init)
    }
}
