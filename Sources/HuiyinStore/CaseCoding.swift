import Foundation
import HuiyinCore

/// How a case becomes rows, the same for every engine: the case as JSON without its people, title and
/// content (`body`; title and content live in their own columns), each person sealed in its own row with
/// keyed hashes of ID number and phone, and the involved units.
public struct CaseRows: Sendable {
    public struct PersonRow: Sendable, Hashable {
        public var seq: Int
        public var role: String
        public var sealed: Data
        public var idHash: Data?
        public var phoneHash: Data?
    }

    public var body: String
    public var facts: CaseFacts
    /// Search documents of the title, content and answers.
    public var text: CaseTextRows
    /// MinHash signature and LSH bands of a new case (computed before the write transaction, inserts only).
    public var similarity: (signature: Data, bands: [Int64])?
    public var persons: [PersonRow]
    /// (unit code, role: lead / assist / review / recheck)
    public var units: [(unit: String, role: String)]

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.dateEncodingStrategy = .millisecondsSince1970
        return e
    }()

    static let decoder: JSONDecoder = {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .millisecondsSince1970
        return d
    }()

    public init(_ c: Case, vault: PersonalDataVault, forInsert: Bool = false) throws {
        var bare = c
        bare.persons = []
        bare.title = ""
        bare.content = ""
        body = String(decoding: try Self.encoder.encode(bare), as: UTF8.self)
        facts = CaseFacts(c)
        text = CaseTextRows(c)
        similarity = forInsert ? CaseTextRows.similarity(c) : nil
        persons = try c.persons.enumerated().map { i, p in
            let sealed = try vault.seal(PersonFields.encode([p.name, p.idNumber, p.phone, p.address]))
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

    /// Rebuilds a case from its body, its title and content columns, and sealed person rows (by seq).
    public static func decode(body: String, title: String, content: String, persons: [(role: String, sealed: Data)],
                              vault: PersonalDataVault) throws -> Case {
        var c: Case
        do {
            c = try decoder.decode(Case.self, from: Data(body.utf8))
        } catch {
            throw StoreError.corrupt("信访事项记录无法解析（\(error)）")
        }
        c.title = title
        c.content = content
        c.persons = try persons.map { row in
            let f = try PersonFields.decode(try vault.open(row.sealed))
            return Person(role: Person.Role(rawValue: row.role) ?? .petitioner, name: f[0], idNumber: f[1], phone: f[2], address: f[3])
        }
        return c
    }
}

/// JSON for small stored values (calendar years, rule sets, audit details).
public enum StoredJSON {
    public static func encode<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try CaseRows.encoder.encode(value), as: UTF8.self)
    }
    public static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try CaseRows.decoder.decode(type, from: Data(text.utf8))
    }
}

/// The plaintext inside a sealed person: four optional strings, each as a presence byte, a 4-byte
/// big-endian length and UTF-8 bytes, after a format byte. Small and fast to write and read.
enum PersonFields {
    static let format: UInt8 = 1

    static func encode(_ fields: [String?]) -> Data {
        var out = Data([format])
        for field in fields {
            guard let f = field else { out.append(0); continue }
            let bytes = Array(f.utf8)
            out.append(1)
            withUnsafeBytes(of: UInt32(bytes.count).bigEndian) { out.append(contentsOf: $0) }
            out.append(contentsOf: bytes)
        }
        return out
    }

    static func decode(_ data: Data) throws -> [String?] {
        let bytes = [UInt8](data)
        guard bytes.first == format else { throw StoreError.corrupt("个人信息格式无法识别") }
        var i = 1
        var fields: [String?] = []
        while fields.count < 4 {
            guard i < bytes.count else { throw StoreError.corrupt("个人信息不完整") }
            if bytes[i] == 0 { fields.append(nil); i += 1; continue }
            guard i + 5 <= bytes.count else { throw StoreError.corrupt("个人信息不完整") }
            let n = bytes[(i + 1)..<(i + 5)].reduce(0) { $0 << 8 | Int($1) }
            guard i + 5 + n <= bytes.count else { throw StoreError.corrupt("个人信息不完整") }
            fields.append(String(decoding: bytes[(i + 5)..<(i + 5 + n)], as: UTF8.self))
            i += 5 + n
        }
        return fields
    }
}
