/// A small RFC 4180 reader: quoted fields, doubled quotes, embedded newlines, CRLF or LF, an optional
/// UTF-8 BOM. (HuiyinCore has its own; this target must not depend on it.)
enum CSVReader {
    static func rows(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = String.UnicodeScalarView()
        var inQuotes = false
        var afterQuote = false   // the quote just seen in a quoted field may be the first of a pair
        var scalars = text.unicodeScalars.makeIterator()
        var first = true
        while let c = scalars.next() {
            if first { first = false; if c == "\u{FEFF}" { continue } }
            if inQuotes {
                if afterQuote {
                    afterQuote = false
                    if c == "\"" { field.append(c); continue }
                    inQuotes = false   // closing quote; fall through to handle `c` as unquoted
                } else {
                    if c == "\"" { afterQuote = true } else { field.append(c) }
                    continue
                }
            }
            switch c {
            case "\"" where field.isEmpty: inQuotes = true
            case ",": row.append(String(field)); field = .init()
            case "\r": break
            case "\n":
                row.append(String(field)); field = .init()
                rows.append(row); row = []
            default: field.append(c)
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(String(field)); rows.append(row) }
        return rows.filter { !($0.count == 1 && $0[0].allSatisfy(\.isWhitespace)) }
    }
}
