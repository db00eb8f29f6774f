import Foundation
import Hummingbird
import HuiyinCore
import Logging

/// Errors on web pages become an HTML page in Chinese with a stable code (`#error-code`), and "not
/// logged in" under /staff becomes a redirect to the login page that comes back afterwards.
struct WebErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let renderer: WebRenderer
    let logger: Logger

    struct ErrorModel { var code: String; var message: String; var status: Int; var staff: Bool }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let (e, status) = APIErrorMiddleware<Context>.classify(error, request: request, logger: logger)
            let staff = request.uri.path.hasPrefix("/staff")
            if e.kind == .unauthenticated, staff {
                let back = request.method == .get ? request.uri.path + (request.uri.query.map { "?" + $0 } ?? "") : "/staff"
                let encoded = back.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "%2Fstaff"
                return WebRenderer.redirect("/staff/login?next=" + encoded)
            }
            let shown = status ?? APIErrorMiddleware<Context>.status(e.kind)
            return renderer.page("error", ErrorModel(code: e.code, message: e.message, status: Int(shown.code), staff: staff),
                                 title: "出错了", status: shown)
        }
    }
}
