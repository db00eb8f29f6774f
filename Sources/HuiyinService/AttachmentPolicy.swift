import Foundation
import HuiyinCore

/// What may be attached to a case: images, PDF and office documents, recognised by their first bytes
/// (the name's extension must agree; the browser's content type is ignored), up to a size limit.
public enum AttachmentPolicy {
    struct Kind: Sendable {
        var extensions: Set<String>
        var contentType: @Sendable (String) -> String
        var matches: @Sendable (Data) -> Bool
    }

    static func starts(_ data: Data, _ bytes: [UInt8]) -> Bool { data.count >= bytes.count && Array(data.prefix(bytes.count)) == bytes }

    static let kinds: [Kind] = [
        Kind(extensions: ["png"], contentType: { _ in "image/png" }, matches: { starts($0, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) }),
        Kind(extensions: ["jpg", "jpeg"], contentType: { _ in "image/jpeg" }, matches: { starts($0, [0xFF, 0xD8, 0xFF]) }),
        Kind(extensions: ["gif"], contentType: { _ in "image/gif" }, matches: { starts($0, Array("GIF8".utf8)) }),
        Kind(extensions: ["pdf"], contentType: { _ in "application/pdf" }, matches: { starts($0, Array("%PDF-".utf8)) }),
        // Office Open XML and OFD (版式文档) are zip files.
        Kind(extensions: ["docx", "xlsx", "pptx", "ofd"], contentType: { ext in
            switch ext {
            case "docx": return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            case "xlsx": return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            case "pptx": return "application/vnd.openxmlformats-officedocument.presentationml.presentation"
            default: return "application/ofd"
            }
        }, matches: { starts($0, [0x50, 0x4B, 0x03, 0x04]) }),
        // Legacy Office and WPS documents (OLE compound files).
        Kind(extensions: ["doc", "xls", "ppt", "wps", "et"], contentType: { ext in
            switch ext {
            case "doc", "wps": return "application/msword"
            case "xls", "et": return "application/vnd.ms-excel"
            default: return "application/vnd.ms-powerpoint"
            }
        }, matches: { starts($0, [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) }),
    ]

    public static let allowedExtensions = kinds.flatMap(\.extensions).sorted()

    /// A safe file name (no folders, no control characters, at most 100 characters) and the content type
    /// the bytes prove, or a field error in Chinese.
    public static func check(name raw: String, data: Data, maxBytes: Int) throws -> (name: String, contentType: String) {
        let base = raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let name = String(base.unicodeScalars.filter { $0.properties.generalCategory != .control && $0 != "\"" }.map(Character.init)).trimmed
        guard !name.isEmpty, !data.isEmpty else { throw HuiyinError.missing("file", "附件文件") }
        guard name.count <= 100 else { throw HuiyinError.invalid("file_name_too_long", "附件文件名不得超过100字", field: "file") }
        guard data.count <= maxBytes else {
            throw HuiyinError(.tooLarge, "file_too_large", "附件不得超过\(maxBytes / (1 << 20))MB（现为\(String(format: "%.1f", Double(data.count) / 1_048_576))MB）", field: "file")
        }
        let ext = name.split(separator: ".").count > 1 ? String(name.split(separator: ".").last!).lowercased() : ""
        guard let kind = kinds.first(where: { $0.extensions.contains(ext) }) else {
            throw HuiyinError.invalid("file_type_not_allowed",
                                      "不支持的附件类型“\(ext.isEmpty ? name : ext)”，可上传：\(allowedExtensions.joined(separator: "、"))", field: "file")
        }
        guard kind.matches(data) else {
            throw HuiyinError.invalid("file_content_mismatch", "附件内容与扩展名 .\(ext) 不符，请上传真实的文件", field: "file")
        }
        return (name, kind.contentType(ext))
    }
}
