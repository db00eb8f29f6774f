import Foundation
import HTTPTypes
import Hummingbird
import HuiyinCore
import HuiyinService

/// Cookies, the staff session and CSRF protection of the web pages.
///
/// - The staff session is the same bearer token as the API, carried in an `HttpOnly`, `SameSite=Strict`
///   cookie limited to `/staff`; it ends with the token (logout, expiry after `sessionLifetime`).
/// - Every form carries `_csrf`. With a session it must equal a keyed hash of the session token; without
///   one (portal, login) it must equal the random `huiyin_csrf` cookie (double submit). Any POST whose
///   `Origin` is not this server, or that the browser marks `Sec-Fetch-Site: cross-site`, is refused too.
struct WebSecurity: Sendable {
    let api: API
    static let sessionCookie = "huiyin_session"
    static let csrfCookie = "huiyin_csrf"

    static let csrfFailed = HuiyinError.forbidden("csrf_failed", "表单已过期或来源不明（安全校验失败），请刷新页面后重新提交")

    static func cookies(_ request: Request) -> [String: String] {
        var out: [String: String] = [:]
        for header in request.headers[values: .cookie] {
            for pair in header.split(separator: ";") {
                let kv = pair.split(separator: "=", maxSplits: 1)
                guard kv.count == 2 else { continue }
                out[kv[0].trimmingCharacters(in: .whitespaces)] = kv[1].trimmingCharacters(in: .whitespaces)
            }
        }
        return out
    }

    /// The logged-in staff member and their token, or nil (no cookie, expired, citizen account).
    func staff(_ request: Request) async throws -> (user: User, token: String)? {
        guard let token = Self.cookies(request)[Self.sessionCookie], !token.isEmpty else { return nil }
        do {
            let user = try await api.huiyin.auth.authenticate(token: token, now: api.now)
            return user.role.isStaff ? (user, token) : nil
        } catch let e as HuiyinError where e.kind == .unauthenticated {
            return nil
        }
    }

    /// The staff member, or 401 (the web error middleware turns it into a redirect to the login page).
    func requireStaff(_ request: Request) async throws -> (user: User, token: String) {
        guard let s = try await staff(request) else { throw HuiyinError(.unauthenticated, "login_required", "请先登录") }
        return s
    }

    func csrfToken(session token: String) -> String {
        api.huiyin.vault.hash(token, purpose: "csrf").base64URL
    }

    /// The anonymous CSRF token of this browser, and the cookie to set when it has none yet.
    static func anonymousToken(_ request: Request) -> (token: String, setCookie: String?) {
        if let t = cookies(request)[csrfCookie], t.count >= 20, t.count <= 64 { return (t, nil) }
        let t = RandomToken.make(bytes: 24)
        return (t, "\(csrfCookie)=\(t); Path=/; HttpOnly; SameSite=Lax")
    }

    /// Refuses a POST that does not come from our own pages.
    func verify(_ request: Request, _ form: WebForm, session: String?) throws {
        if request.headers[HTTPField.Name("Sec-Fetch-Site")!] == "cross-site" { throw Self.csrfFailed }
        if let origin = request.headers[HTTPField.Name("Origin")!], let host = request.head.authority {
            let bare = origin.replacingOccurrences(of: "https://", with: "").replacingOccurrences(of: "http://", with: "")
            guard bare == host else { throw Self.csrfFailed }
        }
        let expected = session.map(csrfToken(session:)) ?? Self.cookies(request)[Self.csrfCookie] ?? ""
        guard !expected.isEmpty, let sent = form["_csrf"], constantTimeEqualStrings(sent, expected) else { throw Self.csrfFailed }
    }

    func sessionCookie(_ token: String, maxAge: Int) -> String {
        "\(Self.sessionCookie)=\(token); Path=/staff; HttpOnly; SameSite=Strict; Max-Age=\(maxAge)" + (api.options.secureCookies ? "; Secure" : "")
    }

    var clearSessionCookie: String { "\(Self.sessionCookie)=; Path=/staff; HttpOnly; SameSite=Strict; Max-Age=0" }
}

func constantTimeEqualStrings(_ a: String, _ b: String) -> Bool {
    let x = Array(a.utf8), y = Array(b.utf8)
    guard x.count == y.count else { return false }
    var diff: UInt8 = 0
    for (p, q) in zip(x, y) { diff |= p ^ q }
    return diff == 0
}

extension Data {
    var base64URL: String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
