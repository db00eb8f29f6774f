import Foundation
import HuiyinCore
import HuiyinStore

/// What monitoring watches (`/metrics`): cases by state, deadlines missed or near, and what waits to be
/// sent (notifications, webhooks).
public struct OperationalCounts: Sendable {
    public var casesByState: [CaseState: Int]
    /// Open cases whose office deadline passed (due before today).
    public var overdue: Int
    /// Open cases 临期 today, not yet overdue.
    public var dueSoon: Int
    public var outboxPending: Int
    public var outboxFailed: Int
    public var webhooksPending: Int
    public var webhooksFailed: Int
}

extension Huiyin {
    public func operationalCounts(now: Date) async throws -> OperationalCounts {
        let today = ChinaTime.localDate(now).description
        let clocks = try await store.fetch(SQLStatement("""
            SELECT SUM(CASE WHEN due_on < ? THEN 1 ELSE 0 END) AS overdue,
                   SUM(CASE WHEN due_on >= ? AND warn_on <= ? THEN 1 ELSE 0 END) AS due_soon
            FROM cases WHERE due_on IS NOT NULL
            """, [.text(today), .text(today), .text(today)])).first
        let hooks = try await store.fetch(SQLStatement("""
            SELECT SUM(CASE WHEN failed_at IS NULL THEN 1 ELSE 0 END) AS pending,
                   SUM(CASE WHEN failed_at IS NOT NULL THEN 1 ELSE 0 END) AS failed
            FROM webhook_deliveries WHERE delivered_at IS NULL
            """)).first
        let outbox = try await store.outboxBacklog()
        return OperationalCounts(casesByState: try await store.caseCountsByState(),
                                 overdue: Int(clocks?.int("overdue") ?? 0), dueSoon: Int(clocks?.int("due_soon") ?? 0),
                                 outboxPending: outbox.pending, outboxFailed: outbox.failed,
                                 webhooksPending: Int(hooks?.int("pending") ?? 0), webhooksFailed: Int(hooks?.int("failed") ?? 0))
    }
}
