import Foundation
import Hummingbird
import HuiyinCore

/// A submitted HTML form: `application/x-www-form-urlencoded`, or `multipart/form-data` with files.
struct WebForm: Sendable {
    struct File: Sendable {
        var field: String
        var filename: String
        var data: Data
    }

    var fields: [(name: String, value: String)] = []
    var files: [File] = []

    /// The first value of a field, trimmed; nil when absent or blank.
    subscript(_ name: String) -> String? {
        guard let v = fields.first(where: { $0.name == name })?.value.trimmed, !v.isEmpty else { return nil }
        return v
    }

    /// Every value of a repeated field (multi-selects, repeated rows), blanks kept so rows stay aligned.
    func all(_ name: String) -> [String] { fields.filter { $0.name == name }.map { $0.value.trimmed } }

    static func read(_ request: Request, limit: Int) async throws -> WebForm {
        let buffer = try await request.body.collect(upTo: limit)
        let data = Data(buffer.readableBytesView)
        let type = request.headers[.contentType] ?? ""
        if type.lowercased().hasPrefix("multipart/form-data") {
            guard let boundary = type.components(separatedBy: "boundary=").last?.trimmingCharacters(in: CharacterSet(charactersIn: "\" ")),
                  !boundary.isEmpty else {
                throw HuiyinError(.badRequest, "invalid_form", "表单格式不正确（缺少 boundary）")
            }
            return try multipart(data, boundary: boundary)
        }
        return WebForm(fields: urlencoded(String(decoding: data, as: UTF8.self)))
    }

    static func urlencoded(_ text: String) -> [(name: String, value: String)] {
        text.split(separator: "&").compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(s)
            }
            guard let name = parts.first else { return nil }
            return (decode(name), parts.count > 1 ? decode(parts[1]) : "")
        }
    }

    static func multipart(_ body: Data, boundary: String) throws -> WebForm {
        var form = WebForm()
        let delimiter = Data("--\(boundary)".utf8)
        let headerEnd = Data("\r\n\r\n".utf8)
        var cursor = body.startIndex
        guard let first = body.range(of: delimiter, in: cursor..<body.endIndex) else {
            throw HuiyinError(.badRequest, "invalid_form", "表单内容不完整")
        }
        cursor = first.upperBound
        while let next = body.range(of: delimiter, in: cursor..<body.endIndex) {
            var part = body[cursor..<next.lowerBound]
            // Each part starts after the delimiter's CRLF and ends with CRLF.
            if part.starts(with: Data("\r\n".utf8)) { part = part.dropFirst(2) }
            if part.count >= 2, part.suffix(2) == Data("\r\n".utf8) { part = part.dropLast(2) }
            if let split = part.range(of: headerEnd) {
                let headers = String(decoding: part[part.startIndex..<split.lowerBound], as: UTF8.self)
                let content = Data(part[split.upperBound..<part.endIndex])
                let disposition = headers.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-disposition") }.map(String.init) ?? ""
                let name = parameter("name", in: disposition) ?? ""
                if let filename = parameter("filename", in: disposition) {
                    if !filename.isEmpty || !content.isEmpty { form.files.append(File(field: name, filename: filename, data: content)) }
                } else {
                    form.fields.append((name, String(decoding: content, as: UTF8.self)))
                }
            }
            cursor = next.upperBound
            if body[cursor...].starts(with: Data("--".utf8)) { break }
        }
        return form
    }

    private static func parameter(_ key: String, in header: String) -> String? {
        for piece in header.split(separator: ";") {
            let kv = piece.trimmingCharacters(in: .whitespaces)
            guard kv.hasPrefix("\(key)=") else { continue }
            return String(kv.dropFirst(key.count + 1)).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return nil
    }
}
