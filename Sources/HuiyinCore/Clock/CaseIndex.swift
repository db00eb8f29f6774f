/// The derived values a store keeps in columns so lists can filter without loading every case:
/// the scope path (territory subtree queries) and the office clock (overdue / due-soon queries).
///
/// Computed from the case, its clock and the directory; recomputed when the calendar, a rule set or
/// the territory tree changes.
public struct CaseIndex: Sendable, Hashable {
    /// Materialized path of the scope territory, `/city/district/town/`; `/` when unknown.
    public var scopePath: String
    /// Due date while an office's clock runs; nil while the petitioner has the turn, paused, or finished.
    public var dueOn: LocalDate?
    /// First day of 临期 for `dueOn`.
    public var warnOn: LocalDate?
    /// First day the clock watcher could climb the escalation ladder further on the current deadline
    /// (nil: not supervised yet, or the ladder is exhausted).
    public var escalateOn: LocalDate?

    public init(scopePath: String, dueOn: LocalDate?, warnOn: LocalDate?, escalateOn: LocalDate? = nil) {
        self.scopePath = scopePath; self.dueOn = dueOn; self.warnOn = warnOn; self.escalateOn = escalateOn
    }

    public static func make(_ c: Case, clock: Clock, directory: Directory, rules: RuleSet? = nil) -> CaseIndex {
        let path = AccessPolicy.scopeTerritory(of: c, in: directory).flatMap { directory.territoryPath($0) } ?? "/"
        let escalateOn = rules.flatMap { Escalation.nextCheck(for: c, rules: $0) }
        guard clock.runsForOffice else { return CaseIndex(scopePath: path, dueOn: nil, warnOn: nil, escalateOn: escalateOn) }
        return CaseIndex(scopePath: path, dueOn: clock.due, warnOn: clock.warnOn, escalateOn: escalateOn)
    }
}

/// Upper bound for a prefix range scan: every string starting with `prefix` is ≥ `prefix` and <
/// `upperBound(prefix)` in binary (byte-wise) order. `/a/b/` → `/a/b0`, `01` → `02`.
public func prefixUpperBound(_ prefix: String) -> String {
    var bytes = Array(prefix.utf8)
    while let last = bytes.last {
        if last < 0x7F { bytes[bytes.count - 1] = last + 1; return String(decoding: bytes, as: UTF8.self) }
        bytes.removeLast()
    }
    return "\u{7F}"
}
