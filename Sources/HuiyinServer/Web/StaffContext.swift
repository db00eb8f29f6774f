import Foundation
import Hummingbird
import HuiyinCore
import HuiyinService

/// What every workbench page needs: the staff member, their CSRF token and the navigation.
struct StaffContext {
    var user: User
    var token: String
    var csrf: String
    var nav: WebRenderer.StaffNav

    static func make(_ s: (user: User, token: String), security: WebSecurity, directory dir: Directory, current: String) -> StaffContext {
        var links: [(String, String, String)] = [("/staff", "工作台", "nav-home"), ("/staff/cases", "信访事项", "nav-cases"),
                                                 ("/staff/search", "全文检索", "nav-search")]
        if [.registrar, .dispatcher].contains(s.user.role) { links.append(("/staff/cases/new", "登记", "nav-new")) }
        if [.registrar, .dispatcher, .admin].contains(s.user.role) { links.append(("/staff/wall", "回音墙审核", "nav-wall")) }
        links.append(("/staff/grids", "网格", "nav-grids"))
        links.append(("/staff/disputes", "矛盾调解", "nav-disputes"))
        links.append(("/staff/receptions", "接待日", "nav-receptions"))
        links.append(("/staff/pairings", "结对帮扶", "nav-pairings"))
        links.append(("/staff/pledges", "承诺践诺", "nav-pledges"))
        links.append(("/staff/meetings", "议事表决", "nav-meetings"))
        links.append(("/staff/evaluations", "群众评议", "nav-evaluations"))
        if [.leader, .supervisor, .dispatcher, .admin].contains(s.user.role) {
            links.append(("/staff/dashboard", "统计分析", "nav-dashboard"))
            links.append(("/staff/statistics", "考核排名与通报", "nav-statistics"))
            links.append(("/staff/hot", "热点预警", "nav-hot"))
        }
        if s.user.role == .admin {
            links.append(("/staff/routing", "派单规则", "nav-routing"))
            links.append(("/staff/settings/sensitive", "敏感期", "nav-sensitive"))
            links.append(("/staff/settings/webhooks", "Webhook", "nav-webhooks"))
        }
        links.append(("/staff/settings/notifications", "通知设置", "nav-notify"))
        let nav = WebRenderer.StaffNav(
            name: s.user.displayName, role: s.user.role.label, unit: s.user.unitCode.flatMap { dir.unit($0)?.name } ?? "",
            links: links.map { .init(href: $0.0, label: $0.1, id: $0.2, current: $0.0 == current) })
        return StaffContext(user: s.user, token: s.token, csrf: security.csrfToken(session: s.token), nav: nav)
    }
}

extension WebSecurity {
    /// The logged-in staff member's page context (401 → the login page when there is none).
    func staffContext(_ request: Request, _ current: String) async throws -> StaffContext {
        StaffContext.make(try await requireStaff(request), security: self, directory: api.huiyin.reference.snapshot.directory,
                          current: current)
    }
}

/// Where to go after a form: only our own workbench paths (never an open redirect).
func safeStaffPath(_ raw: String?, default fallback: String = "/staff") -> String {
    guard let raw, raw.hasPrefix("/staff"), !raw.hasPrefix("//"), !raw.contains("\\"), !raw.contains("\r"), !raw.contains("\n") else {
        return fallback
    }
    return raw
}
