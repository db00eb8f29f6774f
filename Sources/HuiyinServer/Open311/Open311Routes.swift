import Foundation
import HTTPTypes
import Hummingbird
import HuiyinCore
import HuiyinService
import HuiyinStore
import Logging

/// Open311 GeoReport v2 under `/open311/v2/`: `discovery`, `services`, `services/{code}`, `requests`
/// (GET and POST), `requests/{id}`, `tokens/{token}`, each as `.xml` (also without a suffix) or `.json`.
/// Errors are Open311 error lists: 403 for a missing or wrong api_key, 404 for what does not exist,
/// 400 for the rest.
struct Open311Routes {
    let api: API
    let logger: Logger

    enum Format { case xml, json }

    func register(_ router: Router<HuiyinRequestContext>) {
        let group = router.group("open311/v2")
        for (suffix, format) in [("", Format.xml), (".xml", .xml), (".json", .json)] {
            group.get("discovery\(suffix)") { request, _ in await respond(format) { discovery(request) } }
            group.get("services\(suffix)") { _, _ in await respond(format) { services() } }
            group.get("requests\(suffix)") { request, _ in
                await respond(format) { try await requests(api.query(request)) }
            }
            group.post("requests\(suffix)") { request, _ in await respond(format) { try await create(request) } }
        }
        group.get("services/:code") { _, context in
            let (code, format) = Self.split(context.parameters.get("code") ?? "")
            return await respond(format) { try service(code) }
        }
        group.get("requests/:id") { _, context in
            let (id, format) = Self.split(context.parameters.get("id") ?? "")
            return await respond(format) { try await single(id) }
        }
        group.get("tokens/:token") { _, context in
            let (value, format) = Self.split(context.parameters.get("token") ?? "")
            return await respond(format) { try await token(value) }
        }
    }

    /// `010101.json` → (`010101`, JSON).
    static func split(_ segment: String) -> (String, Format) {
        if segment.hasSuffix(".json") { return (String(segment.dropLast(5)), .json) }
        if segment.hasSuffix(".xml") { return (String(segment.dropLast(4)), .xml) }
        return (segment, .xml)
    }

    // MARK: Endpoints

    private func discovery(_ request: Request) -> (String, Open311Value) {
        let base = Self.baseURL(request) + "/open311/v2"
        let changeset = ChinaTime.timestamp(Date(timeIntervalSince1970: 1_763_683_200))
        return ("discovery", .object([
            ("changeset", .text(changeset)),
            ("contact", .text("回音 Huiyin 信访工作机构（API 密钥由系统管理员发放）")),
            ("key_service", .text("向系统管理员申请 API 密钥（管理后台：POST /api/v1/open311/keys）")),
            ("endpoints", .list(item: "endpoint", [.object([
                ("specification", .text("http://wiki.open311.org/GeoReport_v2")),
                ("url", .text(base)),
                ("changeset", .text(changeset)),
                ("type", .text("production")),
                ("formats", .list(item: "format", [.text("text/xml"), .text("application/json")])),
            ])])),
        ]))
    }

    private func services() -> (String, Open311Value) {
        ("services", .list(item: "service", api.huiyin.open311.services().map { s in
            .object([("service_code", .text(s.code)), ("service_name", .text(s.name)), ("description", .text(s.description)),
                     ("metadata", .bool(true)), ("type", .text("realtime")), ("keywords", .text(s.keywords.joined(separator: ","))),
                     ("group", .text(s.group))])
        }))
    }

    private func service(_ code: String) throws -> (String, Open311Value) {
        let (service, attributes) = try api.huiyin.open311.definition(code: code)
        return ("service_definition", .object([
            ("service_code", .text(service.code)),
            ("attributes", .list(item: "attribute", attributes.map { a in
                .object([("variable", .bool(true)), ("code", .text(a.code)), ("datatype", .text(a.datatype.rawValue)),
                         ("required", .bool(a.required)), ("datatype_description", .text(a.datatypeDescription)),
                         ("order", .int(a.order)), ("description", .text(a.description)),
                         ("values", a.values.isEmpty ? nil : .list(item: "value", a.values.map {
                             .object([("key", .text($0.key)), ("name", .text($0.name))])
                         }))])
            })),
        ]))
    }

    private func create(_ request: Request) async throws -> (String, Open311Value) {
        let body = try await request.body.collect(upTo: api.options.maxBodyBytes)
        var form = Open311Form(request.uri.query ?? "")
        form.fields += Open311Form(String(decoding: body.readableBytesView, as: UTF8.self)).fields
        let created = try await api.huiyin.open311.submit(form.submission, apiKey: form.first("api_key"), now: api.now)
        return ("service_requests", .list(item: "request", [.object([
            ("service_request_id", .text(created.serviceRequestID)), ("service_notice", .text(created.notice)),
            ("account_id", created.accountID.map(Open311Value.text)),
        ])]))
    }

    private func requests(_ parameters: [String: String]) async throws -> (String, Open311Value) {
        ("service_requests", .list(item: "request", try await api.huiyin.open311.requests(parameters, now: api.now).map(Self.value)))
    }

    private func single(_ id: String) async throws -> (String, Open311Value) {
        ("service_requests", .list(item: "request", [Self.value(try await api.huiyin.open311.request(number: id, now: api.now))]))
    }

    private func token(_ token: String) async throws -> (String, Open311Value) {
        let id = try await api.huiyin.open311.request(token: token)
        return ("service_requests", .list(item: "request", [.object([("service_request_id", .text(id)), ("token", .text(token))])]))
    }

    static func value(_ r: Open311.Request) -> Open311Value {
        func coordinate(_ s: String?) -> Open311Value? { s.flatMap(Double.init).map(Open311Value.double) }
        return .object([
            ("service_request_id", .text(r.id)), ("status", .text(r.status)), ("status_notes", .text(r.statusNotes)),
            ("service_name", r.serviceName.map(Open311Value.text)), ("service_code", r.serviceCode.map(Open311Value.text)),
            ("description", .text(r.description)), ("agency_responsible", r.agencyResponsible.map(Open311Value.text)),
            ("service_notice", r.serviceNotice.map(Open311Value.text)),
            ("requested_datetime", .text(ChinaTime.timestamp(r.requested))), ("updated_datetime", .text(ChinaTime.timestamp(r.updated))),
            ("expected_datetime", r.expected.map { .text(ChinaTime.timestamp($0)) }),
            ("address", r.address.map(Open311Value.text)), ("address_id", r.addressID.map(Open311Value.text)),
            ("lat", coordinate(r.lat)), ("long", coordinate(r.long)), ("media_url", r.mediaURL.map(Open311Value.text)),
        ])
    }

    // MARK: Writing

    private func respond(_ format: Format, _ body: () async throws -> (String, Open311Value)) async -> Response {
        do {
            let (root, value) = try await body()
            return Self.response(format, root: root, value, status: .ok)
        } catch {
            return errorResponse(format, error)
        }
    }

    private func errorResponse(_ format: Format, _ error: any Error) -> Response {
        let e: HuiyinError
        switch error {
        case let h as HuiyinError: e = h
        case let s as StoreError: e = s.huiyinError
        case is any HTTPResponseError: e = HuiyinError(.tooLarge, "body_too_large", "请求内容过大")
        default:
            logger.error("open311: \(error)")
            e = HuiyinError(.internalError, "internal_error", "服务器内部错误，请稍后重试")
        }
        let status: HTTPResponse.Status = switch e.kind {
        case .forbidden, .unauthenticated: .forbidden
        case .notFound: .notFound
        case .internalError, .unavailable: .internalServerError
        default: .badRequest
        }
        let value = Open311Value.list(item: "error", [.object([("code", .int(status.code)), ("description", .text("\(e.code)：\(e.message)"))])])
        return Self.response(format, root: "errors", value, status: status)
    }

    static func response(_ format: Format, root: String, _ value: Open311Value, status: HTTPResponse.Status) -> Response {
        let (data, type) = format == .json ? (value.json(), "application/json; charset=utf-8")
                                           : (Data(value.xml(root: root).utf8), "text/xml; charset=utf-8")
        return Response(status: status, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// `http://host:port` as the client reached us (honouring a proxy's `X-Forwarded-Proto`).
    static func baseURL(_ request: Request) -> String {
        let scheme = request.headers[HTTPField.Name("X-Forwarded-Proto")!] ?? "http"
        let host = request.head.authority ?? "127.0.0.1"
        return "\(scheme)://\(host)"
    }
}
