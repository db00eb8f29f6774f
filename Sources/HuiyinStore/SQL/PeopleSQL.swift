import Foundation
import HuiyinCore

/// Earlier cases of the same people (重复访), by keyed hashes of ID number and phone; both engines.
public enum PeopleSQL {
    public static func casesOf(idHashes: [Data], phoneHashes: [Data], limit: Int) -> (sql: String, values: [SQLValue])? {
        // One bounded probe per hash (a person with thousands of cases reads `limit` rows each, not all).
        let probes = idHashes.map { _ in "id_hash = ?" } + phoneHashes.map { _ in "phone_hash = ?" }
        guard !probes.isEmpty else { return nil }
        let union = probes.enumerated().map { i, where_ in
            "SELECT case_id FROM (SELECT case_id FROM case_persons WHERE \(where_) ORDER BY case_id DESC LIMIT ?) AS p\(i)"
        }.joined(separator: " UNION ")
        let sql = """
            SELECT c.id, c.number, c.category, c.received_on, c.state FROM cases c
            WHERE c.id IN (\(union)) ORDER BY c.id DESC LIMIT ?
            """
        return (sql, (idHashes + phoneHashes).flatMap { [SQLValue.blob($0), .int(Int64(limit))] } + [.int(Int64(limit))])
    }
}
