import Foundation

/// One table of a report (报表), ready to be written as a section of a CSV file (``CSVWriter``) or as a
/// sheet of a workbook (``XLSXWriter``).
///
/// ```swift
/// let table = ReportTable(name: "按单位", title: "2026年上半年办理情况", columns: ["单位", "件数", "按时办结率"],
///                         rows: [[.text("云溪市住建局"), .int(24), .percent(0.9583)]])
/// let xlsx = XLSXWriter.data([table])
/// ```
public struct ReportTable: Sendable, Hashable {
    /// One value of a row. Numbers stay numbers in a workbook, so they can be summed and sorted there.
    public enum Cell: Sendable, Hashable {
        case text(String)
        case int(Int)
        case number(Double)
        /// A fraction (0.9583 is 95.83%); `nil` when there is nothing to divide by, shown as "—".
        case percent(Double?)
        case empty
    }

    /// The sheet name. Writers make it valid for Excel (at most 31 characters, none of `[]:*?/\`) and
    /// unique within the workbook.
    public var name: String
    /// An optional title row shown above the header.
    public var title: String?
    /// The header row.
    public var columns: [String]
    public var rows: [[Cell]]

    public init(name: String, title: String? = nil, columns: [String], rows: [[Cell]]) {
        self.name = name
        self.title = title
        self.columns = columns
        self.rows = rows
    }
}

extension ReportTable.Cell {
    /// What a reader sees: percent as "95.83%", a number with at most two decimals and no trailing
    /// zeros ("4.5", "12"), and "—" for a percent of nothing (or a number that is not finite).
    public var display: String {
        switch self {
        case .text(let text): return text
        case .int(let value): return String(value)
        case .number(let value): return Self.decimal(value, places: 2, trimmed: true) ?? "—"
        case .percent(let fraction?): return Self.decimal(fraction * 100, places: 2, trimmed: false).map { $0 + "%" } ?? "—"
        case .percent(nil): return "—"
        case .empty: return ""
        }
    }

    /// `value` with `places` decimals in the POSIX style ("1234.5"), or nil when it is not finite.
    static func decimal(_ value: Double, places: Int, trimmed: Bool) -> String? {
        guard value.isFinite else { return nil }
        var text = String(format: "%.\(places)f", value)
        if trimmed, text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        // A small negative value rounds to "-0" or "-0.00".
        if text.hasPrefix("-"), text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { text.removeFirst() }
        return text
    }
}
