import Foundation
import HuiyinCore

/// Outbox statements both engines accept (`?` placeholders).
public enum OutboxSQL {
    public static let columns = "id, dedupe_key, case_id, kind, recipient_unit, text, created_at, delivered_at, delivered_by, attempts, last_error, failed_at"

    public static let insert = """
        INSERT INTO outbox (dedupe_key, case_id, kind, recipient_unit, text, created_at) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT (dedupe_key) DO NOTHING
        """

    public static func insertValues(_ e: OutboxEntry) -> [SQLValue] {
        [.text(e.dedupeKey), .int(e.caseID), .text(e.kind.rawValue), .text(e.recipientUnit), .text(e.text), .int(e.createdAt.millis)]
    }

    static var terminalStates: String { CaseState.allCases.filter(\.isTerminal).map { "'\($0.rawValue)'" }.joined(separator: ",") }

    /// Queues a 临期 notice for open cases whose office deadline is near; one per case and deadline.
    public static func enqueueDueSoon(asOf: LocalDate, now: Date) -> (sql: String, values: [SQLValue]) {
        let sql = """
            INSERT INTO outbox (dedupe_key, case_id, kind, recipient_unit, text, created_at)
            SELECT 'due_soon:' || id || ':' || due_on, id, 'due_soon', COALESCE(lead_unit, owner_unit),
                   number || '「' || title || '」即将到期（' || due_on || '），请抓紧办理', ?
            FROM cases
            WHERE warn_on <= ? AND due_on >= ? AND state NOT IN (\(terminalStates)) AND COALESCE(lead_unit, owner_unit) IS NOT NULL
            ON CONFLICT (dedupe_key) DO NOTHING
            """
        return (sql, [.int(now.millis), .text(asOf.description), .text(asOf.description)])
    }

    /// Open cases past their deadline that the clock watcher may have to supervise or escalate: never
    /// supervised on this deadline, or due for the next rung (`escalate_on`).
    public static func escalationCandidates(asOf: LocalDate, limit: Int) -> (sql: String, values: [SQLValue]) {
        let sql = """
            SELECT id FROM cases
            WHERE due_on < ? AND state NOT IN (\(terminalStates))
              AND (supervised_due IS NULL OR supervised_due <> due_on OR escalate_on <= ?)
            ORDER BY due_on, id LIMIT ?
            """
        return (sql, [.text(asOf.description), .text(asOf.description), .int(Int64(limit))])
    }

    /// Claimable: not sent, not given up, not waiting for a retry, not claimed by a live node.
    public static let claimable = """
        delivered_at IS NULL AND failed_at IS NULL AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
        AND (claimed_at IS NULL OR claimed_at < ?)
        """

    /// A failed attempt: back in the queue at `retryAt`, or given up after `maxAttempts`.
    public static func retry(ids: [Int64], error: String, retryAt: Date, maxAttempts: Int, now: Date) -> (sql: String, values: [SQLValue]) {
        let sql = """
            UPDATE outbox SET claimed_at = NULL, delivered_by = NULL, attempts = attempts + 1, last_error = ?,
                next_attempt_at = ?, failed_at = CASE WHEN attempts + 1 >= ? THEN ? ELSE NULL END
            WHERE id IN (\(ids.map(String.init).joined(separator: ",")))
            """
        return (sql, [.text(String(error.prefix(500))), .int(retryAt.millis), .int(Int64(maxAttempts)), .int(now.millis)])
    }

    public static let pendingCountSQL = "SELECT COUNT(*) AS n FROM outbox WHERE delivered_at IS NULL AND failed_at IS NULL"
    public static let failedCountSQL = "SELECT COUNT(*) AS n FROM outbox WHERE failed_at IS NOT NULL"
}

/// Columns the v5 migration adds to the outbox for retries with back-off (both engines).
public enum OutboxRetry {
    public static let migrationSQL = [
        "ALTER TABLE outbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE outbox ADD COLUMN next_attempt_at BIGINT",
        "ALTER TABLE outbox ADD COLUMN last_error TEXT",
        "ALTER TABLE outbox ADD COLUMN failed_at BIGINT",
    ]
}
