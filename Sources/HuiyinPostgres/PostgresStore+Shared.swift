import Foundation
import HuiyinStore
import PostgresNIO

extension PostgresStore {
    public func run(_ statements: [SQLStatement], audit: AuditEntry?) async throws -> [[SQLRow]] {
        try await write { conn in
            var out: [[SQLRow]] = []
            for s in statements {
                let rows = try await conn.query(Self.query(s.sql, s.values), logger: self.logger).collect()
                out.append(try rows.map { try Self.sharedRow($0.makeRandomAccess()) })
            }
            if let audit { try await self.appendAudit(audit, conn) }
            return out
        }
    }

    public func fetch(_ statement: SQLStatement) async throws -> [SQLRow] {
        try await rows(Self.query(statement.sql, statement.values)).map(Self.sharedRow)
    }

    static func sharedRow(_ row: PostgresRandomAccessRow) throws -> SQLRow {
        var columns: [String: SQLValue] = [:]
        for cell in row {
            guard cell.bytes != nil else { columns[cell.columnName] = .null; continue }
            switch cell.dataType {
            case .int2, .int4, .int8: columns[cell.columnName] = .int(try cell.decode(Int64.self))
            case .bool: columns[cell.columnName] = .int(try cell.decode(Bool.self) ? 1 : 0)
            case .float4, .float8: columns[cell.columnName] = .int(Int64(try cell.decode(Double.self)))
            case .bytea: columns[cell.columnName] = .blob(try cell.decode(Data.self))
            default: columns[cell.columnName] = .text(try cell.decode(String.self))
            }
        }
        return SQLRow(columns)
    }
}
