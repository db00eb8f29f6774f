import Foundation
import GRDB
import HuiyinCore

extension SQLiteStore {
    public func loadDirectory() async throws -> DirectoryRecords {
        try await pool.read { db in
            let territories = try Row.fetchAll(db, sql: "SELECT * FROM territories ORDER BY code").map { r in
                Territory(code: r["code"], name: r["name"], level: TerritoryLevel(rawValue: r["level"]) ?? .grid,
                          parentCode: r["parent"])
            }
            let units = try Row.fetchAll(db, sql: "SELECT * FROM units ORDER BY code").map { r in
                OrgUnit(code: r["code"], name: r["name"], territoryCode: r["territory"],
                     level: TerritoryLevel(rawValue: r["level"]) ?? .county, kind: UnitKind(rawValue: r["kind"]) ?? .other,
                     parentCode: r["parent"], competence: (try? StoredJSON.decode([String].self, r["competence"])) ?? [],
                     active: r["active"])
            }
            let categories = try Row.fetchAll(db, sql: "SELECT * FROM categories ORDER BY code").map { r in
                CategoryNode(code: r["code"], name: r["name"], parentCode: r["parent"], active: r["active"])
            }
            return DirectoryRecords(territories: territories, units: units, categories: categories)
        }
    }

    public func saveTerritories(_ territories: [Territory], moves: [PathMove], audit: AuditEntry) async throws {
        try await writer.write { db in
            for t in territories {
                try db.execute(sql: """
                    INSERT INTO territories (code, name, level, parent) VALUES (?, ?, ?, ?)
                    ON CONFLICT(code) DO UPDATE SET name = excluded.name, level = excluded.level, parent = excluded.parent
                    """, arguments: [t.code, t.name, t.level.rawValue, t.parentCode])
            }
            for move in moves where move.from != move.to {
                try db.execute(sql: """
                    UPDATE cases SET scope_path = ? || substr(scope_path, ?) WHERE scope_path >= ? AND scope_path < ?
                    """, arguments: [move.to, move.from.utf8.count + 1, move.from, prefixUpperBound(move.from)])
            }
            try Self.bumpReferenceVersion(db)
            try Self.appendAudit(audit, db)
        }
    }

    public func saveUnits(_ units: [OrgUnit], scopePaths: [String: String], audit: AuditEntry) async throws {
        let rows = try units.map { ($0, try StoredJSON.encode($0.competence)) }
        try await writer.write { db in
            for (u, competence) in rows {
                try db.execute(sql: """
                    INSERT INTO units (code, name, territory, level, kind, parent, competence, active)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(code) DO UPDATE SET name = excluded.name, territory = excluded.territory,
                        level = excluded.level, kind = excluded.kind, parent = excluded.parent,
                        competence = excluded.competence, active = excluded.active
                    """, arguments: [u.code, u.name, u.territoryCode, u.level.rawValue, u.kind.rawValue, u.parentCode,
                                     competence, u.active])
                if let path = scopePaths[u.code] {
                    try db.execute(sql: "UPDATE cases SET scope_path = ? WHERE territory IS NULL AND owner_unit = ? AND scope_path <> ?",
                                   arguments: [path, u.code, path])
                }
            }
            try Self.bumpReferenceVersion(db)
            try Self.appendAudit(audit, db)
        }
    }

    public func replaceCategories(_ nodes: [CategoryNode], audit: AuditEntry) async throws {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM categories")
            for n in nodes {
                try db.execute(sql: "INSERT INTO categories (code, name, parent, active) VALUES (?, ?, ?, ?)",
                               arguments: [n.code, n.name, n.parentCode, n.active])
            }
            try Self.bumpReferenceVersion(db)
            try Self.appendAudit(audit, db)
        }
    }
}
