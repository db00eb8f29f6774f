import Foundation
import Hummingbird
import HuiyinCore
import HuiyinService

/// `/staff/login` and logout.
struct StaffAuthPages {
    let api: API
    let web: WebRenderer
    let security: WebSecurity

    struct LoginModel { var csrf: String; var next: String; var username: String; var error: String? }

    func register(_ group: RouterGroup<HuiyinRequestContext>) {
        group.get("login") { request, _ -> Response in
            if try await security.staff(request) != nil { return WebRenderer.redirect("/staff") }
            let (csrf, cookie) = WebSecurity.anonymousToken(request)
            let next = safeStaffPath(api.query(request)["next"])
            return web.page("login", LoginModel(csrf: csrf, next: next, username: "", error: nil), title: "工作人员登录",
                            cookies: cookie.map { [$0] } ?? [])
        }

        group.post("login") { request, _ -> Response in
            let form = try await WebForm.read(request, limit: 64 << 10)
            try security.verify(request, form, session: nil)
            let csrf = WebSecurity.anonymousToken(request).token
            let next = safeStaffPath(form["next"])
            do {
                let login = try await api.huiyin.auth.login(username: form["username"] ?? "", password: form.fields.first { $0.name == "password" }?.value ?? "",
                                                            now: api.now)
                guard login.user.role.isStaff else {
                    try await api.huiyin.auth.logout(token: login.token)
                    throw HuiyinError.forbidden("staff_only", "群众账号请通过网上信访页面提交和查询")
                }
                let maxAge = Int(login.expiresAt.timeIntervalSince(api.now))
                return WebRenderer.redirect(next, cookies: [security.sessionCookie(login.token, maxAge: maxAge)])
            } catch let e as HuiyinError {
                let status = APIErrorMiddleware<HuiyinRequestContext>.status(e.kind)
                return web.page("login", LoginModel(csrf: csrf, next: next, username: form["username"] ?? "", error: e.message),
                                title: "工作人员登录", status: status)
            }
        }

        group.post("logout") { request, _ -> Response in
            let form = try await WebForm.read(request, limit: 64 << 10)
            if let s = try await security.staff(request) {
                try security.verify(request, form, session: s.token)
                try await api.huiyin.auth.logout(token: s.token)
            }
            return WebRenderer.redirect("/staff/login", cookies: [security.clearSessionCookie])
        }
    }
}
