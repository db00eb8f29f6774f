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
        Migration(id: "v4-facts-attachments", sql: CaseFacts.migrationSQL + [
            """
            CREATE TABLE attachments (id BIGSERIAL PRIMARY KEY, case_id BIGINT NOT NULL REFERENCES cases(id), name TEXT NOT NULL,
                content_type TEXT NOT NULL, size INTEGER NOT NULL, sha256 TEXT NOT NULL, uploaded_at BIGINT NOT NULL,
                uploaded_by TEXT NOT NULL, sealed BYTEA NOT NULL)
            """,
            "CREATE INDEX attachments_case ON attachments(case_id)",
        ]),
        Migration(id: "v5-oversight", sql: OversightFacts.migrationSQL + OutboxRetry.migrationSQL + [OversightFacts.backfillSQL(.postgres)]),
        // Bigram documents (see SearchGrams) in a tsvector, the title weighted A; existing cases are
        // indexed by `reindexText` (search_sig IS NULL).
        Migration(id: "v6-insight", sql: InsightSQL.migrationSQL(.postgres) + [
            "ALTER TABLE cases ADD COLUMN search tsvector",
            "CREATE INDEX cases_search ON cases USING GIN (search)",
            "CREATE INDEX cases_unindexed ON cases(id) WHERE search_sig IS NULL",
        ]),
        Migration(id: "v7-interop", sql: InteropSQL.migrationSQL(.postgres)),
        Migration(id: "v8-grids", sql: GrassrootsSQL.gridsSQL(.postgres)),
        Migration(id: "v9-mediation", sql: GrassrootsSQL.mediationSQL(.postgres)),
        Migration(id: "v10-reception", sql: GrassrootsSQL.receptionSQL(.postgres)),
        Migration(id: "v11-participation", sql: GrassrootsSQL.participationSQL(.postgres)),
        Migration(id: "v12-meetings", sql: GrassrootsSQL.meetingsSQL(.postgres)),
        Migration(id: "v13-evaluation", sql: GrassrootsSQL.evaluationSQL(.postgres)),
        Migration(id: "v14-wall-likes", sql: InsightSQL.wallLikesSQL(.postgres)),
        Migration(id: "v15-evaluation-frozen", sql: GrassrootsSQL.evaluationFrozenSQL(.postgres)),
        Migration(id: "v16-person-indexes", sql: PeopleSQL.personIndexesSQL),
        Migration(id: "v17-webhook-territory", sql: InteropSQL.webhookTerritorySQL),
    ]
}
