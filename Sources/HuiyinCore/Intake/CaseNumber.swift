/// Case numbers people read aloud over the phone: the year and a sequence, `2026-000123`.
public enum CaseNumber {
    public static func format(year: Int, sequence: Int) -> String {
        "\(year)-" + zeroPadded(sequence, 6)
    }

    /// Accepts `2026-000123`, `2026000123`, `2026 000123`, full-width digits; returns the canonical form.
    public static func normalize(_ input: String) -> String? {
        let digits = input.compactMap { ch -> Character? in
            if let v = ch.wholeNumberValue, ch.isNumber { return Character(String(v)) }
            return nil
        }
        let stripped = input.filter { !$0.isWhitespace && $0 != "-" && $0 != "－" && !$0.isNumber }
        guard stripped.isEmpty, digits.count >= 10, let year = Int(String(digits.prefix(4))),
              let seq = Int(String(digits.dropFirst(4))) else { return nil }
        return format(year: year, sequence: seq)
    }
}

/// The citizen's query code (查询码): random, unguessable, easy to read and type.
///
/// 8 characters of Crockford's base-32 alphabet (no I, L, O, U): 40 bits. Input is forgiving:
/// lower case, spaces and dashes are ignored, O reads as 0 and I/L as 1.
public enum QueryCode {
    static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
    public static let length = 8

    public static func generate<R: RandomNumberGenerator>(using rng: inout R) -> String {
        String((0..<length).map { _ in alphabet[Int(rng.next(upperBound: UInt32(alphabet.count)))] })
    }

    /// Canonical form of what a person typed, or `nil` when it cannot be a query code.
    public static func normalize(_ input: String) -> String? {
        var out = ""
        for ch in input.uppercased() where !(ch == "-" || ch.isWhitespace) {
            switch ch {
            case "O": out.append("0")
            case "I", "L": out.append("1")
            default:
                guard alphabet.contains(ch) else { return nil }
                out.append(ch)
            }
        }
        return out.count == length ? out : nil
    }
}

import Foundation
