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
    /// Second-level category code (`0101`).
    case category2
    /// 检举控告: the accused unit (被投诉较多的机关).
    case accusedUnit
}

/// One row of a statistics table: counts for one key.
public struct CaseTally: Sendable, Hashable {
    public var key: String
    public var total = 0
    /// Cases accepted, and of those accepted within the disposal period.
    public var accepted = 0
    public var acceptedOnTime = 0
    /// Cases answered, and of those answered within the handling period.
    public var replied = 0
    public var repliedOnTime = 0
    /// Cases rated, and of those rated 满意 or 基本满意.
    public var rated = 0
    public var satisfied = 0
    /// Open cases whose office deadline passed (as of the `today` of the query).
    public var overdue = 0
    /// 重复访: cases with an earlier case of the same petitioner on the same matter.
    public var repeats = 0
    /// Answered cases with their handling days (receipt → answer, calendar days), summed.
    public var handled = 0
    public var handleDays = 0
    /// Cases ever supervised (督办), and of those publicly listed (挂牌督办 or higher).
    public var supervised = 0
    public var listed = 0
    /// 转送 out of the system, and 交办 to a unit.
    public var transferred = 0
    public var assigned = 0
    /// Cases with a 责任追究 record.
    public var accountable = 0

    public init(key: String, total: Int = 0, accepted: Int = 0, acceptedOnTime: Int = 0, replied: Int = 0,
                repliedOnTime: Int = 0, rated: Int = 0, satisfied: Int = 0, overdue: Int = 0) {
        self.key = key; self.total = total; self.accepted = accepted; self.acceptedOnTime = acceptedOnTime
        self.replied = replied; self.repliedOnTime = repliedOnTime; self.rated = rated; self.satisfied = satisfied
        self.overdue = overdue
    }

    /// A row from the measures of ``TallySQL`` by column name.
    public init(key: String, measures m: [String: Int]) {
        self.key = key
        for path in Self.fields { self[keyPath: path.1] = m[path.0] ?? 0 }
    }

    static var fields: [(String, WritableKeyPath<CaseTally, Int>)] { [
        ("total", \.total), ("accepted", \.accepted), ("accepted_on_time", \.acceptedOnTime), ("replied", \.replied),
        ("replied_on_time", \.repliedOnTime), ("rated", \.rated), ("satisfied", \.satisfied), ("overdue", \.overdue),
        ("repeats", \.repeats), ("handled", \.handled), ("handle_days", \.handleDays), ("supervised", \.supervised),
        ("listed", \.listed), ("transferred", \.transferred), ("assigned", \.assigned), ("accountable", \.accountable),
    ] }

    /// Adds another row's counts (rolling keys up).
    public mutating func add(_ o: CaseTally) {
        for (_, path) in Self.fields { self[keyPath: path] += o[keyPath: path] }
    }
}

/// Grouped counts over the cases a ``CaseQuery`` selects (its scope and filters; sort and paging
/// ignored), written once for both engines.
public enum TallySQL {
    /// Column name → aggregate over the selected rows.
    static let aggregates: [(String, String)] = [
        ("total", "COUNT(*)"),
        ("accepted", "COUNT(accepted_on_time)"),
        ("accepted_on_time", "COALESCE(SUM(accepted_on_time), 0)"),
        ("replied", "COUNT(replied_on_time)"),
        ("replied_on_time", "COALESCE(SUM(replied_on_time), 0)"),
        ("rated", "COUNT(rating)"),
        ("satisfied", "SUM(CASE WHEN rating IN ('satisfied', 'basically_satisfied') THEN 1 ELSE 0 END)"),
        ("overdue", "SUM(CASE WHEN due_on < ? THEN 1 ELSE 0 END)"),
        ("repeats", "COUNT(repeat_of)"),
        ("handled", "COUNT(handle_days)"),
        ("handle_days", "COALESCE(SUM(handle_days), 0)"),
        ("supervised", "COUNT(supervision_level)"),
        ("listed", "SUM(CASE WHEN supervision_level >= 2 THEN 1 ELSE 0 END)"),
        ("transferred", "SUM(CASE WHEN state = 'transferred' THEN 1 ELSE 0 END)"),
        ("assigned", "COUNT(assigned_on)"),
        ("accountable", "COUNT(accountable_units)"),
    ]

    public static var measures: [String] { aggregates.map(\.0) }

    public static func sql(_ q: CaseQuery, by key: TallyKey, today: LocalDate, dialect: SQLDialect) -> (sql: String, values: [SQLValue]) {
        let column: String
        switch key {
        case .month: column = "substr(received_on, 1, 7)"
        case .category: column = "COALESCE(substr(category, 1, 2), '')"
        case .category2: column = "COALESCE(substr(category, 1, 4), '')"
        case .scopePath: column = "scope_path"
        case .channel: column = "channel"
        case .leadUnit: column = "COALESCE(lead_unit, '')"
        case .accusedUnit: column = "COALESCE(accused_unit, '')"
        }
        let filter = CaseFilterSQL(q, dialect: dialect)
        let fields = "accepted_on_time, replied_on_time, rating, due_on, repeat_of, handle_days, supervision_level, state, assigned_on, accountable_units"
        let rows = filter.branches.map { b in "SELECT \(column) AS k, \(fields) FROM cases WHERE \(b.whereSQL)" }
        let sql = "SELECT k, " + aggregates.map { "\($0.1) AS \($0.0)" }.joined(separator: ", ")
            + " FROM (\(rows.joined(separator: " UNION ALL "))) AS t GROUP BY k ORDER BY k"
        return (sql, [.text(today.description)] + filter.branches.flatMap(\.values))
    }
}
