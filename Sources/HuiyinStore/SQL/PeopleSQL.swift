import Foundation
import HuiyinCore

/// Earlier cases of the same people (重复访), by keyed hashes of ID number and phone; both engines.
public enum PeopleSQL {
    public static func casesOf(idHashes: [Data], phoneHashes: [Data], limit: Int) -> (sql: String, values: [SQLValue])? {
        var clauses: [String] = []
        if !idHashes.isEmpty { clauses.append(CaseFilterSQL.in("p.id_hash", idHashes.count)) }
        if !phoneHashes.isEmpty { clauses.append(CaseFilterSQL.in("p.phone_hash", phoneHashes.count)) }
        guard !clauses.isEmpty else { return nil }
        let sql = """
            SELECT DISTINCT c.id, c.number, c.category, c.received_on, c.state FROM cases c
            JOIN case_persons p ON p.case_id = c.id
            WHERE \(clauses.joined(separator: " OR ")) ORDER BY c.id DESC LIMIT ?
            """
        return (sql, (idHashes + phoneHashes).map(SQLValue.blob) + [.int(Int64(limit))])
    }
}
