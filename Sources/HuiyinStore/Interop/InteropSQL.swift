import Foundation

/// Tables of the v7 migration (both engines): Open311 API keys and submissions, webhook subscriptions
/// and their delivery log.
public enum InteropSQL {
    public static func migrationSQL(_ d: SQLDialect) -> [String] {
        let id = d == .sqlite ? "INTEGER PRIMARY KEY" : "BIGSERIAL PRIMARY KEY"
        let blob = d == .sqlite ? "BLOB" : "BYTEA"
        let int64 = d == .sqlite ? "INTEGER" : "BIGINT"
        return [
            """
            CREATE TABLE api_keys (id \(id), name TEXT NOT NULL, key_hash \(blob) NOT NULL UNIQUE, prefix TEXT NOT NULL,
                created_at \(int64) NOT NULL, created_by TEXT NOT NULL, revoked_at \(int64), last_used_at \(int64))
            """,
            """
            CREATE TABLE open311_requests (case_id \(int64) PRIMARY KEY, api_key_id \(int64) NOT NULL, token TEXT NOT NULL UNIQUE,
                requested_at \(int64) NOT NULL, address TEXT, address_id TEXT, lat TEXT, lon TEXT, media_url TEXT,
                account_id TEXT, device_id TEXT, email_sealed \(blob))
            """,
            "CREATE INDEX open311_requests_time ON open311_requests(requested_at)",
            """
            CREATE TABLE webhooks (id \(id), url TEXT NOT NULL, secret_sealed \(blob) NOT NULL, events TEXT NOT NULL,
                description TEXT NOT NULL, active INTEGER NOT NULL, created_at \(int64) NOT NULL, created_by TEXT NOT NULL,
                feed_cursor \(int64) NOT NULL)
            """,
            """
            CREATE TABLE webhook_deliveries (id \(id), webhook_id \(int64) NOT NULL, event TEXT NOT NULL, event_key TEXT NOT NULL,
                case_id \(int64) NOT NULL, payload TEXT NOT NULL, created_at \(int64) NOT NULL, attempts INTEGER NOT NULL,
                next_attempt_at \(int64), delivered_at \(int64), failed_at \(int64), last_status INTEGER, last_error TEXT,
                UNIQUE (webhook_id, event_key))
            """,
            "CREATE INDEX webhook_deliveries_due ON webhook_deliveries(next_attempt_at) WHERE delivered_at IS NULL AND failed_at IS NULL",
            "CREATE INDEX webhook_deliveries_log ON webhook_deliveries(webhook_id, id)",
        ]
    }

    /// v17: a subscription may be limited to one territory and everything under it (NULL: all).
    public static let webhookTerritorySQL = ["ALTER TABLE webhooks ADD COLUMN territory TEXT"]
}
