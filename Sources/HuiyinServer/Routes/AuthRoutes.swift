import Foundation
import Hummingbird
import HuiyinCore
import HuiyinService

/// Login, logout and "who am I".
struct AuthRoutes {
    let api: API

    struct Credentials: Decodable { var username: String; var password: String }
    struct LoginJSON: Encodable { var token: String; var expiresAt: String; var user: UserJSON }

    func register(_ router: Router<HuiyinRequestContext>) {
        router.post("api/v1/login") { request, _ -> Response in
            let c = try await api.decode(Credentials.self, request)
            let login = try await api.huiyin.auth.login(username: c.username, password: c.password, now: api.now)
            return try JSONIO.response(LoginJSON(token: login.token, expiresAt: ChinaTime.timestamp(login.expiresAt),
                                                 user: UserJSON(login.user, api.huiyin.reference.snapshot.directory)))
        }

        router.post("api/v1/logout") { request, _ -> Response in
            _ = try await api.user(request)
            let token = String(request.headers[.authorization]?.dropFirst(7) ?? "")
            try await api.huiyin.auth.logout(token: token.trimmingCharacters(in: .whitespaces))
            return Response(status: .noContent)
        }

        router.get("api/v1/me") { request, _ -> Response in
            let user = try await api.user(request)
            return try JSONIO.response(UserJSON(user, api.huiyin.reference.snapshot.directory))
        }
    }
}

struct UserJSON: Encodable, Sendable {
    var id: Int64
    var username: String
    var name: String
    var role: String
    var roleLabel: String
    var unit: NamedJSON?
    var active: Bool

    init(_ u: User, _ dir: Directory) {
        id = u.id; username = u.username; name = u.displayName; role = u.role.rawValue; roleLabel = u.role.label
        unit = NamedJSON.unit(u.unitCode, dir); active = u.active
    }
}
