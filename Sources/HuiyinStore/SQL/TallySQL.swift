import HuiyinCore

/// What a statistics table is grouped by.
public enum TallyKey: String, Sendable, CaseIterable {
    /// `2026-03` of the receipt date.
    case month
    /// First-level category code (`01`).
    case category
    /// Scope territory path (`/yx/dh/qs/`); callers roll paths up to the level they show.
    case scopePath
    case channel
    case leadUnit
}

/// One row of a statistics table: counts for one key.
public struct CaseTally: Sendable, Hashable {
    public var key: String
    public var total: Int
    /// Cases accepted, and of those accepted within the disposal period.
    public var accepted: Int
    public var acceptedOnTime: Int
    /// Cases answered, and of those answered within the handling period.
    public var replied: Int
    public var repliedOnTime: Int
    /// Cases rated, and of those rated 满意 or 基本满意.
    public var rated: Int
    public var satisfied: Int
    /// Open cases whose office deadline passed (as of the `today` of the query).
    public var overdue: Int

    public init(key: String, total: Int = 0, accepted: Int = 0, acceptedOnTime: Int = 0, replied: Int = 0,
                repliedOnTime: Int = 0, rated: Int = 0, satisfied: Int = 0, overdue: Int = 0) {
        self.key = key; self.total = total; self.accepted = accepted; self.acceptedOnTime = acceptedOnTime
        self.replied = replied; self.repliedOnTime = repliedOnTime; self.rated = rated; self.satisfied = satisfied
        self.overdue = overdue
    }

    /// Adds another row's counts (rolling keys up).
    public mutating func add(_ o: CaseTally) {
        total += o.total; accepted += o.accepted; acceptedOnTime += o.acceptedOnTime; replied += o.replied
        repliedOnTime += o.repliedOnTime; rated += o.rated; satisfied += o.satisfied; overdue += o.overdue
    }
}

/// Grouped counts over the cases a ``CaseQuery`` selects (its scope and filters; sort and paging
/// ignored), written once for both engines.
public enum TallySQL {
    public static let measures = ["total", "accepted", "accepted_on_time", "replied", "replied_on_time", "rated", "satisfied", "overdue"]

    public static func sql(_ q: CaseQuery, by key: TallyKey, today: LocalDate, dialect: SQLDialect) -> (sql: String, values: [SQLValue]) {
        let column: String
        switch key {
        case .month: column = "substr(received_on, 1, 7)"
        case .category: column = "COALESCE(substr(category, 1, 2), '')"
        case .scopePath: column = "scope_path"
        case .channel: column = "channel"
        case .leadUnit: column = "COALESCE(lead_unit, '')"
        }
        let filter = CaseFilterSQL(q, dialect: dialect)
        let rows = filter.branches.map { b in
            "SELECT \(column) AS k, accepted_on_time, replied_on_time, rating, due_on FROM cases WHERE \(b.whereSQL)"
        }
        let sql = """
            SELECT k, COUNT(*) AS total, COUNT(accepted_on_time) AS accepted, COALESCE(SUM(accepted_on_time), 0) AS accepted_on_time,
                COUNT(replied_on_time) AS replied, COALESCE(SUM(replied_on_time), 0) AS replied_on_time, COUNT(rating) AS rated,
                SUM(CASE WHEN rating IN ('satisfied', 'basically_satisfied') THEN 1 ELSE 0 END) AS satisfied,
                SUM(CASE WHEN due_on < ? THEN 1 ELSE 0 END) AS overdue
            FROM (\(rows.joined(separator: " UNION ALL "))) AS t GROUP BY k ORDER BY k
            """
        return (sql, [.text(today.description)] + filter.branches.flatMap(\.values))
    }
}
