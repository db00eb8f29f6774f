import HuiyinCore

/// Facts added with issue #5 (督办, 责任追究, 包案, 重复访, handling time), kept in columns so the clock
/// watcher, the statistics and the public 挂牌督办 list never load cases. Written by one extra
/// statement in the same transaction as every insert and update, on both engines.
public enum OversightFacts {
    public static let columns = ["supervision_level", "supervised_due", "escalate_on", "accountable_units", "owner_leader",
                                 "repeat_of", "handle_days", "assigned_on"]

    /// `UPDATE cases SET … WHERE id = ?`.
    public static let updateSQL = "UPDATE cases SET " + columns.map { "\($0) = ?" }.joined(separator: ", ") + " WHERE id = ?"

    /// Values in the order of ``columns``.
    public static func values(_ c: Case, index: CaseIndex) -> [SQLValue] {
        let ov = c.ov
        func text(_ s: String?) -> SQLValue { s.map(SQLValue.text) ?? .null }
        func int(_ i: Int64?) -> SQLValue { i.map(SQLValue.int) ?? .null }
        let units = ov.accountableUnits
        return [
            ov.level > 0 ? .int(Int64(ov.level)) : .null,
            text(ov.supervisions.last { $0.missedDue != nil }?.missedDue?.description),
            text(index.escalateOn?.description),
            units.isEmpty ? .null : .text("|" + units.joined(separator: "|") + "|"),
            int(ov.ownerLeader?.userID),
            int(c.repeatOf),
            int(c.milestones.repliedOn.map { Int64($0.days(since: c.receivedOn)) }),
            text(c.milestones.assignedOn?.description),
        ]
    }

    public static func updateValues(_ c: Case, id: Int64, index: CaseIndex) -> [SQLValue] {
        values(c, index: index) + [.int(id)]
    }

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
