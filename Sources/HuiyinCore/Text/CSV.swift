/// A small RFC 4180 reader: quoted fields, doubled quotes, CRLF or LF, an optional UTF-8 BOM.
///
/// ```swift
/// let rows = CSV.parse("code,name\n01,\"云溪市, 本级\"\n")   // [["code","name"], ["01","云溪市, 本级"]]
/// ```
public enum CSV {
    public static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var inQuotes = false
        var chars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        var atStart = true
        func next() -> Unicode.Scalar? {
            if let p = pending { pending = nil; return p }
            return chars.next()
        }
        while let c = next() {
            if atStart { atStart = false; if c == "\u{FEFF}" { continue } }
            if inQuotes {
                if c == "\"" {
                    if let n = next() {
                        if n == "\"" { field.unicodeScalars.append("\"") } else { inQuotes = false; pending = n }
                    } else { inQuotes = false }
                } else {
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"" where field.isEmpty: inQuotes = true
            case ",": row.append(field); field = ""
            case "\r": break
            case "\n":
                row.append(field); field = ""
                rows.append(row); row = []
            default: field.unicodeScalars.append(c)
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows.filter { !($0.count == 1 && $0[0].trimmed.isEmpty) }
    }

    /// Rows as dictionaries keyed by the header row (header names trimmed and lower-cased).
    public static func records(_ text: String) -> [[String: String]] {
        let rows = parse(text)
        guard let header = rows.first else { return [] }
        let keys = header.map { $0.trimmed.lowercased() }
        return rows.dropFirst().map { row in
            var r: [String: String] = [:]
            for (i, k) in keys.enumerated() where i < row.count { r[k] = row[i].trimmed }
            return r
        }
    }

    /// One CSV line, quoting fields that need it.
    public static func line(_ fields: [String]) -> String {
        fields.map { f in
            f.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + f.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : f
        }.joined(separator: ",")
    }
}

import Foundation
