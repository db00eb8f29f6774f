import Foundation
import Hummingbird
import HuiyinCore
import HuiyinStore
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
            let e: HuiyinError
            switch error {
            case let h as HuiyinError: e = h
            case let s as StoreError: e = s.huiyinError
            case let h as any HTTPResponseError where h.status == .contentTooLarge:
                e = HuiyinError(.tooLarge, "body_too_large", "提交的内容过大（附件不得超过10MB）")
            case let h as any HTTPResponseError:
                e = HuiyinError(.badRequest, "bad_request", (h as? HTTPError)?.body ?? "请求无效")
            default:
                logger.error("unhandled error on \(request.method) \(request.uri.path): \(error)")
                e = HuiyinError(.internalError, "internal_error", "服务器内部错误，请稍后重试")
            }
            let staff = request.uri.path.hasPrefix("/staff")
            if e.kind == .unauthenticated, staff {
                let back = request.method == .get ? request.uri.path + (request.uri.query.map { "?" + $0 } ?? "") : "/staff"
                let encoded = back.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "%2Fstaff"
                return WebRenderer.redirect("/staff/login?next=" + encoded)
            }
            let status = APIErrorMiddleware<Context>.status(e.kind)
            return renderer.page("error", ErrorModel(code: e.code, message: e.message, status: Int(status.code), staff: staff),
                                 title: "出错了", status: status)
        }
    }
}
