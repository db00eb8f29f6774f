/// Text made safe for an XML 1.0 document, in element content and in quoted attributes alike.
public enum XMLText {
    /// `text` with & < > " ' escaped, CR kept as `&#13;` (a parser would turn it into LF), and the
    /// characters XML 1.0 cannot hold at all (most control characters, U+FFFE, U+FFFF) dropped.
    public static func escaped(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out.append(contentsOf: "&amp;".unicodeScalars)
            case "<": out.append(contentsOf: "&lt;".unicodeScalars)
            case ">": out.append(contentsOf: "&gt;".unicodeScalars)
            case "\"": out.append(contentsOf: "&quot;".unicodeScalars)
            case "'": out.append(contentsOf: "&apos;".unicodeScalars)
            case "\r": out.append(contentsOf: "&#13;".unicodeScalars)
            default: if isLegal(scalar) { out.append(scalar) }
            }
        }
        return String(out)
    }

    /// Whether XML 1.0 allows `scalar` in a document (its `Char` production).
    public static func isLegal(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: return true
        default: return false
        }
    }
}
