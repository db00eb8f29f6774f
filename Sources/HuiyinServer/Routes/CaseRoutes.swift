import Foundation
import Hummingbird
import HuiyinCore
import HuiyinService

/// `/api/v1/cases`: registration, lists, the case page and actions, for logged-in users.
struct CaseRoutes {
    let api: API

    func register(_ router: Router<HuiyinRequestContext>) {
        let cases = router.group("api/v1/cases")

        // 登记: staff register letters, visits, calls …; citizens with an account submit online.
        cases.post { request, _ -> Response in
            let user = try await api.user(request)
            let draft = try await api.decode(CaseDraft.self, request)
            return try ReceiptJSON(try await api.huiyin.cases.register(draft, by: .user(user), now: api.now)).response()
        }

        cases.get { request, _ -> Response in
            let user = try await api.user(request)
            let result = try await api.huiyin.cases.list(CaseFilter(parameters: api.query(request)), by: user, now: api.now)
            return try JSONIO.response(CaseListJSON(total: result.total, totalCapped: result.totalCapped, page: result.page, perPage: result.perPage,
                                                    cases: result.views.map { CaseJSON($0, detail: false) }))
        }

        cases.get(":id") { request, context -> Response in
            let user = try await api.user(request)
            let view = try await caseView(context.parameters.get("id") ?? "", user)
            return try JSONIO.response(CaseJSON(view, detail: true))
        }

        cases.post(":id/actions") { request, context -> Response in
            let user = try await api.user(request)
            let id = try await caseID(context.parameters.get("id") ?? "", user)
            let action = try await api.decode(ActionRequest.self, request)
            let view = try await api.huiyin.cases.perform(action, onCase: id, by: .user(user), now: api.now)
            return try JSONIO.response(CaseJSON(view, detail: true))
        }
    }

    /// A case by numeric id or by its number (`2026-000123`).
    private func caseView(_ key: String, _ user: User) async throws -> CaseView {
        if let id = Int64(key) { return try await api.huiyin.cases.view(id: id, by: .user(user), now: api.now) }
        return try await api.huiyin.cases.view(number: key, by: .user(user), now: api.now)
    }

    private func caseID(_ key: String, _ user: User) async throws -> Int64 {
        if let id = Int64(key) { return id }
        return try await caseView(key, user).case.id
    }
}
