import Foundation
import HuiyinCore
import HuiyinStore
import Logging
import PostgresNIO

/// Migrations of the PostgreSQL database, applied in order under an advisory lock so that several
/// nodes starting at once migrate exactly once. Append new migrations; never edit a shipped one.
///
/// Engine-specific choices live here: `BYTEA` for sealed data and hashes, `BIGINT` milliseconds for
/// instants (as on SQLite), `TEXT COLLATE "C"` for ISO days, scope paths and category codes so that
/// prefix ranges compare bytewise whatever the cluster's locale, and PL/pgSQL triggers for the
/// append-only tables.
enum PostgresSchema {
    struct Migration {
        let id: String
        let sql: [String]
    }

    /// Key of the advisory lock held while migrating.
    static let migrationLock: Int64 = 0x4875_6979_696E_0001

    static let migrations: [Migration] = [
        Migration(id: "v1-tables", sql: [
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
            "CREATE TABLE territories (code TEXT PRIMARY KEY, name TEXT NOT NULL, level TEXT NOT NULL, parent TEXT)",
            """
            CREATE TABLE units (code TEXT PRIMARY KEY, name TEXT NOT NULL, territory TEXT NOT NULL, level TEXT NOT NULL,
                kind TEXT NOT NULL, parent TEXT, competence TEXT NOT NULL, active BOOLEAN NOT NULL)
            """,
            "CREATE TABLE categories (code TEXT COLLATE \"C\" PRIMARY KEY, name TEXT NOT NULL, parent TEXT, active BOOLEAN NOT NULL)",
            """
            CREATE TABLE users (id BIGSERIAL PRIMARY KEY, username TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL,
                role TEXT NOT NULL, unit TEXT, password_hash TEXT NOT NULL, active BOOLEAN NOT NULL, created_at BIGINT NOT NULL)
            """,
            """
            CREATE TABLE sessions (token_hash BYTEA PRIMARY KEY, user_id BIGINT NOT NULL REFERENCES users(id),
                created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL)
            """,
            "CREATE INDEX sessions_user ON sessions(user_id)",
            "CREATE TABLE calendar_years (year INTEGER PRIMARY KEY, body TEXT NOT NULL)",
            "CREATE TABLE rule_sets (id TEXT PRIMARY KEY, body TEXT NOT NULL)",
            "CREATE TABLE counters (name TEXT PRIMARY KEY, value BIGINT NOT NULL)",
            """
            CREATE TABLE cases (
                id BIGSERIAL PRIMARY KEY,
                number TEXT NOT NULL UNIQUE,
                query_code_hash BYTEA NOT NULL,
                version INTEGER NOT NULL,
                rule_set TEXT NOT NULL,
                state TEXT NOT NULL,
                stage TEXT,
                channel TEXT NOT NULL,
                kind TEXT NOT NULL,
                category TEXT COLLATE "C",
                territory TEXT,
                scope_path TEXT COLLATE "C" NOT NULL,
                owner_unit TEXT,
                lead_unit TEXT,
                accused_unit TEXT,
                submitted_by BIGINT,
                received_on TEXT COLLATE "C" NOT NULL,
                registered_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                due_on TEXT COLLATE "C",
                warn_on TEXT COLLATE "C",
                people_count INTEGER NOT NULL,
                title TEXT NOT NULL,
                content TEXT NOT NULL,
                body TEXT NOT NULL)
            """,
            "CREATE INDEX cases_scope ON cases(scope_path, received_on)",
            "CREATE INDEX cases_state ON cases(state, received_on)",
            "CREATE INDEX cases_lead ON cases(lead_unit, state)",
            "CREATE INDEX cases_due ON cases(due_on) WHERE due_on IS NOT NULL",
            "CREATE INDEX cases_submitter ON cases(submitted_by) WHERE submitted_by IS NOT NULL",
            """
            CREATE TABLE case_units (case_id BIGINT NOT NULL REFERENCES cases(id), unit TEXT NOT NULL, role TEXT NOT NULL,
                PRIMARY KEY (unit, case_id, role))
            """,
            "CREATE INDEX case_units_case ON case_units(case_id)",
            """
            CREATE TABLE case_persons (case_id BIGINT NOT NULL REFERENCES cases(id), seq INTEGER NOT NULL, role TEXT NOT NULL,
                sealed BYTEA NOT NULL, id_hash BYTEA, phone_hash BYTEA, PRIMARY KEY (case_id, seq))
            """,
            "CREATE INDEX case_persons_id ON case_persons(id_hash) WHERE id_hash IS NOT NULL",
            "CREATE INDEX case_persons_phone ON case_persons(phone_hash) WHERE phone_hash IS NOT NULL",
            """
            CREATE TABLE case_events (case_id BIGINT NOT NULL REFERENCES cases(id), seq INTEGER NOT NULL, at BIGINT NOT NULL,
                actor_user BIGINT, actor_name TEXT NOT NULL, actor_role TEXT NOT NULL, actor_unit TEXT,
                action TEXT NOT NULL, from_state TEXT, to_state TEXT NOT NULL, note TEXT, details TEXT NOT NULL,
                PRIMARY KEY (case_id, seq))
            """,
            """
            CREATE TABLE audit_log (id BIGSERIAL PRIMARY KEY, at BIGINT NOT NULL, actor_user BIGINT, actor_name TEXT NOT NULL,
                actor_role TEXT NOT NULL, action TEXT NOT NULL, target TEXT NOT NULL, details TEXT NOT NULL)
            """,
            """
            CREATE FUNCTION huiyin_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$
            """,
            "CREATE TRIGGER case_events_append_only BEFORE UPDATE OR DELETE ON case_events FOR EACH ROW EXECUTE FUNCTION huiyin_append_only()",
            "CREATE TRIGGER case_events_no_truncate BEFORE TRUNCATE ON case_events EXECUTE FUNCTION huiyin_append_only()",
            "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION huiyin_append_only()",
            "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log EXECUTE FUNCTION huiyin_append_only()",
            "CREATE TABLE bench_rows (id BIGSERIAL PRIMARY KEY, payload TEXT NOT NULL, at BIGINT NOT NULL)",
        ]),
    ] + PostgresSchema.later

    /// Applies missing migrations and the shipped default data, once, whichever node comes first.
    static func migrate(_ client: PostgresClient, logger: Logger) async throws {
        try await client.withTransaction(logger: logger) { conn in
            try await conn.query("SELECT pg_advisory_xact_lock(\(migrationLock))", logger: logger)
            try await conn.query("CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)",
                                 logger: logger)
            var applied = Set<String>()
            for try await id in try await conn.query("SELECT id FROM schema_migrations", logger: logger).decode(String.self) {
                applied.insert(id)
            }
            for m in migrations where !applied.contains(m.id) {
                for statement in m.sql { try await conn.query(PostgresQuery(unsafeSQL: statement), logger: logger) }
                if m.id == "v1-tables" { try await insertDefaultData(conn, logger: logger) }
                try await conn.query("INSERT INTO schema_migrations (id, applied_at) VALUES (\(m.id), \(Date().millis))", logger: logger)
            }
        }
    }

    private static func insertDefaultData(_ conn: PostgresConnection, logger: Logger) async throws {
        for node in try DefaultData.categoryTree().nodes {
            try await conn.query("INSERT INTO categories (code, name, parent, active) VALUES (\(node.code), \(node.name), \(node.parentCode), TRUE)",
                                 logger: logger)
        }
        for year in try DefaultData.calendarYears() {
            try await conn.query("INSERT INTO calendar_years (year, body) VALUES (\(year.year), \(try StoredJSON.encode(year)))", logger: logger)
        }
        for rules in try DefaultData.ruleSets() {
            try await conn.query("INSERT INTO rule_sets (id, body) VALUES (\(rules.id), \(try StoredJSON.encode(rules)))", logger: logger)
        }
    }
}
