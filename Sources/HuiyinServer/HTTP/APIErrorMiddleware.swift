import Foundation
import Hummingbird
import HuiyinCore
import HuiyinStore
import Logging

/// Turns every thrown error into `{"error": {"code", "message", "field"?}}` with the right status.
/// A known path asked with a method it does not serve answers 405 `method_not_allowed` with `Allow`.
struct APIErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger
    var routes: RouteMethods?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let e as any HTTPResponseError where e.status == .notFound {
            let allowed = routes?.allowed(request.uri.path) ?? []
            guard !allowed.isEmpty, !allowed.contains(request.method.rawValue) else {
                let (e, status) = Self.classify(e, request: request, logger: logger)
                return Self.response(e, status: status)
            }
            var response = Self.response(HuiyinError(.badRequest, "method_not_allowed",
                                                     "该接口不支持 \(request.method) 方法，可用：\(allowed.joined(separator: "、"))"),
                                         status: .methodNotAllowed)
            response.headers[.allow] = allowed.joined(separator: ", ")
            return response
        } catch {
            let (e, status) = Self.classify(error, request: request, logger: logger)
            return Self.response(e, status: status)
        }
    }

    /// Any thrown error as the error users see, with a status where it is not the kind's usual one.
    /// Unexpected errors are logged here and reported as `internal_error` (the web pages use this too).
    static func classify(_ error: any Error, request: Request, logger: Logger) -> (HuiyinError, HTTPResponse.Status?) {
        switch error {
        case let e as HuiyinError:
            return (e, nil)
        case let e as StoreError:
            return (e.huiyinError, nil)
        case let e as any HTTPResponseError:
            switch e.status {
            case .notFound:
                return (HuiyinError(.notFound, "route_not_found", "接口不存在：\(request.method) \(request.uri.path)"), nil)
            case .contentTooLarge:
                return (HuiyinError(.tooLarge, "body_too_large", "请求内容过大"), nil)
            case .methodNotAllowed:
                return (HuiyinError(.badRequest, "method_not_allowed", "该接口不支持 \(request.method) 方法"), .methodNotAllowed)
            default:
                return (HuiyinError(.badRequest, "bad_request", (e as? HTTPError)?.body ?? "请求无效"), e.status)
            }
        case let e as DecodingError:
            return (describe(e), nil)
        default:
            logger.error("unhandled error on \(request.method) \(request.uri.path): \(error)")
            return (HuiyinError(.internalError, "internal_error", "服务器内部错误，请稍后重试"), nil)
        }
    }

    static func status(_ kind: HuiyinError.Kind) -> HTTPResponse.Status {
        switch kind {
        case .badRequest: return .badRequest
        case .invalid: return .unprocessableContent
        case .unauthenticated: return .unauthorized
        case .forbidden: return .forbidden
        case .notFound: return .notFound
        case .conflict: return .conflict
        case .tooLarge: return .contentTooLarge
        case .rateLimited: return .tooManyRequests
        case .internalError: return .internalServerError
        case .unavailable: return .serviceUnavailable
        }
    }

    struct Body: Encodable {
        struct Detail: Encodable { var code: String; var message: String; var field: String? }
        var error: Detail
    }

    static func response(_ e: HuiyinError, status: HTTPResponse.Status? = nil) -> Response {
        let body = Body(error: .init(code: e.code, message: e.message, field: e.field))
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        if e.kind == .unauthenticated { headers[.wwwAuthenticate] = "Bearer" }
        let data = (try? JSONIO.encoder.encode(body)) ?? Data()
        return Response(status: status ?? Self.status(e.kind), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// A JSON body with the wrong shape: say which field, in Chinese.
    static func describe(_ e: DecodingError) -> HuiyinError {
        func path(_ ctx: DecodingError.Context) -> String {
            ctx.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
                .trimmingCharacters(in: CharacterSet(charactersIn: "."))
        }
        switch e {
        case .dataCorrupted(let ctx) where ctx.codingPath.isEmpty:
            return HuiyinError(.badRequest, "invalid_json", "请求内容不是有效的 JSON")
        case .dataCorrupted(let ctx):
            return HuiyinError(.badRequest, "invalid_field", "字段 \(path(ctx)) 的值格式不正确", field: path(ctx))
        case .typeMismatch(_, let ctx):
            return HuiyinError(.badRequest, "invalid_field", "字段 \(path(ctx)) 的类型不正确", field: path(ctx))
        case .valueNotFound(_, let ctx):
            return HuiyinError(.badRequest, "invalid_field", "字段 \(path(ctx)) 不能为 null", field: path(ctx))
        case .keyNotFound(let key, let ctx):
            let field = (path(ctx).isEmpty ? "" : path(ctx) + ".") + key.stringValue
            return HuiyinError(.invalid, "missing_field", "缺少必填项：\(field)", field: field)
        @unknown default:
            return HuiyinError(.badRequest, "invalid_json", "请求内容无法解析")
        }
    }
}
