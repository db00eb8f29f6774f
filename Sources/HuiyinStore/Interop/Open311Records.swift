import Foundation
import HuiyinCore

/// What an Open311 client sent beyond the case itself: where, which key, and its own references.
/// The e-mail address is personal data and stays sealed.
public struct Open311Submission: Sendable, Hashable {
    public var caseID: Int64
    public var apiKeyID: Int64
    public var token: String
    public var requestedAt: Date
    public var address: String?
    public var addressID: String?
    public var lat: String?
    public var lon: String?
    public var mediaURL: String?
    public var accountID: String?
    public var deviceID: String?
    public var emailSealed: Data?

    public init(caseID: Int64, apiKeyID: Int64, token: String, requestedAt: Date, address: String? = nil, addressID: String? = nil,
                lat: String? = nil, lon: String? = nil, mediaURL: String? = nil, accountID: String? = nil, deviceID: String? = nil,
                emailSealed: Data? = nil) {
        self.caseID = caseID; self.apiKeyID = apiKeyID; self.token = token; self.requestedAt = requestedAt
        self.address = address; self.addressID = addressID; self.lat = lat; self.lon = lon; self.mediaURL = mediaURL
        self.accountID = accountID; self.deviceID = deviceID; self.emailSealed = emailSealed
    }

    init(_ r: SQLRow) {
        self.init(caseID: r.int("case_id") ?? 0, apiKeyID: r.int("api_key_id") ?? 0, token: r.text("token") ?? "",
                  requestedAt: r.date("requested_at") ?? Date(timeIntervalSince1970: 0), address: r.text("address"),
                  addressID: r.text("address_id"), lat: r.text("lat"), lon: r.text("lon"), mediaURL: r.text("media_url"),
                  accountID: r.text("account_id"), deviceID: r.text("device_id"), emailSealed: r.blob("email_sealed"))
    }
}

/// Which cases `GET requests` lists: those submitted through Open311 and the messages published on
/// the 民情回音墙 — never anything else.
public struct Open311Query: Sendable, Hashable {
    /// Case numbers; when given, every other filter is ignored (as the spec says).
    public var numbers: [String]?
    public var categoryCodes: [String]?
    public var from: Date
    public var to: Date
    /// `true` = open only, `false` = closed only, `nil` = both.
    public var open: Bool?
    public var offset: Int
    public var limit: Int

    public init(numbers: [String]? = nil, categoryCodes: [String]? = nil, from: Date, to: Date, open: Bool? = nil, offset: Int = 0, limit: Int = 1000) {
        self.numbers = numbers; self.categoryCodes = categoryCodes; self.from = from; self.to = to; self.open = open
        self.offset = offset; self.limit = limit
    }

    /// States an Open311 client sees as `closed`: answered, or finished in any way.
    public static let closedStates: [CaseState] = CaseState.allCases.filter { $0.isTerminal || $0 == .replied || $0 == .reviewed }
}

extension HuiyinStore {
    public func recordOpen311(_ s: Open311Submission) async throws {
        _ = try await run([SQLStatement("""
            INSERT INTO open311_requests (case_id, api_key_id, token, requested_at, address, address_id, lat, lon, media_url,
                account_id, device_id, email_sealed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.int(s.caseID), .int(s.apiKeyID), .text(s.token), .date(s.requestedAt), .optional(s.address), .optional(s.addressID),
                  .optional(s.lat), .optional(s.lon), .optional(s.mediaURL), .optional(s.accountID), .optional(s.deviceID),
                  s.emailSealed.map(SQLValue.blob) ?? .null])], audit: nil)
    }

    public func open311Submissions(caseIDs: [Int64]) async throws -> [Int64: Open311Submission] {
        guard !caseIDs.isEmpty else { return [:] }
        var out: [Int64: Open311Submission] = [:]
        for chunk in stride(from: 0, to: caseIDs.count, by: 500).map({ Array(caseIDs[$0..<min($0 + 500, caseIDs.count)]) }) {
            for r in try await fetch(SQLStatement("SELECT * FROM open311_requests WHERE \(CaseFilterSQL.in("case_id", chunk.count))",
                                                  chunk.map(SQLValue.int))) {
                let s = Open311Submission(r)
                out[s.caseID] = s
            }
        }
        return out
    }

    /// The case a token stands for.
    public func open311Case(token: String) async throws -> Int64? {
        try await fetch(SQLStatement("SELECT case_id FROM open311_requests WHERE token = ?", [.text(token)])).first?.int("case_id")
    }

    /// Ids of the cases `query` selects, newest first.
    public func open311CaseIDs(_ q: Open311Query) async throws -> [Int64] {
        var sql = """
            SELECT c.id FROM cases c LEFT JOIN open311_requests o ON o.case_id = c.id
            WHERE (o.case_id IS NOT NULL OR c.wall = 'published')
            """
        var values: [SQLValue] = []
        if let numbers = q.numbers {
            guard !numbers.isEmpty else { return [] }
            sql += " AND \(CaseFilterSQL.in("c.number", numbers.count))"
            values += numbers.map(SQLValue.text)
        } else {
            sql += " AND c.registered_at >= ? AND c.registered_at < ?"
            values += [.date(q.from), .date(q.to)]
            if let codes = q.categoryCodes, !codes.isEmpty {
                sql += " AND \(CaseFilterSQL.in("c.category", codes.count))"
                values += codes.map(SQLValue.text)
            }
            if let open = q.open {
                sql += " AND \(open ? "NOT " : "")\(CaseFilterSQL.in("c.state", Open311Query.closedStates.count))"
                values += Open311Query.closedStates.map { .text($0.rawValue) }
            }
        }
        sql += " ORDER BY c.registered_at DESC, c.id DESC LIMIT ? OFFSET ?"
        values += [.int(Int64(q.limit)), .int(Int64(q.offset))]
        return try await fetch(SQLStatement(sql, values)).compactMap { $0.int("id") }
    }
}
