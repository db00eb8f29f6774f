/// A petitioner or a representative of a collective visit. Personal data: encrypted at rest, masked for
/// the public, hidden from an accused unit.
public struct Person: Codable, Sendable, Hashable {
    public enum Role: String, Codable, Sendable {
        /// 信访人.
        case petitioner
        /// 代表 (多人走访推选的代表, ≤ 5).
        case representative
    }

    public var role: Role
    public var name: String?
    public var idNumber: String?
    public var phone: String?
    public var address: String?

    public init(role: Role = .petitioner, name: String?, idNumber: String? = nil, phone: String? = nil,
                address: String? = nil) {
        self.role = role; self.name = name; self.idNumber = idNumber; self.phone = phone; self.address = address
    }

    private enum CodingKeys: String, CodingKey {
        case role, name, phone, address
        case idNumber = "id_number"
    }

    /// A copy fit for the petitioner's own public view: 张*, 360***********1234, 138****5678, address cut.
    public func masked() -> Person {
        Person(role: role, name: name.map(Mask.name), idNumber: idNumber.map { Mask.keep($0, head: 3, tail: 4) },
               phone: phone.map { Mask.keep($0, head: 3, tail: 4) }, address: address.map { Mask.keep($0, head: 6, tail: 0) })
    }
}

enum Mask {
    static func name(_ s: String) -> String {
        guard let first = s.first else { return s }
        return String(first) + String(repeating: "*", count: max(1, s.count - 1))
    }

    static func keep(_ s: String, head: Int, tail: Int) -> String {
        guard s.count > head + tail else { return String(repeating: "*", count: s.count) }
        return String(s.prefix(head)) + String(repeating: "*", count: s.count - head - tail) + String(s.suffix(tail))
    }
}

/// Checks of identity data at intake.
public enum IdentityCheck {
    private static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    private static let checkChars: [Character] = ["1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2"]

    /// A resident ID number (居民身份证号码, GB 11643): 18 characters with a valid birth date and check
    /// character. Returns the normalized number (upper-case X) or throws a field error.
    public static func idNumber(_ raw: String, field: String) throws -> String {
        let s = raw.trimmed.uppercased()
        let chars = Array(s)
        guard chars.count == 18, chars.prefix(17).allSatisfy(\.isASCIIDigit),
              chars[17].isASCIIDigit || chars[17] == "X" else {
            throw HuiyinError.invalid("invalid_id_number", "身份证号码应为18位（最后一位可为X）", field: field)
        }
        let digits = chars.prefix(17).map { Int(String($0))! }
        let sum = zip(digits, weights).map(*).reduce(0, +)
        guard checkChars[sum % 11] == chars[17] else {
            throw HuiyinError.invalid("invalid_id_number", "身份证号码校验位不正确，请核对", field: field)
        }
        let birth = String(s.dropFirst(6).prefix(8))
        let dateText = "\(birth.prefix(4))-\(birth.dropFirst(4).prefix(2))-\(birth.suffix(2))"
        guard let born = LocalDate(dateText), born.year >= 1900 else {
            throw HuiyinError.invalid("invalid_id_number", "身份证号码中的出生日期无效", field: field)
        }
        return s
    }

    /// The check character for 17 digits; used to generate valid demo and test numbers.
    public static func checkCharacter(for first17: String) -> Character {
        let digits = first17.compactMap { $0.wholeNumberValue }
        precondition(digits.count == 17)
        return checkChars[zip(digits, weights).map(*).reduce(0, +) % 11]
    }

    /// A phone number: digits with optional `+`, spaces, dashes or brackets; 7–15 digits.
    public static func phone(_ raw: String, field: String) throws -> String {
        let s = raw.trimmed
        let digits = s.filter(\.isASCIIDigit)
        let allowed = s.allSatisfy { $0.isASCIIDigit || " -+()（）".contains($0) }
        guard allowed, (7...15).contains(digits.count) else {
            throw HuiyinError.invalid("invalid_phone", "联系电话格式不正确（7–15位数字）", field: field)
        }
        return s
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

import Foundation
