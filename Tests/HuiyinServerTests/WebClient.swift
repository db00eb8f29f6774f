import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore

/// A browser-like client for the HTML pages: keeps cookies, posts forms, reads `_csrf` from pages.
final class WebClient: @unchecked Sendable {
    struct Page {
        var status: Int
        var html: String
        var location: String?
        var headers: HTTPFields

        /// The value of the first `<input name="_csrf">` on the page.
        var csrf: String? { value(of: "_csrf") }

        func value(of name: String) -> String? {
            guard let r = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
            return String(html[r.upperBound...].prefix { $0 != "\"" })
        }

        /// Text of the element with this id (first text run).
        func text(id: String) -> String? {
            guard let r = html.range(of: "id=\"\(id)\"") else { return nil }
            guard let close = html[r.upperBound...].firstIndex(of: ">") else { return nil }
            return String(html[html.index(after: close)...].prefix { $0 != "<" })
        }
    }

    let client: any TestClientProtocol
    private let lock = NSLock()
    private var jar: [String: String] = [:]

    init(_ client: any TestClientProtocol) { self.client = client }

    func get(_ path: String) async throws -> Page { try await send(.get, path, body: nil, contentType: nil) }

    func post(_ path: String, _ fields: [(String, String)], headers extra: HTTPFields = [:]) async throws -> Page {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let body = fields.map { "\($0.0.addingPercentEncoding(withAllowedCharacters: allowed)!)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }
            .joined(separator: "&")
        return try await send(.post, path, body: ByteBuffer(string: body), contentType: "application/x-www-form-urlencoded", extra: extra)
    }

    func upload(_ path: String, fields: [(String, String)], file: (name: String, data: Data)) async throws -> Page {
        let boundary = "----huiyin\(UInt32.random(in: 0...UInt32.max))"
        var body = Data()
        for (k, v) in fields { body += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(k)\"\r\n\r\n\(v)\r\n".utf8) }
        body += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(file.name)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8)
        body += file.data + Data("\r\n--\(boundary)--\r\n".utf8)
        return try await send(.post, path, body: ByteBuffer(bytes: body), contentType: "multipart/form-data; boundary=\(boundary)")
    }

    /// Logs a staff member in through the login form.
    func login(_ username: String, password: String = "huiyin-demo") async throws -> Page {
        lock.withLock { jar["huiyin_session"] = nil }
        let form = try await get("/staff/login")
        return try await post("/staff/login", [("_csrf", form.csrf ?? ""), ("username", username), ("password", password), ("next", "/staff")])
    }

    private func send(_ method: HTTPRequest.Method, _ path: String, body: ByteBuffer?, contentType: String?, extra: HTTPFields = [:]) async throws -> Page {
        var headers = extra
        if let contentType { headers[.contentType] = contentType }
        let cookie = lock.withLock { jar.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        if !cookie.isEmpty { headers[.cookie] = cookie }
        let r = try await client.executeRequest(uri: path, method: method, headers: headers, body: body)
        for set in r.headers[values: .setCookie] {
            let pair = set.split(separator: ";")[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.count == 2 else { continue }
            let maxAgeZero = set.contains("Max-Age=0")
            lock.withLock { if maxAgeZero { jar[String(pair[0])] = nil } else { jar[String(pair[0])] = String(pair[1]) } }
        }
        return Page(status: Int(r.status.code), html: String(buffer: r.body), location: r.headers[.location], headers: r.headers)
    }
}
