import Foundation
import HuiyinCore

/// Tables of the grassroots work (both engines), one migration per part: grids and 民情日记 (v8).
public enum GrassrootsSQL {
    struct Types {
        let id: String, blob: String, int64: String
        init(_ d: SQLDialect) {
            id = d == .sqlite ? "INTEGER PRIMARY KEY" : "BIGSERIAL PRIMARY KEY"
            blob = d == .sqlite ? "BLOB" : "BYTEA"
            int64 = d == .sqlite ? "INTEGER" : "BIGINT"
        }
    }

    /// v8: the grid register (worker, supervision phone, GeoJSON boundary) and the workers' visit diary.
    public static func gridsSQL(_ d: SQLDialect) -> [String] {
        let t = Types(d)
        return [
            """
            CREATE TABLE grids (territory_code TEXT PRIMARY KEY, worker_id \(t.int64), supervision_phone TEXT NOT NULL,
                boundary TEXT, updated_at \(t.int64) NOT NULL)
            """,
            "CREATE INDEX grids_worker ON grids(worker_id)",
            """
            CREATE TABLE diary_entries (id \(t.id), grid_code TEXT NOT NULL, worker_id \(t.int64) NOT NULL, visited_on TEXT NOT NULL,
                household_sealed \(t.blob) NOT NULL, heard TEXT NOT NULL, case_id \(t.int64), created_at \(t.int64) NOT NULL)
            """,
            "CREATE INDEX diary_entries_worker ON diary_entries(worker_id, visited_on)",
            "CREATE INDEX diary_entries_grid ON diary_entries(grid_code, visited_on)",
        ]
    }
}

extension GrassrootsSQL {
    /// v9: conflict screening rounds, the dispute register with its mediation workflow, and each
    /// dispute's history. Parties are sealed by the vault.
    public static func mediationSQL(_ d: SQLDialect) -> [String] {
        let t = Types(d)
        return [
            """
            CREATE TABLE screenings (id \(t.id), kind TEXT NOT NULL, title TEXT NOT NULL, territory_code TEXT NOT NULL,
                unit_code TEXT NOT NULL, started_on TEXT NOT NULL, ended_on TEXT, note TEXT NOT NULL, created_at \(t.int64) NOT NULL,
                created_by TEXT NOT NULL)
            """,
            """
            CREATE TABLE disputes (id \(t.id), screening_id \(t.int64), territory_code TEXT NOT NULL, scope_path TEXT NOT NULL,
                unit_code TEXT NOT NULL, type TEXT NOT NULL, summary TEXT NOT NULL, parties_sealed \(t.blob) NOT NULL,
                party_count INTEGER NOT NULL, risk INTEGER NOT NULL, hot INTEGER NOT NULL, long_unresolved INTEGER NOT NULL,
                grp INTEGER NOT NULL, stage TEXT NOT NULL, mediation_kind TEXT, agreement TEXT, fulfilment TEXT, case_id \(t.int64),
                received_on TEXT NOT NULL, agreed_on TEXT, closed_on TEXT, created_at \(t.int64) NOT NULL, updated_at \(t.int64) NOT NULL,
                created_by TEXT NOT NULL, version INTEGER NOT NULL)
            """,
            "CREATE INDEX disputes_scope ON disputes(scope_path)",
            "CREATE INDEX disputes_unit ON disputes(unit_code, received_on)",
            "CREATE INDEX disputes_case ON disputes(case_id)",
            """
            CREATE TABLE dispute_events (id \(t.id), dispute_id \(t.int64) NOT NULL, at \(t.int64) NOT NULL, actor TEXT NOT NULL,
                action TEXT NOT NULL, stage TEXT NOT NULL, note TEXT NOT NULL)
            """,
            "CREATE INDEX dispute_events_dispute ON dispute_events(dispute_id, id)",
        ]
    }
}

extension GrassrootsSQL {
    /// v10: leader reception days (领导接待日) and the cases screened onto them or registered there.
    public static func receptionSQL(_ d: SQLDialect) -> [String] {
        let t = Types(d)
        return [
            """
            CREATE TABLE reception_days (id \(t.id), leader_id \(t.int64), leader_name TEXT NOT NULL, leader_title TEXT NOT NULL,
                portfolio TEXT NOT NULL, day TEXT NOT NULL, start_time TEXT NOT NULL, end_time TEXT NOT NULL, place TEXT NOT NULL,
                territory_code TEXT NOT NULL, scope_path TEXT NOT NULL, unit_code TEXT NOT NULL, published INTEGER NOT NULL,
                cancelled INTEGER NOT NULL, note TEXT NOT NULL, created_at \(t.int64) NOT NULL, created_by TEXT NOT NULL)
            """,
            "CREATE INDEX reception_days_day ON reception_days(day)",
            """
            CREATE TABLE reception_cases (reception_id \(t.int64) NOT NULL, case_id \(t.int64) NOT NULL, kind TEXT NOT NULL, note TEXT NOT NULL,
                added_at \(t.int64) NOT NULL, added_by TEXT NOT NULL, PRIMARY KEY (reception_id, case_id))
            """,
        ]
    }
}

extension GrassrootsSQL {
    /// `(scope_path >= ? AND scope_path < ?) OR …` for territory path prefixes, with its values; nil
    /// `paths` means everywhere (`1 = 1`), none at all nowhere (`1 = 0`).
    static func scope(_ paths: [String]?, column: String = "scope_path") -> (sql: String, values: [SQLValue]) {
        guard let paths else { return ("1 = 1", []) }
        guard !paths.isEmpty else { return ("1 = 0", []) }
        return ("(" + paths.map { _ in "(\(column) >= ? AND \(column) < ?)" }.joined(separator: " OR ") + ")",
                paths.flatMap { [SQLValue.text($0), .text(prefixUpperBound($0))] })
    }
}

extension HuiyinStore {
    /// Every user by id, for naming workers, cadres and mediators in lists.
    public func usersByID() async throws -> [Int64: User] {
        Dictionary(try await users().map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    }
}
