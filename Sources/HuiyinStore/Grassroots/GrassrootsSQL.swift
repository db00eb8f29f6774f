import Foundation

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
