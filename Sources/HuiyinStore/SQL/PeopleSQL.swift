import Foundation
import HuiyinCore

/// Earlier cases checked at intake (重复访, 越级): those of the same people, by keyed hashes of ID
/// number and phone, and those with nearly the same text, by id; both engines. Each row is a
/// ``PriorCase``: a few columns and the MinHash signature, never the sealed body.
public enum PeopleSQL {
    static let priorColumns = """
        c.id, c.number, c.category, c.received_on, c.state, c.owner_unit, c.lead_unit, m.signature
        FROM cases c LEFT JOIN case_minhash m ON m.case_id = c.id
        """

    public static func casesOf(idHashes: [Data], phoneHashes: [Data], limit: Int) -> (sql: String, values: [SQLValue])? {
        // One bounded probe per hash (a person with thousands of cases reads `limit` rows each, not all).
        let probes = idHashes.map { _ in "id_hash = ?" } + phoneHashes.map { _ in "phone_hash = ?" }
        guard !probes.isEmpty else { return nil }
        let union = probes.enumerated().map { i, where_ in
            "SELECT case_id FROM (SELECT case_id FROM case_persons WHERE \(where_) ORDER BY case_id DESC LIMIT ?) AS p\(i)"
        }.joined(separator: " UNION ")
        let sql = """
            SELECT \(priorColumns)
            WHERE c.id IN (\(union)) ORDER BY c.id DESC LIMIT ?
            """
        return (sql, (idHashes + phoneHashes).flatMap { [SQLValue.blob($0), .int(Int64(limit))] } + [.int(Int64(limit))])
    }

    public static func priorCases(ids: [Int64]) -> (sql: String, values: [SQLValue])? {
        guard !ids.isEmpty else { return nil }
        return ("SELECT \(priorColumns) WHERE \(CaseFilterSQL.in("c.id", ids.count)) ORDER BY c.id DESC", ids.map { .int($0) })
    }

    /// v16: the person indexes carry the case id, so "this person's newest cases" reads `limit` index
    /// entries instead of sorting every case of the person (a template letter filed thousands of times
    /// made each intake sort them all).
    public static let personIndexesSQL: [String] = [
        "DROP INDEX case_persons_id",
        "DROP INDEX case_persons_phone",
        "CREATE INDEX case_persons_id ON case_persons(id_hash, case_id) WHERE id_hash IS NOT NULL",
        "CREATE INDEX case_persons_phone ON case_persons(phone_hash, case_id) WHERE phone_hash IS NOT NULL",
    ]
}
