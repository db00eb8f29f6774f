import Foundation
import HuiyinCore

/// Reads labelled messages from a CSV export: the header must name `title`, `detail` and `label`
/// (any order, any other columns ignored, names matched case-insensitively).
///
/// ```swift
/// let examples = try LabelledCSV.examples(fromCSV: "title,detail,label\n路灯不亮,,城乡建设\n")
/// ```
public enum LabelledCSV {
    public static let requiredColumns = ["title", "detail", "label"]

    public static func examples(fromCSV text: String) throws(LabelledCSVError) -> [TrainingExample] {
        let rows = CSV.parse(text)
        guard let header = rows.first else { throw .missingColumn(requiredColumns[0]) }
        let names = header.map { $0.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() }
        var position: [String: Int] = [:]
        for column in requiredColumns {
            guard let i = names.firstIndex(of: column) else { throw .missingColumn(column) }
            position[column] = i
        }
        var examples: [TrainingExample] = []
        examples.reserveCapacity(rows.count - 1)
        for (offset, row) in rows.dropFirst().enumerated() {
            func field(_ column: String) -> String {
                let i = position[column]!
                return i < row.count ? row[i].trimmingCharacters(in: .whitespacesAndNewlines) : ""
            }
            let label = field("label")
            guard !label.isEmpty else { throw .missingLabel(row: offset + 2) }
            examples.append(TrainingExample(title: field("title"), detail: field("detail"), label: label))
        }
        return examples
    }

    public static func examples(contentsOf url: URL) throws -> [TrainingExample] {
        let data = try Data(contentsOf: url)
        guard let text = String(data: data, encoding: .utf8) else { throw LabelledCSVError.notUTF8 }
        return try examples(fromCSV: text)
    }
}

/// Why a labelled CSV could not be read; the description is the Chinese message to show.
public enum LabelledCSVError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The header has no column of this name.
    case missingColumn(String)
    /// The row (1-based, counting the header as row 1) has an empty `label`.
    case missingLabel(row: Int)
    case notUTF8

    public var description: String {
        switch self {
        case .missingColumn(let name): "CSV 表头缺少“\(name)”列（需要 title、detail、label 三列）"
        case .missingLabel(let row): "CSV 第 \(row) 行的“label”列为空"
        case .notUTF8: "CSV 文件不是 UTF-8 编码"
        }
    }
}
