import Foundation
import HuiyinCore
import HuiyinInsight

/// A bound SQL value, engine-neutral. Each engine converts these to its own bindings.
public enum SQLValue: Sendable, Hashable {
    case text(String)
    case int(Int64)
    case blob(Data)
    case null
}

/// The SQL of a case list, written once for both engines: plain SQL both SQLite and PostgreSQL
/// accept, with `?` placeholders (PostgreSQL numbers them, see ``numberedPlaceholders(_:startingAt:)``).
///
/// Every filter is an index-friendly range or equality: the territory subtree is a range on the
/// materialized `scope_path` (`'/yx/dh/' <= path < '/yx/dh0'`), never a `LIKE` scan. A staff scope
/// ("my territory, or cases my unit works on") is two disjoint branches joined by `UNION ALL`, each
/// able to use its own index, instead of an `OR` over a subquery that forces a full scan. Counts stop
/// at ``CaseQuery/countCap`` ("1000+"), so a province-wide list does not count a million rows.
/// The engine a statement is for, where shared SQL needs an engine-specific touch.
public enum SQLDialect: Sendable {
    case sqlite
    case postgres

    /// The range of a territory subtree (a user's jurisdiction, or a territory filter). A jurisdiction is wide by design (most of the cases it could
    /// hold), so the newest-first list should walk the receipt-date index and stop after a page rather
    /// than read the whole jurisdiction through the scope index and sort it. PostgreSQL sees this from
    /// its histograms; SQLite (built without STAT4) assumes a range keeps 1/64 of the rows and picks the
    /// scope index, so on SQLite the range is written `+scope_path`, which it may not use an index for.
    func jurisdiction() -> String {
        switch self {
        case .sqlite: "+scope_path >= ? AND +scope_path < ?"
        case .postgres: "scope_path >= ? AND scope_path < ?"
        }
    }
}

public struct CaseFilterSQL: Sendable {
    public struct Branch: Sendable {
        public var clauses: [String] = []
        public var values: [SQLValue] = []
        /// The same condition written for counting, where that reads fewer rows (its first clause differs).
        public var countFirstClause: String?
        public var whereSQL: String { clauses.isEmpty ? "TRUE" : clauses.joined(separator: " AND ") }
        public var countWhereSQL: String {
            guard let first = countFirstClause else { return whereSQL }
            return ([first] + clauses.dropFirst()).joined(separator: " AND ")
        }
        mutating func add(_ clause: String, _ v: [SQLValue]) { clauses.append(clause); values += v }
    }

    public private(set) var branches: [Branch]
    public let order: String
    /// Columns a list reads (the sort keys included, for the outer ORDER BY of a union).
    public static let columns = "id, number, version, title, content, body, received_on, due_on, updated_at"
    /// With a full-text query: the relevance `score` (lower is better on both engines) and its values.
    private var scoreColumn = ""
    private var scoreValues: [SQLValue] = []
    /// `cases`, or on SQLite `cases` joined to its FTS5 matches.
    private var source = "cases"
    private var sourceValues: [SQLValue] = []
    private var columns: String { Self.columns + scoreColumn }

    public init(_ q: CaseQuery, dialect: SQLDialect) {
        switch q.sort {
        case .received: order = "received_on DESC, id DESC"
        case .receivedAsc: order = "received_on ASC, id ASC"
        // Filtered by deadline, every row has one: the plain order lets the deadline index serve it.
        case .due: order = q.overdueAsOf != nil || q.dueSoonAsOf != nil ? "due_on ASC, id ASC" : "due_on IS NULL, due_on ASC, id ASC"
        case .updated: order = "updated_at DESC, id DESC"
        case .relevance: order = q.text.flatMap(SearchGrams.query) != nil ? "score ASC, id DESC" : "received_on DESC, id DESC"
        }
        var common = Branch()
        if let text = q.text, let search = SearchGrams.query(text) {
            switch dialect {
            case .sqlite:
                // Title matches weigh four times the rest (bm25: lower is better).
                source = "cases JOIN (SELECT rowid AS sid, bm25(case_search, 4.0, 1.0) AS score FROM case_search WHERE case_search MATCH ?) AS s ON s.sid = cases.id"
                sourceValues = [.text(search.fts5)]
                scoreColumn = ", s.score AS score"
            case .postgres:
                scoreColumn = ", -ts_rank(search, to_tsquery('simple', ?)) AS score"
                scoreValues = [.text(search.tsquery)]
                common.add("search @@ to_tsquery('simple', ?)", [.text(search.tsquery)])
            }
        }
        if let number = q.number { common.add("number = ?", [.text(number)]) }
        if !q.hiddenAccusedUnits.isEmpty {
            common.add("(accused_unit IS NULL OR \(Self.notIn("accused_unit", q.hiddenAccusedUnits.count)))",
                       q.hiddenAccusedUnits.map(SQLValue.text))
        }
        if !q.states.isEmpty { common.add(Self.in("state", q.states.count), q.states.map { .text($0.rawValue) }) }
        if !q.channels.isEmpty { common.add(Self.in("channel", q.channels.count), q.channels.map { .text($0.rawValue) }) }
        if !q.kinds.isEmpty { common.add(Self.in("kind", q.kinds.count), q.kinds.map { .text($0.rawValue) }) }
        if let unit = q.leadUnit { common.add("lead_unit = ?", [.text(unit)]) }
        if let path = q.territoryPath { common.add(dialect.jurisdiction(), [.text(path), .text(prefixUpperBound(path))]) }
        if let prefix = q.categoryPrefix { common.add("category >= ? AND category < ?", [.text(prefix), .text(prefixUpperBound(prefix))]) }
        if let day = q.overdueAsOf { common.add("due_on < ?", [.text(day.description)]) }
        if let day = q.dueSoonAsOf { common.add("due_on >= ? AND warn_on <= ?", [.text(day.description), .text(day.description)]) }
        if let from = q.receivedFrom { common.add("received_on >= ?", [.text(from.description)]) }
        if let wall = q.wall { common.add("wall = ?", [.text(wall.rawValue)]) }
        if let level = q.minSupervisionLevel { common.add("supervision_level >= ?", [.int(Int64(level))]) }
        if let leader = q.ownerLeader { common.add("owner_leader = ?", [.int(leader)]) }
        if let unit = q.accountableUnit { common.add("accountable_units LIKE ?", [.text("%|" + unit + "|%")]) }
        if q.repeatsOnly { common.add("repeat_of IS NOT NULL", []) }
        if let to = q.receivedTo { common.add("received_on <= ?", [.text(to.description)]) }
        func with(_ clause: String, _ v: [SQLValue]) -> Branch {
            var b = Branch()
            b.add(clause, v)
            b.clauses += common.clauses
            b.values += common.values
            return b
        }
        switch q.scope {
        case .territoryOrUnit(let path, let unit):
            let range: [SQLValue] = [.text(path), .text(prefixUpperBound(path))]
            branches = [with(dialect.jurisdiction(), range)]
            if !unit.isEmpty {
                // Few cases lie outside one's own territory: collect them from case_units.
                branches.append(with("id IN (SELECT case_id FROM case_units WHERE unit = ?) AND NOT (scope_path >= ? AND scope_path < ?)",
                                     [.text(unit)] + range))
            }
        case .territories(let paths):
            branches = paths.map { with(dialect.jurisdiction(), [.text($0), .text(prefixUpperBound($0))]) }
        case .involvedUnit(let unit):
            // A page walks the sort order probing case_units; a count reads the unit's rows directly.
            var b = with(Self.involves, [.text(unit)])
            b.countFirstClause = "id IN (SELECT case_id FROM case_units WHERE unit = ?)"
            branches = [b]
        case .submittedBy(let id):
            branches = [with("submitted_by = ?", [.int(id)])]
        case .publicWall:
            branches = [with("wall = ?", [.text(WallStatus.published.rawValue)])]
        case .publicListed:
            let terminal = CaseState.allCases.filter(\.isTerminal).map { "'\($0.rawValue)'" }.joined(separator: ",")
            branches = [with("supervision_level >= 2 AND state NOT IN (\(terminal))", [])]
        case .nothing:
            branches = [with("FALSE", [])]
        }
    }

    /// One page, sorted.
    public func page(limit: Int, offset: Int) -> (sql: String, values: [SQLValue]) {
        if branches.count == 1 {
            let b = branches[0]
            return ("SELECT \(columns) FROM \(source) WHERE \(b.whereSQL) ORDER BY \(order) LIMIT ? OFFSET ?",
                    scoreValues + sourceValues + b.values + [.int(Int64(limit)), .int(Int64(offset))])
        }
        let parts = branches.enumerated().map { i, b in
            "SELECT * FROM (SELECT \(columns) FROM \(source) WHERE \(b.whereSQL) ORDER BY \(order) LIMIT ?) AS b\(i)"
        }
        let lead: [SQLValue] = scoreValues + sourceValues
        var values: [SQLValue] = []
        for b in branches { values += lead; values += b.values; values.append(.int(Int64(limit + offset))) }
        values += [.int(Int64(limit)), .int(Int64(offset))]
        // Wrapped, because SQLite allows only plain columns in the ORDER BY of a bare compound select.
        return ("SELECT * FROM (" + parts.joined(separator: " UNION ALL ") + ") AS u ORDER BY \(order) LIMIT ? OFFSET ?", values)
    }

    /// How many match, counting at most `cap` per branch.
    public func count(cap: Int) -> (sql: String, values: [SQLValue]) {
        let parts = branches.enumerated().map { i, b in
            "(SELECT COUNT(*) FROM (SELECT 1 FROM \(source) WHERE \(b.countWhereSQL) LIMIT ?) AS c\(i))"
        }
        return ("SELECT " + parts.joined(separator: " + ") + " AS n", branches.flatMap { sourceValues + $0.values + [.int(Int64(cap))] })
    }

    /// The unit works on the case. A correlated EXISTS, so a page can walk the sort order and probe
    /// `case_units` (primary key unit, case_id) rather than collect and sort all of a unit's cases.
    static let involves = "EXISTS (SELECT 1 FROM case_units cu WHERE cu.unit = ? AND cu.case_id = cases.id)"

    static func `in`(_ column: String, _ n: Int) -> String {
        "\(column) IN (\(Array(repeating: "?", count: n).joined(separator: ",")))"
    }

    static func notIn(_ column: String, _ n: Int) -> String {
        "\(column) NOT IN (\(Array(repeating: "?", count: n).joined(separator: ",")))"
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
