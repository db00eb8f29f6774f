import Foundation
import HuiyinCore

/// Outbox statements both engines accept (`?` placeholders).
public enum OutboxSQL {
    public static let columns = "id, dedupe_key, case_id, kind, recipient_unit, text, created_at, delivered_at, delivered_by"

    public static let insert = """
        INSERT INTO outbox (dedupe_key, case_id, kind, recipient_unit, text, created_at) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT (dedupe_key) DO NOTHING
        """

    public static func insertValues(_ e: OutboxEntry) -> [SQLValue] {
        [.text(e.dedupeKey), .int(e.caseID), .text(e.kind.rawValue), .text(e.recipientUnit), .text(e.text), .int(e.createdAt.millis)]
    }

    /// Queues 督办 notices for open cases past their deadline; the unique key makes it idempotent.
    public static func enqueueOverdue(asOf: LocalDate, now: Date) -> (sql: String, values: [SQLValue]) {
        let terminal = CaseState.allCases.filter(\.isTerminal).map { "'\($0.rawValue)'" }.joined(separator: ",")
        let sql = """
            INSERT INTO outbox (dedupe_key, case_id, kind, recipient_unit, text, created_at)
            SELECT 'overdue:' || id || ':' || due_on, id, 'overdue', COALESCE(lead_unit, owner_unit),
                   number || '「' || title || '」已超过办理期限（' || due_on || '），请督办', ?
            FROM cases
            WHERE due_on < ? AND state NOT IN (\(terminal)) AND COALESCE(lead_unit, owner_unit) IS NOT NULL
            ON CONFLICT (dedupe_key) DO NOTHING
            """
        return (sql, [.int(now.millis), .text(asOf.description)])
    }
}
