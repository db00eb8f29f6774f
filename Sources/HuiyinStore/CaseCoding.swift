import Foundation
import HuiyinCore

/// How a case becomes rows, the same for every engine: the case as JSON without its people (`body`),
/// each person sealed in its own row with keyed hashes of ID number and phone, and the involved units.
public struct CaseRows: Sendable {
    public struct PersonRow: Sendable, Hashable {
        public var seq: Int
        public var role: String
        public var sealed: Data
        public var idHash: Data?
        public var phoneHash: Data?
    }

    public var body: String
    public var persons: [PersonRow]
    /// (unit code, role: lead / assist / review / recheck)
    public var units: [(unit: String, role: String)]

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.dateEncodingStrategy = .millisecondsSince1970
        e.outputFormatting = [.sortedKeys]
        return e
    }()

    static let decoder: JSONDecoder = {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .millisecondsSince1970
        return d
    }()

    private struct SealedPerson: Codable {
        var name: String?
        var idNumber: String?
        var phone: String?
        var address: String?
    }

    public init(_ c: Case, vault: PersonalDataVault) throws {
        var bare = c
        bare.persons = []
        body = String(decoding: try Self.encoder.encode(bare), as: UTF8.self)
        persons = try c.persons.enumerated().map { i, p in
            let sealed = try vault.seal(try Self.encoder.encode(
                SealedPerson(name: p.name, idNumber: p.idNumber, phone: p.phone, address: p.address)))
            return PersonRow(seq: i + 1, role: p.role.rawValue, sealed: sealed,
                             idHash: p.idNumber.map(vault.idNumberHash), phoneHash: p.phone.map(vault.phoneHash))
        }
        var u: [(String, String)] = []
        if let lead = c.leadUnitCode { u.append((lead, "lead")) }
        u += c.assistingUnitCodes.map { ($0, "assist") }
        if let r = c.reviewUnitCode { u.append((r, "review")) }
        if let r = c.recheckUnitCode { u.append((r, "recheck")) }
        var seen = Set<String>()
        units = u.filter { seen.insert("\($0.0)|\($0.1)").inserted }.map { (unit: $0.0, role: $0.1) }
    }

    /// Rebuilds a case from its body and sealed person rows (ordered by seq).
    public static func decode(body: String, persons: [(role: String, sealed: Data)], vault: PersonalDataVault) throws -> Case {
        var c: Case
        do {
            c = try decoder.decode(Case.self, from: Data(body.utf8))
        } catch {
            throw StoreError.corrupt("信访事项记录无法解析（\(error)）")
        }
        c.persons = try persons.map { row in
            let p = try decoder.decode(SealedPerson.self, from: try vault.open(row.sealed))
            return Person(role: Person.Role(rawValue: row.role) ?? .petitioner, name: p.name, idNumber: p.idNumber,
                          phone: p.phone, address: p.address)
        }
        return c
    }
}

/// JSON for small stored values (calendar years, rule sets, audit details).
enum StoredJSON {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try CaseRows.encoder.encode(value), as: UTF8.self)
    }
    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try CaseRows.decoder.decode(type, from: Data(text.utf8))
    }
}
