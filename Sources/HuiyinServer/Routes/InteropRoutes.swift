import Foundation
import Hummingbird
import HuiyinCore
import HuiyinService
import HuiyinStore

/// API keys for Open311 apps (admin only).
struct InteropRoutes {
    let api: API

    struct NewKeyBody: Decodable { var name: String }

    struct APIKeyJSON: Encodable {
        var id: Int64
        var name: String
        var prefix: String
        /// Only in the answer to issuing.
        var key: String?
        var createdAt: String
        var createdBy: String
        var revokedAt: String?
        var lastUsedAt: String?
        var active: Bool

        init(_ k: APIKey, secret: String? = nil) {
            id = k.id; name = k.name; prefix = k.prefix; key = secret; createdAt = ChinaTime.timestamp(k.createdAt); createdBy = k.createdBy
            revokedAt = k.revokedAt.map(ChinaTime.timestamp); lastUsedAt = k.lastUsedAt.map(ChinaTime.timestamp); active = k.active
        }
    }

    func register(_ router: Router<HuiyinRequestContext>) {
        router.get("api/v1/open311/keys") { request, _ -> Response in
            let user = try await api.user(request)
            return try JSONIO.response(try await api.huiyin.apiKeys.list(by: .user(user)).map { APIKeyJSON($0) })
        }

        router.post("api/v1/open311/keys") { request, _ -> Response in
            let user = try await api.user(request)
            let body = try await api.decode(NewKeyBody.self, request)
            let (key, secret) = try await api.huiyin.apiKeys.issue(name: body.name, by: .user(user), now: api.now)
            return try JSONIO.response(APIKeyJSON(key, secret: secret), status: .created)
        }

        router.delete("api/v1/open311/keys/:id") { request, context -> Response in
            let user = try await api.user(request)
            guard let id = context.parameters.get("id").flatMap(Int64.init) else {
                throw HuiyinError.notFound("api_key_not_found", "API 密钥不存在")
            }
            _ = try await api.huiyin.apiKeys.revoke(id: id, by: .user(user), now: api.now)
            return Response(status: .noContent)
        }
    }
}
