/// Indexes for the workbench's lists at a million cases, the same on both engines (see
/// ``CaseFilterSQL``): the newest-first list of a wide scope walks `cases_received` backwards and
/// stops after a page; a unit's list uses `cases_lead_received`; "recently changed" uses
/// `cases_updated`. Territory subtrees use `cases_scope` (a range, never a scan); deadline lists
/// (overdue, due soon) `cases_deadline`, which carries the warning day, scope and accused unit so that
/// counting them needs no table reads; states `cases_state`.
public enum ListIndexes {
    public static let sql = [
        "CREATE INDEX cases_received ON cases(received_on, id)",
        "CREATE INDEX cases_lead_received ON cases(lead_unit, received_on)",
        "CREATE INDEX cases_updated ON cases(updated_at)",
        "CREATE INDEX cases_deadline ON cases(due_on, warn_on, scope_path, accused_unit) WHERE due_on IS NOT NULL",
    ]
}
