import Foundation

/// Writes report tables as one CSV file that Excel (also the Chinese editions) and WPS open directly:
/// UTF-8 with a byte order mark, CRLF line ends, RFC 4180 quoting.
///
/// Several tables follow each other, separated by a blank line, each preceded by its title line if it
/// has one. Cells are written as they are shown (``ReportTable/Cell/display``), so a percent reads
/// "95.83%" and Excel still takes it as a number.
///
/// ```swift
/// let csv = CSVWriter.data([byUnit, byMonth])   // serve as text/csv; charset=utf-8
/// ```
public enum CSVWriter {
    /// The CSV file for `tables`, starting with the UTF-8 byte order mark EF BB BF.
    public static func data(_ tables: [ReportTable]) -> Data {
        var lines: [String] = []
        for (index, table) in tables.enumerated() {
            if index > 0 { lines.append("") }
            if let title = table.title { lines.append(field(text: title)) }
            lines.append(table.columns.map { field(text: $0) }.joined(separator: ","))
            for row in table.rows {
                lines.append(row.map(field(_:)).joined(separator: ","))
            }
        }
        var data = Data([0xEF, 0xBB, 0xBF])
        data.append(contentsOf: lines.map { $0 + "\r\n" }.joined().utf8)
        return data
    }

    static func field(_ cell: ReportTable.Cell) -> String {
        if case .text(let text) = cell { return field(text: text) }
        return quoted(cell.display)
    }

    /// A text field, defused against formula injection: a spreadsheet would run `=HYPERLINK(…)` or
    /// `+cmd|…` typed by a citizen, so text starting with = + - @ tab or CR gets a leading apostrophe.
    static func field(text: String) -> String {
        guard let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return quoted(text) }
        return quoted("'" + text)
    }

    /// RFC 4180: a field holding a comma, quote, CR or LF is enclosed in quotes, its quotes doubled.
    static func quoted(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
