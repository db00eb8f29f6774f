import Foundation
import HuiyinCore

/// A bound SQL value, engine-neutral. Each engine converts these to its own bindings.
public enum SQLValue: Sendable, Hashable {
    case text(String)
    case int(Int64)
    case null
}

/// The WHERE and ORDER BY of a case list, written once for both engines: plain SQL both SQLite and
/// PostgreSQL accept, with `?` placeholders (PostgreSQL numbers them, see ``numberedPlaceholders(_:)``).
///
/// Every filter is an index-friendly range or equality: the territory subtree is a range on the
/// materialized `scope_path` (`'/yx/dh/' <= path < '/yx/dh0'`), never a `LIKE` scan.
public struct CaseFilterSQL: Sendable {
    public private(set) var clauses: [String] = []
    public private(set) var values: [SQLValue] = []
    public let order: String

    public var whereSQL: String { clauses.isEmpty ? "TRUE" : clauses.joined(separator: " AND ") }

    public init(_ q: CaseQuery) {
        switch q.sort {
        case .received: order = "received_on DESC, id DESC"
        case .receivedAsc: order = "received_on ASC, id ASC"
        case .due: order = "due_on IS NULL, due_on ASC, id ASC"
        case .updated: order = "updated_at DESC, id DESC"
        }
        switch q.scope {
        case .territoryOrUnit(let path, let unit):
            add("((scope_path >= ? AND scope_path < ?) OR id IN (SELECT case_id FROM case_units WHERE unit = ?))",
                [.text(path), .text(prefixUpperBound(path)), .text(unit)])
        case .involvedUnit(let unit):
            add("id IN (SELECT case_id FROM case_units WHERE unit = ?)", [.text(unit)])
        case .submittedBy(let id):
            add("submitted_by = ?", [.int(id)])
        case .nothing:
            clauses.append("FALSE")
        }
        if !q.hiddenAccusedUnits.isEmpty {
            add("(accused_unit IS NULL OR \(Self.notIn("accused_unit", q.hiddenAccusedUnits.count)))",
                q.hiddenAccusedUnits.map(SQLValue.text))
        }
        if !q.states.isEmpty { add(Self.in("state", q.states.count), q.states.map { .text($0.rawValue) }) }
        if !q.channels.isEmpty { add(Self.in("channel", q.channels.count), q.channels.map { .text($0.rawValue) }) }
        if !q.kinds.isEmpty { add(Self.in("kind", q.kinds.count), q.kinds.map { .text($0.rawValue) }) }
        if let unit = q.leadUnit { add("lead_unit = ?", [.text(unit)]) }
        if let path = q.territoryPath { add("scope_path >= ? AND scope_path < ?", [.text(path), .text(prefixUpperBound(path))]) }
        if let prefix = q.categoryPrefix { add("category >= ? AND category < ?", [.text(prefix), .text(prefixUpperBound(prefix))]) }
        if let day = q.overdueAsOf { add("due_on < ?", [.text(day.description)]) }
        if let day = q.dueSoonAsOf { add("due_on >= ? AND warn_on <= ?", [.text(day.description), .text(day.description)]) }
        if let from = q.receivedFrom { add("received_on >= ?", [.text(from.description)]) }
        if let to = q.receivedTo { add("received_on <= ?", [.text(to.description)]) }
        if let text = q.text, !text.isEmpty {
            let pattern = "%" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
                .replacingOccurrences(of: "_", with: "\\_") + "%"
            add("(title LIKE ? ESCAPE '\\' OR content LIKE ? ESCAPE '\\' OR number = ?)", [.text(pattern), .text(pattern), .text(text)])
        }
    }

    static func `in`(_ column: String, _ n: Int) -> String {
        "\(column) IN (\(Array(repeating: "?", count: n).joined(separator: ",")))"
    }

    static func notIn(_ column: String, _ n: Int) -> String {
        "\(column) NOT IN (\(Array(repeating: "?", count: n).joined(separator: ",")))"
    }

    private mutating func add(_ clause: String, _ v: [SQLValue]) {
        clauses.append(clause)
        values += v
    }
}

/// Rewrites `?` placeholders as `$1, $2, …` (PostgreSQL), skipping quoted literals.
public func numberedPlaceholders(_ sql: String, startingAt first: Int = 1) -> String {
    var out = ""
    var n = first
    var inQuote = false
    for ch in sql {
        if ch == "'" { inQuote.toggle() }
        if ch == "?" && !inQuote {
            out += "$\(n)"
            n += 1
        } else {
            out.append(ch)
        }
    }
    return out
}
