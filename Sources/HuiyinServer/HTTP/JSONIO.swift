import Foundation
import Hummingbird
import HuiyinCore
import HuiyinService

/// JSON in and out: snake_case keys, UTF-8, bodies bounded.
enum JSONIO {
    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.keyEncodingStrategy = .convertToSnakeCase
        e.outputFormatting = [.withoutEscapingSlashes]
        return e
    }()

    static func response<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try encoder.encode(value)
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func body(_ request: Request, limit: Int) async throws -> Data {
        let buffer = try await request.body.collect(upTo: limit)
        return Data(buffer.readableBytesView)
    }

    static func decode<T: Decodable>(_ type: T.Type, from request: Request, limit: Int) async throws -> T {
        let data = try await body(request, limit: limit)
        guard !data.isEmpty else { throw HuiyinError(.badRequest, "empty_body", "请求内容为空，应为 JSON") }
        return try JSONDecoder().decode(type, from: data)
    }
}

extension API {
    func decode<T: Decodable>(_ type: T.Type, _ request: Request) async throws -> T {
        try await JSONIO.decode(type, from: request, limit: options.maxBodyBytes)
    }

    /// The logged-in user (`Authorization: Bearer …`), or 401.
    func user(_ request: Request) async throws -> User {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else {
            throw HuiyinError(.unauthenticated, "login_required", "请先登录")
        }
        return try await huiyin.auth.authenticate(token: String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces), now: now)
    }

    func staff(_ request: Request) async throws -> User {
        let u = try await user(request)
        guard u.role.isStaff else { throw HuiyinError.forbidden("staff_only", "该功能仅限工作人员使用") }
        return u
    }

    /// The query string as a dictionary (last value wins).
    func query(_ request: Request) -> [String: String] {
        var out: [String: String] = [:]
        for (k, v) in request.uri.queryParameters { out[String(k)] = String(v) }
        return out
    }
}
