import Foundation
import HuiyinCore
import HuiyinStore
import PostgresNIO

extension PostgresStore {
    public func loadDirectory() async throws -> DirectoryRecords {
        let territories = try await rows("SELECT code, name, level, parent FROM territories ORDER BY code").map { r in
            Territory(code: try r["code"].decode(String.self), name: try r["name"].decode(String.self),
                      level: TerritoryLevel(rawValue: try r["level"].decode(String.self)) ?? .grid, parentCode: try r["parent"].decode(String?.self))
        }
        let units = try await rows("SELECT code, name, territory, level, kind, parent, competence, active FROM units ORDER BY code").map { r in
            OrgUnit(code: try r["code"].decode(String.self), name: try r["name"].decode(String.self),
                    territoryCode: try r["territory"].decode(String.self),
                    level: TerritoryLevel(rawValue: try r["level"].decode(String.self)) ?? .county,
                    kind: UnitKind(rawValue: try r["kind"].decode(String.self)) ?? .other, parentCode: try r["parent"].decode(String?.self),
                    competence: (try? StoredJSON.decode([String].self, try r["competence"].decode(String.self))) ?? [],
                    active: try r["active"].decode(Bool.self))
        }
        let categories = try await rows("SELECT code, name, parent, active FROM categories ORDER BY code").map { r in
            CategoryNode(code: try r["code"].decode(String.self), name: try r["name"].decode(String.self),
                         parentCode: try r["parent"].decode(String?.self), active: try r["active"].decode(Bool.self))
        }
        return DirectoryRecords(territories: territories, units: units, categories: categories)
    }

    public func saveTerritories(_ territories: [Territory], moves: [PathMove], audit: AuditEntry) async throws {
        try await write { conn in
            for t in territories {
                try await conn.query("""
                    INSERT INTO territories (code, name, level, parent) VALUES (\(t.code), \(t.name), \(t.level.rawValue), \(t.parentCode))
                    ON CONFLICT (code) DO UPDATE SET name = excluded.name, level = excluded.level, parent = excluded.parent
                    """, logger: self.logger)
            }
            for move in moves where move.from != move.to {
                try await conn.query("""
                    UPDATE cases SET scope_path = \(move.to) || substr(scope_path, CAST(\(move.from.count + 1) AS integer))
                    WHERE scope_path >= \(move.from) AND scope_path < \(prefixUpperBound(move.from))
                    """, logger: self.logger)
            }
            try await self.bumpReferenceVersion(conn)
            try await self.appendAudit(audit, conn)
        }
    }

    public func saveUnits(_ units: [OrgUnit], scopePaths: [String: String], audit: AuditEntry) async throws {
        let rows = try units.map { ($0, try StoredJSON.encode($0.competence)) }
        try await write { conn in
            for (u, competence) in rows {
                try await conn.query("""
                    INSERT INTO units (code, name, territory, level, kind, parent, competence, active)
                    VALUES (\(u.code), \(u.name), \(u.territoryCode), \(u.level.rawValue), \(u.kind.rawValue), \(u.parentCode), \(competence), \(u.active))
                    ON CONFLICT (code) DO UPDATE SET name = excluded.name, territory = excluded.territory,
                        level = excluded.level, kind = excluded.kind, parent = excluded.parent,
                        competence = excluded.competence, active = excluded.active
                    """, logger: self.logger)
                if let path = scopePaths[u.code] {
                    try await conn.query("UPDATE cases SET scope_path = \(path) WHERE territory IS NULL AND owner_unit = \(u.code) AND scope_path <> \(path)",
                                         logger: self.logger)
                }
            }
            try await self.bumpReferenceVersion(conn)
            try await self.appendAudit(audit, conn)
        }
    }

    public func replaceCategories(_ nodes: [CategoryNode], audit: AuditEntry) async throws {
        try await write { conn in
            try await conn.query("DELETE FROM categories", logger: self.logger)
            for n in nodes {
                try await conn.query("INSERT INTO categories (code, name, parent, active) VALUES (\(n.code), \(n.name), \(n.parentCode), \(n.active))",
                                     logger: self.logger)
            }
            try await self.bumpReferenceVersion(conn)
            try await self.appendAudit(audit, conn)
        }
    }
}
