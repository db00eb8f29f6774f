import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore

/// A JSON response: status, parsed body, and the error code when there is one.
public struct APIResponse: @unchecked Sendable {
    public var status: Int
    public var json: Any?
    public var text: String
    /// The raw body (downloads).
    public var data = Data()
    public var headers: HTTPFields = [:]

    public var object: [String: Any] { json as? [String: Any] ?? [:] }
    public var array: [[String: Any]] { json as? [[String: Any]] ?? [] }
    public subscript(key: String) -> Any? { object[key] }
    public func string(_ key: String) -> String? { object[key] as? String }
    public var errorCode: String? { (object["error"] as? [String: Any])?["code"] as? String }
    public var errorMessage: String? { (object["error"] as? [String: Any])?["message"] as? String }
    public var errorField: String? { (object["error"] as? [String: Any])?["field"] as? String }
}

/// Calls the JSON API over a real HTTP connection.
public struct APIClient: Sendable {
    public typealias Send = @Sendable (HTTPRequest.Method, String, HTTPFields, ByteBuffer?) async throws
        -> (status: Int, headers: HTTPFields, body: ByteBuffer)
    let send: Send

    /// Through HummingbirdTesting's live test framework.
    public init(_ client: any TestClientProtocol) {
        send = { method, uri, headers, body in
            let r = try await client.executeRequest(uri: uri, method: method, headers: headers, body: body)
            return (Int(r.status.code), r.headers, r.body)
        }
    }

    /// Through a plain client connected to a server process.
    public init(_ client: TestClient) {
        send = { method, uri, headers, body in
            let r = try await client.execute(TestClient.Request(uri, method: method, authority: "127.0.0.1", headers: headers, body: body))
            return (Int(r.status.code), r.headers, r.body ?? ByteBuffer())
        }
    }

    public func call(_ method: HTTPRequest.Method, _ path: String, json: Any? = nil, raw: String? = nil,
                     token: String? = nil, contentType: String = "application/json", headers extra: HTTPFields = [:]) async throws -> APIResponse {
        var headers = extra
        if let token { headers[.authorization] = "Bearer \(token)" }
        var body: ByteBuffer? = nil
        if let json {
            body = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json))
            headers[.contentType] = contentType
        } else if let raw {
            body = ByteBuffer(string: raw)
            headers[.contentType] = contentType
        }
        let (status, responseHeaders, buffer) = try await send(method, path, headers, body)
        let data = Data(buffer.readableBytesView)
        let parsed = data.isEmpty ? nil : try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        return APIResponse(status: status, json: parsed, text: String(decoding: data, as: UTF8.self), data: data, headers: responseHeaders)
    }

    public func get(_ path: String, token: String? = nil) async throws -> APIResponse { try await call(.get, path, token: token) }
    public func post(_ path: String, _ json: Any, token: String? = nil) async throws -> APIResponse {
        try await call(.post, path, json: json, token: token)
    }

    /// Logs in a demo user (password `huiyin-demo`) and returns the bearer token.
    public func login(_ username: String, password: String = TestWorld.password) async throws -> String {
        let r = try await post("/api/v1/login", ["username": username, "password": password])
        guard r.status == 200, let token = r.string("token") else {
            throw NSError(domain: "login", code: r.status, userInfo: [NSLocalizedDescriptionKey: "login \(username) failed: \(r.text)"])
        }
        return token
    }

    /// `POST /api/v1/cases/{id}/actions`.
    public func act(_ id: Any, _ action: String, _ fields: [String: Any] = [:], token: String) async throws -> APIResponse {
        var body = fields
        body["action"] = action
        return try await post("/api/v1/cases/\(id)/actions", body, token: token)
    }
}

/// The JSON body of a letter about rubbish in 石桥村 (as the API takes it).
public func letterJSON(kind: String = "申诉求决", received: String? = nil, name: String = "张三", extra: [String: Any] = [:]) -> [String: Any] {
    var body: [String: Any] = [
        "channel": "来信", "kind": kind, "title": "石桥村垃圾长期无人清运",
        "content": "石桥村垃圾站半个月无人清运，气味很大，请尽快处理。",
        "category": "城乡建设/城市建设和市政管理/环境卫生", "territory": "yx-dh-qs-sq",
        "petitioners": [["name": name, "id_number": TestWorld.idNumber(), "phone": "13912345678", "address": "东湖区青石镇石桥村8号"]],
    ]
    if let received { body["received_at"] = received }
    for (k, v) in extra { body[k] = v }
    return body
}
