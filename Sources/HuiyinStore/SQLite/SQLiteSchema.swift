import Foundation
import GRDB
import HuiyinCore

/// Migrations of the SQLite database. Append new migrations; never edit a shipped one.
enum SQLiteSchema {
    static func migrator() -> DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1-tables") { db in
            try db.execute(sql: """
                CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE territories (
                    code TEXT PRIMARY KEY, name TEXT NOT NULL, level TEXT NOT NULL, parent TEXT);
                CREATE TABLE units (
                    code TEXT PRIMARY KEY, name TEXT NOT NULL, territory TEXT NOT NULL, level TEXT NOT NULL,
                    kind TEXT NOT NULL, parent TEXT, competence TEXT NOT NULL, active INTEGER NOT NULL);
                CREATE TABLE categories (code TEXT PRIMARY KEY, name TEXT NOT NULL, parent TEXT, active INTEGER NOT NULL);
                CREATE TABLE users (
                    id INTEGER PRIMARY KEY, username TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL,
                    role TEXT NOT NULL, unit TEXT, password_hash TEXT NOT NULL, active INTEGER NOT NULL,
                    created_at INTEGER NOT NULL);
                CREATE TABLE sessions (
                    token_hash BLOB PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id),
                    created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL);
                CREATE INDEX sessions_user ON sessions(user_id);
                CREATE TABLE calendar_years (year INTEGER PRIMARY KEY, body TEXT NOT NULL);
                CREATE TABLE rule_sets (id TEXT PRIMARY KEY, body TEXT NOT NULL);
                CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
                CREATE TABLE cases (
                    id INTEGER PRIMARY KEY,
                    number TEXT NOT NULL UNIQUE,
                    query_code_hash BLOB NOT NULL,
                    version INTEGER NOT NULL,
                    rule_set TEXT NOT NULL,
                    state TEXT NOT NULL,
                    stage TEXT,
                    channel TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    category TEXT,
                    territory TEXT,
                    scope_path TEXT NOT NULL,
                    owner_unit TEXT,
                    lead_unit TEXT,
                    accused_unit TEXT,
                    submitted_by INTEGER,
                    received_on TEXT NOT NULL,
                    registered_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL,
                    due_on TEXT,
                    warn_on TEXT,
                    people_count INTEGER NOT NULL,
                    title TEXT NOT NULL,
                    content TEXT NOT NULL,
                    body TEXT NOT NULL);
                CREATE INDEX cases_scope ON cases(scope_path, received_on);
                CREATE INDEX cases_state ON cases(state, received_on);
                CREATE INDEX cases_lead ON cases(lead_unit, state);
                CREATE INDEX cases_due ON cases(due_on) WHERE due_on IS NOT NULL;
                CREATE INDEX cases_submitter ON cases(submitted_by) WHERE submitted_by IS NOT NULL;
                CREATE TABLE case_units (
                    case_id INTEGER NOT NULL REFERENCES cases(id), unit TEXT NOT NULL, role TEXT NOT NULL,
                    PRIMARY KEY (unit, case_id, role));
                CREATE INDEX case_units_case ON case_units(case_id);
                CREATE TABLE case_persons (
                    case_id INTEGER NOT NULL REFERENCES cases(id), seq INTEGER NOT NULL, role TEXT NOT NULL,
                    sealed BLOB NOT NULL, id_hash BLOB, phone_hash BLOB,
                    PRIMARY KEY (case_id, seq));
                CREATE INDEX case_persons_id ON case_persons(id_hash) WHERE id_hash IS NOT NULL;
                CREATE INDEX case_persons_phone ON case_persons(phone_hash) WHERE phone_hash IS NOT NULL;
                CREATE TABLE case_events (
                    case_id INTEGER NOT NULL REFERENCES cases(id), seq INTEGER NOT NULL, at INTEGER NOT NULL,
                    actor_user INTEGER, actor_name TEXT NOT NULL, actor_role TEXT NOT NULL, actor_unit TEXT,
                    action TEXT NOT NULL, from_state TEXT, to_state TEXT NOT NULL, note TEXT,
                    details TEXT NOT NULL,
                    PRIMARY KEY (case_id, seq));
                CREATE TRIGGER case_events_append_only_update BEFORE UPDATE ON case_events
                    BEGIN SELECT RAISE(ABORT, 'case history is append-only'); END;
                CREATE TRIGGER case_events_append_only_delete BEFORE DELETE ON case_events
                    BEGIN SELECT RAISE(ABORT, 'case history is append-only'); END;
                CREATE TABLE audit_log (
                    id INTEGER PRIMARY KEY, at INTEGER NOT NULL, actor_user INTEGER, actor_name TEXT NOT NULL,
                    actor_role TEXT NOT NULL, action TEXT NOT NULL, target TEXT NOT NULL, details TEXT NOT NULL);
                CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
                    BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
                CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
                    BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
                CREATE TABLE bench_rows (id INTEGER PRIMARY KEY, payload TEXT NOT NULL, at INTEGER NOT NULL);
                """)
        }
        m.registerMigration("v1-default-data") { db in
            for node in try DefaultData.categoryTree().nodes {
                try db.execute(sql: "INSERT INTO categories (code, name, parent, active) VALUES (?, ?, ?, 1)",
                               arguments: [node.code, node.name, node.parentCode])
            }
            for year in try DefaultData.calendarYears() {
                try db.execute(sql: "INSERT INTO calendar_years (year, body) VALUES (?, ?)",
                               arguments: [year.year, try StoredJSON.encode(year)])
            }
            for rules in try DefaultData.ruleSets() {
                try db.execute(sql: "INSERT INTO rule_sets (id, body) VALUES (?, ?)",
                               arguments: [rules.id, try StoredJSON.encode(rules)])
            }
        }
        m.registerMigration("v2-outbox") { db in
            try db.execute(sql: """
                CREATE TABLE outbox (
                    id INTEGER PRIMARY KEY, dedupe_key TEXT NOT NULL UNIQUE, case_id INTEGER NOT NULL, kind TEXT NOT NULL,
                    recipient_unit TEXT NOT NULL, text TEXT NOT NULL, created_at INTEGER NOT NULL,
                    claimed_at INTEGER, delivered_at INTEGER, delivered_by TEXT);
                CREATE INDEX outbox_pending ON outbox(id) WHERE delivered_at IS NULL;
                """)
        }
        m.registerMigration("v3-list-indexes") { db in
            try db.execute(sql: ListIndexes.sql.joined(separator: ";\n"))
        }
        m.registerMigration("v4-facts-attachments") { db in
            for sql in CaseFacts.migrationSQL { try db.execute(sql: sql) }
            try db.execute(sql: """
                CREATE TABLE attachments (
                    id INTEGER PRIMARY KEY, case_id INTEGER NOT NULL REFERENCES cases(id), name TEXT NOT NULL,
                    content_type TEXT NOT NULL, size INTEGER NOT NULL, sha256 TEXT NOT NULL, uploaded_at INTEGER NOT NULL,
                    uploaded_by TEXT NOT NULL, sealed BLOB NOT NULL);
                CREATE INDEX attachments_case ON attachments(case_id);
                """)
        }
        m.registerMigration("v5-oversight") { db in
            for sql in OversightFacts.migrationSQL + OutboxRetry.migrationSQL { try db.execute(sql: sql) }
            try db.execute(sql: OversightFacts.backfillSQL(.sqlite) + " WHERE body LIKE '%\"assigned_on\"%' OR body LIKE '%\"replied_on\"%'")
        }
        m.registerMigration("v6-insight") { db in
            for sql in InsightSQL.migrationSQL(.sqlite) { try db.execute(sql: sql) }
            // Bigram documents (see SearchGrams); rowid = case id. unicode61 keeps each bigram one token.
            try db.execute(sql: "CREATE VIRTUAL TABLE case_search USING fts5(title, body, tokenize = 'unicode61')")
            // Existing cases get their search and similarity rows from `reindexText` (search_sig IS NULL).
            try db.execute(sql: "CREATE INDEX cases_unindexed ON cases(id) WHERE search_sig IS NULL")
        }
        m.registerMigration("v7-interop") { db in
            for sql in InteropSQL.migrationSQL(.sqlite) { try db.execute(sql: sql) }
        }
        m.registerMigration("v8-grids") { db in
            for sql in GrassrootsSQL.gridsSQL(.sqlite) { try db.execute(sql: sql) }
        }
        m.registerMigration("v9-mediation") { db in
            for sql in GrassrootsSQL.mediationSQL(.sqlite) { try db.execute(sql: sql) }
        }
        m.registerMigration("v10-reception") { db in
            for sql in GrassrootsSQL.receptionSQL(.sqlite) { try db.execute(sql: sql) }
        }
        m.registerMigration("v11-participation") { db in
            for sql in GrassrootsSQL.participationSQL(.sqlite) { try db.execute(sql: sql) }
        }
        m.registerMigration("v12-meetings") { db in
            for sql in GrassrootsSQL.meetingsSQL(.sqlite) { try db.execute(sql: sql) }
        }
        m.registerMigration("v13-evaluation") { db in
            for sql in GrassrootsSQL.evaluationSQL(.sqlite) { try db.execute(sql: sql) }
        }
        m.registerMigration("v14-wall-likes") { db in
            for sql in InsightSQL.wallLikesSQL(.sqlite) { try db.execute(sql: sql) }
        }
        m.registerMigration("v15-evaluation-frozen") { db in
            for sql in GrassrootsSQL.evaluationFrozenSQL(.sqlite) { try db.execute(sql: sql) }
        }
        m.registerMigration("v16-person-indexes") { db in
            for sql in PeopleSQL.personIndexesSQL { try db.execute(sql: sql) }
        }
        m.registerMigration("v17-webhook-territory") { db in
            for sql in InteropSQL.webhookTerritorySQL { try db.execute(sql: sql) }
        }
        return m
    }
}
