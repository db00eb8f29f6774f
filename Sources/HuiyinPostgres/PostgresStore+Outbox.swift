import Foundation
import HuiyinCore
import HuiyinStore
import PostgresNIO

extension PostgresStore {
    func enqueue(_ entries: [OutboxEntry], _ conn: PostgresConnection) async throws {
        for e in entries {
            try await conn.query(Self.query(OutboxSQL.insert, OutboxSQL.insertValues(e)), logger: logger)
        }
    }

    static func outboxEntry(_ r: PostgresRandomAccessRow) throws -> OutboxEntry {
        OutboxEntry(id: try r["id"].decode(Int64.self), dedupeKey: try r["dedupe_key"].decode(String.self),
                    caseID: try r["case_id"].decode(Int64.self),
                    kind: OutboxEntry.Kind(rawValue: try r["kind"].decode(String.self)) ?? .event,
                    recipientUnit: try r["recipient_unit"].decode(String.self), text: try r["text"].decode(String.self),
                    createdAt: Date(millis: try r["created_at"].decode(Int64.self)),
                    deliveredAt: try r["delivered_at"].decode(Int64?.self).map(Date.init(millis:)),
                    deliveredBy: try r["delivered_by"].decode(String?.self),
                    attempts: Int(try r["attempts"].decode(Int32.self)), lastError: try r["last_error"].decode(String?.self),
                    failedAt: try r["failed_at"].decode(Int64?.self).map(Date.init(millis:)))
    }

    public func enqueueDueSoon(asOf: LocalDate, now: Date) async throws -> Int {
        let (sql, values) = OutboxSQL.enqueueDueSoon(asOf: asOf, now: now)
        return try await write { conn in
            try await conn.query(Self.query(sql + " RETURNING id", values), logger: self.logger).collect().count
        }
    }

    public func escalationCandidates(asOf: LocalDate, limit: Int) async throws -> [Int64] {
        let (sql, values) = OutboxSQL.escalationCandidates(asOf: asOf, limit: limit)
        return try await rows(Self.query(sql, values)).map { try $0["id"].decode(Int64.self) }
    }

    /// `FOR UPDATE SKIP LOCKED`: nodes claiming at once take different entries instead of waiting.
    public func claimOutbox(node: String, limit: Int, now: Date, lease: TimeInterval) async throws -> [OutboxEntry] {
        let expired = now.addingTimeInterval(-lease).millis
        let sql = """
            UPDATE outbox SET claimed_at = ?, delivered_by = ?
            WHERE id IN (SELECT id FROM outbox WHERE \(OutboxSQL.claimable) ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED)
              AND delivered_at IS NULL
            RETURNING \(OutboxSQL.columns)
            """
        let values: [SQLValue] = [.int(now.millis), .text(node), .int(now.millis), .int(expired), .int(Int64(limit))]
        return try await write { conn in
            try await conn.query(Self.query(sql, values), logger: self.logger).collect()
                .map { try Self.outboxEntry($0.makeRandomAccess()) }.sorted { $0.id < $1.id }
        }
    }

    public func confirmOutbox(ids: [Int64], now: Date) async throws {
        guard !ids.isEmpty else { return }
        _ = try await write { conn in
            try await conn.query("UPDATE outbox SET delivered_at = \(now.millis) WHERE id = ANY(\(ids))", logger: self.logger)
        }
    }

    public func retryOutbox(ids: [Int64], error: String, retryAt: Date, maxAttempts: Int, now: Date) async throws {
        guard !ids.isEmpty else { return }
        let (sql, values) = OutboxSQL.retry(ids: ids, error: error, retryAt: retryAt, maxAttempts: maxAttempts, now: now)
        _ = try await write { conn in try await conn.query(Self.query(sql, values), logger: self.logger) }
    }

    public func outboxBacklog() async throws -> (pending: Int, failed: Int) {
        let p = try await rows(Self.query(OutboxSQL.pendingCountSQL, [])).first?["n"].decode(Int64.self) ?? 0
        let f = try await rows(Self.query(OutboxSQL.failedCountSQL, [])).first?["n"].decode(Int64.self) ?? 0
        return (Int(p), Int(f))
    }

    public func outbox(afterID: Int64, limit: Int) async throws -> [OutboxEntry] {
        try await rows("SELECT \(unescaped: OutboxSQL.columns) FROM outbox WHERE id > \(afterID) ORDER BY id LIMIT \(limit)")
            .map(Self.outboxEntry)
    }
}

extension PostgresStore {
    public func casesOfPeople(idHashes: [Data], phoneHashes: [Data], limit: Int) async throws -> [PriorCase] {
        try await priorCases(PeopleSQL.casesOf(idHashes: idHashes, phoneHashes: phoneHashes, limit: limit))
    }

    public func priorCases(ids: [Int64]) async throws -> [PriorCase] {
        try await priorCases(PeopleSQL.priorCases(ids: ids))
    }

    private func priorCases(_ query: (sql: String, values: [SQLValue])?) async throws -> [PriorCase] {
        guard let (sql, values) = query else { return [] }
        return try await rows(Self.query(sql, values)).compactMap { r in
            guard let day = LocalDate(try r["received_on"].decode(String.self)),
                  let state = CaseState(rawValue: try r["state"].decode(String.self)) else { return nil }
            return PriorCase(id: try r["id"].decode(Int64.self), number: try r["number"].decode(String.self),
                             categoryCode: try r["category"].decode(String?.self), receivedOn: day, state: state,
                             ownerUnitCode: try r["owner_unit"].decode(String?.self), leadUnitCode: try r["lead_unit"].decode(String?.self),
                             signature: try r["signature"].decode(Data?.self))
        }
    }
}
