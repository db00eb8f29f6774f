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
                    deliveredBy: try r["delivered_by"].decode(String?.self))
    }

    public func enqueueOverdue(asOf: LocalDate, now: Date) async throws -> Int {
        let (sql, values) = OutboxSQL.enqueueOverdue(asOf: asOf, now: now)
        return try await write { conn in
            try await conn.query(Self.query(sql + " RETURNING id", values), logger: self.logger).collect().count
        }
    }

    /// `FOR UPDATE SKIP LOCKED`: nodes claiming at once take different entries instead of waiting.
    public func claimOutbox(node: String, limit: Int, now: Date, lease: TimeInterval) async throws -> [OutboxEntry] {
        let expired = now.addingTimeInterval(-lease).millis
        return try await write { conn in
            try await conn.query("""
                UPDATE outbox SET claimed_at = \(now.millis), delivered_by = \(node)
                WHERE id IN (SELECT id FROM outbox WHERE delivered_at IS NULL AND (claimed_at IS NULL OR claimed_at < \(expired))
                             ORDER BY id LIMIT \(limit) FOR UPDATE SKIP LOCKED)
                  AND delivered_at IS NULL AND (claimed_at IS NULL OR claimed_at < \(expired))
                RETURNING \(unescaped: OutboxSQL.columns)
                """, logger: self.logger).collect().map { try Self.outboxEntry($0.makeRandomAccess()) }.sorted { $0.id < $1.id }
        }
    }

    public func confirmOutbox(ids: [Int64], now: Date) async throws {
        guard !ids.isEmpty else { return }
        try await write { conn in
            try await conn.query("UPDATE outbox SET delivered_at = \(now.millis) WHERE id = ANY(\(ids))", logger: self.logger)
        }
    }

    public func releaseOutbox(ids: [Int64]) async throws {
        guard !ids.isEmpty else { return }
        try await write { conn in
            try await conn.query("UPDATE outbox SET claimed_at = NULL, delivered_by = NULL WHERE id = ANY(\(ids))", logger: self.logger)
        }
    }

    public func outbox(afterID: Int64, limit: Int) async throws -> [OutboxEntry] {
        try await rows("SELECT \(unescaped: OutboxSQL.columns) FROM outbox WHERE id > \(afterID) ORDER BY id LIMIT \(limit)")
            .map(Self.outboxEntry)
    }
}
