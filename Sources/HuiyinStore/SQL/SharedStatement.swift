import Foundation

/// One SQL statement written once for both engines: `?` placeholders (PostgreSQL numbers them) and
/// engine-neutral values. Used by the small admin-managed tables (API keys, webhooks, Open311
/// submissions), whose SQL is the same on SQLite and PostgreSQL.
public struct SQLStatement: Sendable {
    public var sql: String
    public var values: [SQLValue]
    public init(_ sql: String, _ values: [SQLValue] = []) { self.sql = sql; self.values = values }
}

/// A result row of a ``SQLStatement``: column name → value.
public struct SQLRow: Sendable {
    public var columns: [String: SQLValue]
    public init(_ columns: [String: SQLValue]) { self.columns = columns }

    public func int(_ name: String) -> Int64? { if case .int(let v) = columns[name] { v } else { nil } }
    public func text(_ name: String) -> String? { if case .text(let v) = columns[name] { v } else { nil } }
    public func blob(_ name: String) -> Data? { if case .blob(let v) = columns[name] { v } else { nil } }
    public func date(_ name: String) -> Date? { int(name).map { Date(millis: $0) } }
    public func bool(_ name: String) -> Bool { (int(name) ?? 0) != 0 }
}

extension SQLValue {
    /// `nil` as `.null`.
    public static func optional(_ text: String?) -> SQLValue { text.map(SQLValue.text) ?? .null }
    public static func optional(_ int: Int64?) -> SQLValue { int.map(SQLValue.int) ?? .null }
    public static func date(_ date: Date?) -> SQLValue { date.map { .int($0.millis) } ?? .null }
}
