import Foundation
import GRDB

extension SQLiteStore {
    public func run(_ statements: [SQLStatement], audit: AuditEntry?) async throws -> [[SQLRow]] {
        try await writer.write { db in
            let out = try statements.map { s in
                try Row.fetchAll(db, sql: s.sql, arguments: StatementArguments(s.values.map(\.sqlite))).map(Self.sharedRow)
            }
            if let audit { try Self.appendAudit(audit, db) }
            return out
        }
    }

    public func fetch(_ statement: SQLStatement) async throws -> [SQLRow] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: statement.sql, arguments: StatementArguments(statement.values.map(\.sqlite))).map(Self.sharedRow)
        }
    }

    static func sharedRow(_ row: Row) -> SQLRow {
        var columns: [String: SQLValue] = [:]
        for (name, value) in row {
            switch value.storage {
            case .int64(let i): columns[name] = .int(i)
            case .double(let d): columns[name] = .int(Int64(d))
            case .string(let s): columns[name] = .text(s)
            case .blob(let b): columns[name] = .blob(b)
            case .null: columns[name] = .null
            }
        }
        return SQLRow(columns)
    }
}
