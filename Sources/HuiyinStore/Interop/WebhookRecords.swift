import Foundation

/// A subscriber to case events (created, assigned, replied, closed, overdue), sent as signed JSON.
public struct Webhook: Sendable, Hashable {
    public var id: Int64
    public var url: String
    public var secretSealed: Data
    public var events: [String]
    public var description: String
    public var active: Bool
    public var createdAt: Date
    public var createdBy: String
    /// Last outbox entry turned into deliveries for this subscriber.
    public var cursor: Int64
    /// Only cases in this territory (or under it); nil: every case.
    public var territory: String?

    init(_ r: SQLRow) {
        id = r.int("id") ?? 0; url = r.text("url") ?? ""; secretSealed = r.blob("secret_sealed") ?? Data()
        events = (r.text("events") ?? "").split(separator: ",").map(String.init); description = r.text("description") ?? ""
        active = r.bool("active"); createdAt = r.date("created_at") ?? Date(timeIntervalSince1970: 0); createdBy = r.text("created_by") ?? ""
        cursor = r.int("feed_cursor") ?? 0; territory = r.text("territory")
    }
}

/// One event for one subscriber, and what happened when sending it (the delivery log).
public struct WebhookDelivery: Sendable, Hashable {
    public var id: Int64
    public var webhookID: Int64
    public var event: String
    public var caseID: Int64
    public var payload: String
    public var createdAt: Date
    public var attempts: Int
    public var nextAttemptAt: Date?
    public var deliveredAt: Date?
    public var failedAt: Date?
    public var lastStatus: Int?
    public var lastError: String?

    init(_ r: SQLRow) {
        id = r.int("id") ?? 0; webhookID = r.int("webhook_id") ?? 0; event = r.text("event") ?? ""; caseID = r.int("case_id") ?? 0
        payload = r.text("payload") ?? ""; createdAt = r.date("created_at") ?? Date(timeIntervalSince1970: 0)
        attempts = Int(r.int("attempts") ?? 0); nextAttemptAt = r.date("next_attempt_at"); deliveredAt = r.date("delivered_at")
        failedAt = r.date("failed_at"); lastStatus = r.int("last_status").map(Int.init); lastError = r.text("last_error")
    }
}

/// A delivery to queue: `key` makes it once per subscriber and event.
public struct NewWebhookDelivery: Sendable {
    public var event: String
    public var key: String
    public var caseID: Int64
    public var payload: String
    public init(event: String, key: String, caseID: Int64, payload: String) {
        self.event = event; self.key = key; self.caseID = caseID; self.payload = payload
    }
}

extension HuiyinStore {
    public func createWebhook(url: String, secretSealed: Data, events: [String], territory: String?, description: String,
                              at: Date, by: String, audit: AuditEntry) async throws -> Webhook {
        // New subscribers start at the current end of the outbox: they get what happens from now on.
        let rows = try await run([SQLStatement("""
            INSERT INTO webhooks (url, secret_sealed, events, territory, description, active, created_at, created_by, feed_cursor)
            VALUES (?, ?, ?, ?, ?, 1, ?, ?, (SELECT COALESCE(MAX(id), 0) FROM outbox)) RETURNING *
            """, [.text(url), .blob(secretSealed), .text(events.joined(separator: ",")), .optional(territory),
                  .text(description), .date(at), .text(by)])],
                                 audit: audit)
        guard let row = rows.first?.first else { throw StoreError.notFound("Webhook") }
        return Webhook(row)
    }

    public func webhooks() async throws -> [Webhook] {
        try await fetch(SQLStatement("SELECT * FROM webhooks WHERE active = 1 ORDER BY id")).map(Webhook.init)
    }

    /// Stops a subscription; its log stays. `false` when there is no such active subscription.
    public func deactivateWebhook(id: Int64, audit: AuditEntry) async throws -> Bool {
        let rows = try await run([SQLStatement("UPDATE webhooks SET active = 0 WHERE id = ? AND active = 1 RETURNING id", [.int(id)])],
                                 audit: audit)
        return rows.first?.isEmpty == false
    }

    /// Queues deliveries for one subscriber and moves its cursor, in one transaction.
    public func queueWebhookDeliveries(webhookID: Int64, _ items: [NewWebhookDelivery], cursor: Int64, at: Date) async throws {
        var statements = items.map { d in
            SQLStatement("""
                INSERT INTO webhook_deliveries (webhook_id, event, event_key, case_id, payload, created_at, attempts)
                VALUES (?, ?, ?, ?, ?, ?, 0) ON CONFLICT (webhook_id, event_key) DO NOTHING
                """, [.int(webhookID), .text(d.event), .text(d.key), .int(d.caseID), .text(d.payload), .date(at)])
        }
        statements.append(SQLStatement("UPDATE webhooks SET feed_cursor = ? WHERE id = ? AND feed_cursor < ?",
                                       [.int(cursor), .int(webhookID), .int(cursor)]))
        _ = try await run(statements, audit: nil)
    }

    /// Deliveries due now (never sent, not given up, retry time reached), oldest first.
    public func dueWebhookDeliveries(now: Date, limit: Int) async throws -> [WebhookDelivery] {
        try await fetch(SQLStatement("""
            SELECT * FROM webhook_deliveries WHERE delivered_at IS NULL AND failed_at IS NULL
                AND (next_attempt_at IS NULL OR next_attempt_at <= ?) ORDER BY id LIMIT ?
            """, [.date(now), .int(Int64(limit))])).map(WebhookDelivery.init)
    }

    /// Records one attempt: delivered, to retry at `retryAt`, or given up (`retryAt == nil` and not delivered).
    public func recordWebhookAttempt(id: Int64, delivered: Bool, status: Int?, error: String?, retryAt: Date?, at: Date) async throws {
        _ = try await run([SQLStatement("""
            UPDATE webhook_deliveries SET attempts = attempts + 1, last_status = ?, last_error = ?,
                delivered_at = ?, next_attempt_at = ?, failed_at = ? WHERE id = ?
            """, [.optional(status.map(Int64.init)), .optional(error), delivered ? .date(at) : .null, .date(retryAt),
                  !delivered && retryAt == nil ? .date(at) : .null, .int(id)])], audit: nil)
    }

    /// The delivery log of a subscriber, newest first.
    public func webhookDeliveries(webhookID: Int64, limit: Int) async throws -> [WebhookDelivery] {
        try await fetch(SQLStatement("SELECT * FROM webhook_deliveries WHERE webhook_id = ? ORDER BY id DESC LIMIT ?",
                                     [.int(webhookID), .int(Int64(limit))])).map(WebhookDelivery.init)
    }
}
