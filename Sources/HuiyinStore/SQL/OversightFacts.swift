import HuiyinCore

/// The v5 migration (issue #5): the oversight facts of ``CaseFacts`` and the clock watcher's
/// `escalate_on` (from ``CaseIndex``), so the watcher, the statistics and the public 挂牌督办 list never
/// load cases.
public enum OversightFacts {
    /// The v5 migration, both engines.
    public static let migrationSQL = [
        "ALTER TABLE cases ADD COLUMN supervision_level INTEGER",
        "ALTER TABLE cases ADD COLUMN supervised_due TEXT",
        "ALTER TABLE cases ADD COLUMN escalate_on TEXT",
        "ALTER TABLE cases ADD COLUMN accountable_units TEXT",
        "ALTER TABLE cases ADD COLUMN owner_leader BIGINT",
        "ALTER TABLE cases ADD COLUMN repeat_of BIGINT",
        "ALTER TABLE cases ADD COLUMN handle_days INTEGER",
        "ALTER TABLE cases ADD COLUMN assigned_on TEXT",
        "CREATE INDEX cases_supervised ON cases(supervision_level, received_on) WHERE supervision_level IS NOT NULL",
        "CREATE INDEX cases_accountable ON cases(id) WHERE accountable_units IS NOT NULL",
        "CREATE INDEX cases_owner_leader ON cases(owner_leader) WHERE owner_leader IS NOT NULL",
    ]

    /// Fills the dates of cases stored before v5 from their JSON body.
    public static func backfillSQL(_ dialect: SQLDialect) -> String {
        switch dialect {
        case .sqlite:
            return """
                UPDATE cases SET assigned_on = json_extract(body, '$.milestones.assigned_on'),
                    handle_days = CAST(julianday(json_extract(body, '$.milestones.replied_on')) - julianday(received_on) AS INTEGER)
                """
        case .postgres:
            return """
                UPDATE cases SET assigned_on = body::jsonb -> 'milestones' ->> 'assigned_on',
                    handle_days = ((body::jsonb -> 'milestones' ->> 'replied_on')::date - received_on::date)
                """
        }
    }
}
