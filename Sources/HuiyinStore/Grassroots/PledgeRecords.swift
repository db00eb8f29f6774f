import Foundation
import HuiyinCore

/// A public pledge (承诺) by an organisation, or by one of its members, and whether it was kept.
public struct PledgeRecord: Sendable, Hashable {
    public var id: Int64
    public var organisation: String
    /// The member who pledged; empty for the organisation's own pledge.
    public var member: String
    public var territoryCode: String
    public var unitCode: String
    public var title: String
    public var detail: String
    public var dueOn: LocalDate?
    public var status: PledgeStatus
    /// 践诺凭证: what shows the pledge was kept (or why not).
    public var evidence: String
    public var published: Bool
    public var createdAt: Date
    public var createdBy: String
    public var updatedAt: Date

    public init(id: Int64 = 0, organisation: String, member: String, territoryCode: String, unitCode: String, title: String, detail: String,
                dueOn: LocalDate?, status: PledgeStatus, evidence: String, published: Bool, createdAt: Date, createdBy: String) {
        self.id = id; self.organisation = organisation; self.member = member; self.territoryCode = territoryCode; self.unitCode = unitCode
        self.title = title; self.detail = detail; self.dueOn = dueOn; self.status = status; self.evidence = evidence
        self.published = published; self.createdAt = createdAt; self.createdBy = createdBy; self.updatedAt = createdAt
    }

    init(_ r: SQLRow) {
        self.init(id: r.int("id") ?? 0, organisation: r.text("organisation") ?? "", member: r.text("member") ?? "",
                  territoryCode: r.text("territory_code") ?? "", unitCode: r.text("unit_code") ?? "", title: r.text("title") ?? "",
                  detail: r.text("detail") ?? "", dueOn: r.text("due_on").flatMap(LocalDate.init),
                  status: PledgeStatus(rawValue: r.text("status") ?? "") ?? .pending, evidence: r.text("evidence") ?? "",
                  published: r.bool("published"), createdAt: r.date("created_at") ?? Date(timeIntervalSince1970: 0),
                  createdBy: r.text("created_by") ?? "")
        updatedAt = r.date("updated_at") ?? createdAt
    }
}

/// Pledges of one organisation by status.
public struct PledgeTally: Sendable, Hashable {
    public var organisation: String
    public var total: Int
    public var fulfilled: Int
    public var unfulfilled: Int
}

extension HuiyinStore {
    /// Adds pledges in one transaction (an import is all or nothing), 500 rows per statement.
    public func createPledges(_ pledges: [PledgeRecord], scopePaths: [String], audit: AuditEntry) async throws -> [Int64] {
        var statements: [SQLStatement] = []
        for start in stride(from: 0, to: pledges.count, by: 500) {
            let chunk = pledges.indices[start..<min(start + 500, pledges.count)]
            let values = chunk.flatMap { i -> [SQLValue] in
                let p = pledges[i]
                return [.text(p.organisation), .text(p.member), .text(p.territoryCode), .text(scopePaths[i]), .text(p.unitCode), .text(p.title),
                        .text(p.detail), .optional(p.dueOn?.description), .text(p.status.rawValue), .text(p.evidence), .int(p.published ? 1 : 0),
                        .date(p.createdAt), .text(p.createdBy), .date(p.createdAt)]
            }
            statements.append(SQLStatement("""
                INSERT INTO pledges (organisation, member, territory_code, scope_path, unit_code, title, detail, due_on, status, evidence,
                    published, created_at, created_by, updated_at)
                VALUES \(Array(repeating: "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", count: chunk.count).joined(separator: ", ")) RETURNING id
                """, values))
        }
        return try await run(statements, audit: audit).flatMap { $0.compactMap { $0.int("id") } }
    }

    public func pledge(id: Int64) async throws -> PledgeRecord? {
        try await fetch(SQLStatement("SELECT * FROM pledges WHERE id = ?", [.int(id)])).first.map(PledgeRecord.init)
    }

    public func updatePledge(_ p: PledgeRecord, audit: AuditEntry) async throws {
        _ = try await run([SQLStatement("UPDATE pledges SET status = ?, evidence = ?, published = ?, updated_at = ? WHERE id = ?",
                                        [.text(p.status.rawValue), .text(p.evidence), .int(p.published ? 1 : 0), .date(p.updatedAt), .int(p.id)])],
                          audit: audit)
    }

    /// Pledges under `paths` (nil: everywhere), optionally only published ones or one organisation's, newest first.
    public func pledges(paths: [String]?, publishedOnly: Bool, organisation: String?, status: PledgeStatus?, limit: Int) async throws -> [PledgeRecord] {
        let scope = GrassrootsSQL.scope(paths)
        var sql = "SELECT * FROM pledges WHERE \(scope.sql)"
        var values = scope.values
        if publishedOnly { sql += " AND published = 1" }
        if let organisation { sql += " AND organisation = ?"; values.append(.text(organisation)) }
        if let status { sql += " AND status = ?"; values.append(.text(status.rawValue)) }
        return try await fetch(SQLStatement(sql + " ORDER BY created_at DESC, id DESC LIMIT ?", values + [.int(Int64(limit))]))
            .map(PledgeRecord.init)
    }

    /// Pledges per organisation by status (one grouped query, no pledge loaded).
    public func pledgeTallies(paths: [String]?, publishedOnly: Bool) async throws -> [PledgeTally] {
        let scope = GrassrootsSQL.scope(paths)
        return try await fetch(SQLStatement("""
            SELECT organisation, COUNT(*) AS total, SUM(CASE WHEN status = 'fulfilled' THEN 1 ELSE 0 END) AS fulfilled,
                SUM(CASE WHEN status = 'unfulfilled' THEN 1 ELSE 0 END) AS unfulfilled
            FROM pledges WHERE \(scope.sql)\(publishedOnly ? " AND published = 1" : "") GROUP BY organisation ORDER BY organisation
            """, scope.values)).map {
            PledgeTally(organisation: $0.text("organisation") ?? "", total: Int($0.int("total") ?? 0), fulfilled: Int($0.int("fulfilled") ?? 0),
                        unfulfilled: Int($0.int("unfulfilled") ?? 0))
        }
    }
}
