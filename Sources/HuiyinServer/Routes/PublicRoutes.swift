import Foundation
import Hummingbird
import HuiyinCore
import HuiyinService

/// `/api/v1/public`: what a citizen can do without an account — submit (网上信访), follow the case
/// with its number and query code, rate the answer, ask for 复查/复核, withdraw.
struct PublicRoutes {
    let api: API

    struct Lookup: Decodable { var queryCode: String?
        enum CodingKeys: String, CodingKey { case queryCode = "query_code" } }

    func register(_ router: Router<HuiyinRequestContext>) {
        let group = router.group("api/v1/public/cases")

        group.post { request, _ -> Response in
            let draft = try await api.decode(CaseDraft.self, request)
            return try ReceiptJSON(try await api.huiyin.cases.register(draft, by: .petitioner, now: api.now)).response()
        }

        // The query code travels in the body, never in the URL (URLs end up in logs).
        group.post(":number/lookup") { request, context -> Response in
            let body = try await api.decode(Lookup.self, request)
            let view = try await api.huiyin.cases.lookup(number: context.parameters.get("number") ?? "",
                                                         queryCode: body.queryCode ?? "", now: api.now)
            return try JSONIO.response(CaseJSON(view, detail: true))
        }

        group.post(":number/actions") { request, context -> Response in
            let action = try await api.decode(ActionRequest.self, request)
            let view = try await api.huiyin.cases.performAsPetitioner(action, number: context.parameters.get("number") ?? "", now: api.now)
            return try JSONIO.response(CaseJSON(view, detail: true))
        }
    }
}
