/// The worksheet part (`xl/worksheets/sheetN.xml`) of one report table: optional title row, bold
/// header, then the rows, with the header frozen and column widths fitted to the content.
struct XLSXWorksheet {
    /// Cell style indexes into `cellXfs` of ``XLSXWriter/styles``.
    enum Style: Int {
        case plain = 0, header = 1, percent = 2, title = 3, missing = 4
    }

    /// Excel refuses a cell holding more than this many UTF-16 units.
    static let maxCellLength = 32_767

    let table: ReportTable

    var xml: String {
        let headerRow = table.title == nil ? 1 : 2
        var x = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        x += #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#
        x += #"<sheetViews><sheetView workbookViewId="0">"#
        x += #"<pane ySplit="\#(headerRow)" topLeftCell="A\#(headerRow + 1)" activePane="bottomLeft" state="frozen"/>"#
        x += "</sheetView></sheetViews>"
        let widths = columnWidths()
        if !widths.isEmpty {
            x += "<cols>"
            for (index, width) in widths.enumerated() {
                x += #"<col min="\#(index + 1)" max="\#(index + 1)" width="\#(width)" customWidth="1"/>"#
            }
            x += "</cols>"
        }
        x += "<sheetData>"
        var rowNumber = 1
        if let title = table.title {
            x += row(rowNumber, [cell("A1", text: title, style: .title)])
            rowNumber += 1
        }
        x += row(rowNumber, table.columns.enumerated().map { cell(Self.reference($0.offset, rowNumber), text: $0.element, style: .header) })
        for values in table.rows {
            rowNumber += 1
            x += row(rowNumber, values.enumerated().map { cell(Self.reference($0.offset, rowNumber), $0.element) })
        }
        x += "</sheetData></worksheet>"
        return x
    }

    private func row(_ number: Int, _ cells: [String]) -> String {
        #"<row r="\#(number)">"# + cells.joined() + "</row>"
    }

    /// Numbers are written as numbers (`<v>`), so they sum and sort; a percent keeps its fraction and
    /// shows through the `0.00%` format.
    private func cell(_ reference: String, _ value: ReportTable.Cell) -> String {
        switch value {
        case .text(let text): return cell(reference, text: text, style: .plain)
        case .int(let number): return #"<c r="\#(reference)"><v>\#(number)</v></c>"#
        case .number(let number) where number.isFinite:
            return #"<c r="\#(reference)"><v>\#(value.display)</v></c>"#
        case .percent(let fraction?) where fraction.isFinite:
            return #"<c r="\#(reference)" s="\#(Style.percent.rawValue)"><v>\#(fraction)</v></c>"#
        case .number, .percent: return cell(reference, text: value.display, style: .missing)
        case .empty: return ""
        }
    }

    private func cell(_ reference: String, text: String, style: Style) -> String {
        var text = text
        if text.utf16.count > Self.maxCellLength { text = Self.prefix(text, utf16: Self.maxCellLength) }
        let s = style == .plain ? "" : #" s="\#(style.rawValue)""#
        return #"<c r="\#(reference)"\#(s) t="inlineStr"><is><t xml:space="preserve">\#(XMLText.escaped(text))</t></is></c>"#
    }

    /// Width of each column in character units: the widest header or shown value, where a CJK
    /// character (or emoji) counts as two, plus some padding; between 8 and 60.
    func columnWidths() -> [Int] {
        let count = max(table.columns.count, table.rows.map(\.count).max() ?? 0)
        var widths = [Int](repeating: 0, count: count)
        for (index, name) in table.columns.enumerated() { widths[index] = Self.displayWidth(name) + 2 }  // bold is wider
        for row in table.rows {
            for (index, value) in row.enumerated() { widths[index] = max(widths[index], Self.displayWidth(value.display)) }
        }
        return widths.map { min(max($0 + 2, 8), 60) }
    }

    /// Columns of a fixed-width font the text takes: East Asian wide characters count double.
    static func displayWidth(_ text: String) -> Int {
        let longestLine = text.split(whereSeparator: \.isNewline).map { line in
            line.unicodeScalars.reduce(0) { $0 + (isWide($1) ? 2 : 1) }
        }.max()
        return longestLine ?? 0
    }

    static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
             0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
             0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// "A1"-style reference of a zero-based column in a one-based row.
    static func reference(_ column: Int, _ row: Int) -> String { columnName(column) + String(row) }

    /// A, B, … Z, AA, AB, …
    static func columnName(_ column: Int) -> String {
        var n = column + 1
        var name = ""
        while n > 0 {
            name.insert(Character(Unicode.Scalar(UInt8(65 + (n - 1) % 26))), at: name.startIndex)
            n = (n - 1) / 26
        }
        return name
    }

    /// The longest prefix of whole characters that fits in `limit` UTF-16 units.
    static func prefix(_ text: String, utf16 limit: Int) -> String {
        var result = ""
        var used = 0
        for character in text {
            used += character.utf16.count
            if used > limit { break }
            result.append(character)
        }
        return result
    }
}
