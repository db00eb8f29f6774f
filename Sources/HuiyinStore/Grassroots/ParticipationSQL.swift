import Foundation

extension GrassrootsSQL {
    /// v11: cadre–household pairing (结对帮扶 / 联系户) with visit records, and public pledges (承诺践诺).
    /// Households are sealed by the vault.
    public static func participationSQL(_ d: SQLDialect) -> [String] {
        let t = Types(d)
        return [
            """
            CREATE TABLE pairings (id \(t.id), cadre_id \(t.int64) NOT NULL, kind TEXT NOT NULL, household_sealed \(t.blob) NOT NULL,
                territory_code TEXT NOT NULL, scope_path TEXT NOT NULL, unit_code TEXT NOT NULL, started_on TEXT NOT NULL, ended_on TEXT,
                note TEXT NOT NULL, created_at \(t.int64) NOT NULL, created_by TEXT NOT NULL)
            """,
            "CREATE INDEX pairings_cadre ON pairings(cadre_id)",
            "CREATE INDEX pairings_scope ON pairings(scope_path)",
            """
            CREATE TABLE pairing_visits (id \(t.id), pairing_id \(t.int64) NOT NULL, visited_on TEXT NOT NULL, heard TEXT NOT NULL,
                help TEXT NOT NULL, created_at \(t.int64) NOT NULL, created_by TEXT NOT NULL)
            """,
            "CREATE INDEX pairing_visits_pairing ON pairing_visits(pairing_id, visited_on)",
            """
            CREATE TABLE pledges (id \(t.id), organisation TEXT NOT NULL, member TEXT NOT NULL, territory_code TEXT NOT NULL,
                scope_path TEXT NOT NULL, unit_code TEXT NOT NULL, title TEXT NOT NULL, detail TEXT NOT NULL, due_on TEXT,
                status TEXT NOT NULL, evidence TEXT NOT NULL, published INTEGER NOT NULL, created_at \(t.int64) NOT NULL,
                created_by TEXT NOT NULL, updated_at \(t.int64) NOT NULL)
            """,
            "CREATE INDEX pledges_scope ON pledges(scope_path)",
            "CREATE INDEX pledges_organisation ON pledges(organisation, status)",
        ]
    }

    /// v12: village meetings (村民会议 / 村民代表会议 / 议事会 / 坝坝会) with agenda items and votes (JSON), judged
    /// by the rule in force when the result was recorded (kept as JSON), and stability risk assessments.
    public static func meetingsSQL(_ d: SQLDialect) -> [String] {
        let t = Types(d)
        return [
            """
            CREATE TABLE meetings (id \(t.id), kind TEXT NOT NULL, title TEXT NOT NULL, territory_code TEXT NOT NULL,
                scope_path TEXT NOT NULL, unit_code TEXT NOT NULL, held_on TEXT NOT NULL, place TEXT NOT NULL, chair TEXT NOT NULL,
                eligible_adults INTEGER, eligible_households INTEGER, eligible_members INTEGER, present_people INTEGER,
                present_households INTEGER, quorate INTEGER, rule TEXT, items TEXT NOT NULL, published INTEGER NOT NULL, note TEXT NOT NULL,
                created_at \(t.int64) NOT NULL, created_by TEXT NOT NULL, recorded_at \(t.int64))
            """,
            "CREATE INDEX meetings_scope ON meetings(scope_path, held_on)",
            """
            CREATE TABLE risk_assessments (id \(t.id), title TEXT NOT NULL, detail TEXT NOT NULL, territory_code TEXT NOT NULL,
                scope_path TEXT NOT NULL, unit_code TEXT NOT NULL, surveyed_on TEXT NOT NULL, respondents INTEGER NOT NULL,
                satisfied INTEGER NOT NULL, supportive INTEGER NOT NULL, confident INTEGER NOT NULL, threshold TEXT NOT NULL,
                passed INTEGER NOT NULL, published INTEGER NOT NULL, note TEXT NOT NULL, created_at \(t.int64) NOT NULL,
                created_by TEXT NOT NULL)
            """,
            "CREATE INDEX risk_assessments_scope ON risk_assessments(scope_path, surveyed_on)",
        ]
    }

    /// v13: public evaluation (群众评议) campaigns, the units they rate, and the ratings (one per citizen
    /// phone per unit, keyed by the phone's keyed hash; paper questionnaires entered as counted batches).
    public static func evaluationSQL(_ d: SQLDialect) -> [String] {
        let t = Types(d)
        return [
            """
            CREATE TABLE evaluations (id \(t.id), title TEXT NOT NULL, territory_code TEXT NOT NULL, scope_path TEXT NOT NULL,
                opens_on TEXT NOT NULL, closes_on TEXT NOT NULL, rating_weight INTEGER NOT NULL, flag_last INTEGER NOT NULL,
                published INTEGER NOT NULL, note TEXT NOT NULL, created_at \(t.int64) NOT NULL, created_by TEXT NOT NULL)
            """,
            "CREATE TABLE evaluation_units (evaluation_id \(t.int64) NOT NULL, unit_code TEXT NOT NULL, PRIMARY KEY (evaluation_id, unit_code))",
            """
            CREATE TABLE evaluation_votes (id \(t.id), evaluation_id \(t.int64) NOT NULL, unit_code TEXT NOT NULL, voter_key TEXT NOT NULL,
                source TEXT NOT NULL, satisfied INTEGER NOT NULL, basic INTEGER NOT NULL, unsatisfied INTEGER NOT NULL, comment TEXT NOT NULL,
                at \(t.int64) NOT NULL)
            """,
            "CREATE UNIQUE INDEX evaluation_votes_voter ON evaluation_votes(evaluation_id, unit_code, voter_key)",
        ]
    }

    /// v15: the case scores of a campaign as they stood when its results were published (JSON).
    public static func evaluationFrozenSQL(_ d: SQLDialect) -> [String] {
        ["ALTER TABLE evaluations ADD COLUMN frozen_cases TEXT"]
    }
}
