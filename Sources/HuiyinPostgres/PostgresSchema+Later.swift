import Foundation
import HuiyinStore

extension PostgresSchema {
    /// Migrations after the first release, in order.
    static let later: [Migration] = [
        Migration(id: "v2-outbox", sql: [
            """
            CREATE TABLE outbox (id BIGSERIAL PRIMARY KEY, dedupe_key TEXT NOT NULL UNIQUE, case_id BIGINT NOT NULL,
                kind TEXT NOT NULL, recipient_unit TEXT NOT NULL, text TEXT NOT NULL, created_at BIGINT NOT NULL,
                claimed_at BIGINT, delivered_at BIGINT, delivered_by TEXT)
            """,
            "CREATE INDEX outbox_pending ON outbox(id) WHERE delivered_at IS NULL",
        ]),
        Migration(id: "v3-list-indexes", sql: ListIndexes.sql),
    ]
}
