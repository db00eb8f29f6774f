import Foundation
import Hummingbird
import HuiyinCore
import HuiyinService
import HuiyinStore

/// API keys for Open311 apps (admin only), and case lists out of and into CSV / XLSX.
struct InteropRoutes {
    let api: API

    struct NewKeyBody: Decodable { var name: String }

    struct APIKeyJSON: Encodable {
        var id: Int64
        var name: String
        var prefix: String
        /// Only in the answer to issuing.
        var key: String?
        var createdAt: String
        var createdBy: String
        var revokedAt: String?
        var lastUsedAt: String?
        var active: Bool

        init(_ k: APIKey, secret: String? = nil) {
            id = k.id; name = k.name; prefix = k.prefix; key = secret; createdAt = ChinaTime.timestamp(k.createdAt); createdBy = k.createdBy
            revokedAt = k.revokedAt.map(ChinaTime.timestamp); lastUsedAt = k.lastUsedAt.map(ChinaTime.timestamp); active = k.active
        }
    }

    struct ImportJSON: Encodable {
        struct RowErrorJSON: Encodable { var row: Int; var code: String; var message: String; var field: String? }
        var rows: Int
        var imported: Int
        var replied: Int
        var failed: Int
        var errors: [RowErrorJSON]
        var columns: [String: String]
    }

    struct NewWebhookBody: Decodable { var url: String; var events: [String]?; var territory: String?; var description: String? }

    struct WebhookJSON: Encodable {
        var id: Int64; var url: String; var events: [String]; var description: String; var createdAt: String; var createdBy: String
        var territory: String?
        /// Only in the answer to subscribing.
        var secret: String?
        init(_ w: Webhook, secret: String? = nil) {
            id = w.id; url = w.url; events = w.events; description = w.description; createdAt = ChinaTime.timestamp(w.createdAt)
            createdBy = w.createdBy; territory = w.territory; self.secret = secret
        }
    }

    struct DeliveryJSON: Encodable {
        var id: Int64; var event: String; var caseId: Int64; var createdAt: String; var attempts: Int; var status: String
        var deliveredAt: String?; var nextAttemptAt: String?; var lastStatus: Int?; var lastError: String?; var payload: String
        init(_ d: WebhookDelivery) {
            id = d.id; event = d.event; caseId = d.caseID; createdAt = ChinaTime.timestamp(d.createdAt); attempts = d.attempts
            status = d.deliveredAt != nil ? "delivered" : d.failedAt != nil ? "failed" : "pending"
            deliveredAt = d.deliveredAt.map(ChinaTime.timestamp); nextAttemptAt = d.nextAttemptAt.map(ChinaTime.timestamp)
            lastStatus = d.lastStatus; lastError = d.lastError; payload = d.payload
        }
    }

    /// Largest CSV an import accepts.
    static let maxImportBytes = 64 << 20

    func register(_ router: Router<HuiyinRequestContext>) {
        router.get("api/v1/webhooks") { request, _ -> Response in
            let user = try await api.user(request)
            return try JSONIO.response(try await api.huiyin.webhooks.list(by: .user(user)).map { WebhookJSON($0) })
        }

        router.post("api/v1/webhooks") { request, _ -> Response in
            let user = try await api.user(request)
            let body = try await api.decode(NewWebhookBody.self, request)
            let (hook, secret) = try await api.huiyin.webhooks.subscribe(url: body.url, events: body.events ?? [], territory: body.territory,
                                                                         description: body.description ?? "", by: .user(user), now: api.now)
            return try JSONIO.response(WebhookJSON(hook, secret: secret), status: .created)
        }

        router.delete("api/v1/webhooks/:id") { request, context -> Response in
            let user = try await api.user(request)
            try await api.huiyin.webhooks.unsubscribe(id: try Self.id(context), by: .user(user), now: api.now)
            return Response(status: .noContent)
        }

        router.get("api/v1/webhooks/:id/deliveries") { request, context -> Response in
            let user = try await api.user(request)
            return try JSONIO.response(try await api.huiyin.webhooks.deliveries(webhookID: try Self.id(context), by: .user(user)).map(DeliveryJSON.init))
        }

        // Any list the filters of GET /api/v1/cases select, all pages, as CSV (UTF-8 with BOM) or XLSX.
        router.get("api/v1/cases/export") { request, _ -> Response in
            let user = try await api.user(request)
            let parameters = api.query(request)
            let format = parameters["format"] ?? "csv"
            guard format == "csv" || format == "xlsx" else {
                throw HuiyinError.invalid("invalid_format", "格式只能是 csv 或 xlsx", field: "format")
            }
            let table = try await api.huiyin.cases.export(CaseFilter(parameters: parameters), by: user, now: api.now)
            let name = "信访事项-\(ChinaTime.localDate(api.now))"
            return format == "csv"
                ? OversightRoutes.download(CSVWriter.data([table]), type: "text/csv; charset=utf-8", name: name + ".csv")
                : OversightRoutes.download(XLSXWriter.data([table]), type: XLSXWriter.contentType, name: name + ".xlsx")
        }

        // Historical cases from a CSV body; `mapping=title:标题,content:内容`, defaults as query parameters.
        router.post("api/v1/cases/import") { request, _ -> Response in
            let user = try await api.user(request)
            let p = api.query(request)
            var options = CaseImport.Options()
            if let raw = p["mapping"], !raw.isEmpty { try options.parseMapping(raw) }
            if let v = p["channel"], !v.isEmpty { options.channel = v }
            if let v = p["kind"], !v.isEmpty { options.kind = v }
            if let v = p["opinion"], !v.isEmpty { options.opinion = v }
            options.category = p["category"].flatMap { $0.isEmpty ? nil : $0 }
            options.territory = p["territory"].flatMap { $0.isEmpty ? nil : $0 }
            options.leadUnit = p["lead_unit"].flatMap { $0.isEmpty ? nil : $0 }
            let data = try await JSONIO.body(request, limit: Self.maxImportBytes)
            guard let csv = String(data: data, encoding: .utf8) else {
                throw HuiyinError.invalid("invalid_encoding", "文件须为 UTF-8 编码的 CSV（Excel 另存为“CSV UTF-8”）", field: "file")
            }
            let report = try await api.huiyin.admin.importCases(csv: csv, options: options, by: .user(user), now: api.now, huiyin: api.huiyin)
            return try JSONIO.response(ImportJSON(rows: report.rows, imported: report.imported, replied: report.replied, failed: report.errors.count,
                                                  errors: report.errors.map { .init(row: $0.row, code: $0.code, message: $0.message, field: $0.field) },
                                                  columns: report.columns))
        }

        router.get("api/v1/open311/keys") { request, _ -> Response in
            let user = try await api.user(request)
            return try JSONIO.response(try await api.huiyin.apiKeys.list(by: .user(user)).map { APIKeyJSON($0) })
        }

        router.post("api/v1/open311/keys") { request, _ -> Response in
            let user = try await api.user(request)
            let body = try await api.decode(NewKeyBody.self, request)
            let (key, secret) = try await api.huiyin.apiKeys.issue(name: body.name, by: .user(user), now: api.now)
            return try JSONIO.response(APIKeyJSON(key, secret: secret), status: .created)
        }

        router.delete("api/v1/open311/keys/:id") { request, context -> Response in
            let user = try await api.user(request)
            guard let id = context.parameters.get("id").flatMap(Int64.init) else {
                throw HuiyinError.notFound("api_key_not_found", "API 密钥不存在")
            }
            _ = try await api.huiyin.apiKeys.revoke(id: id, by: .user(user), now: api.now)
            return Response(status: .noContent)
        }
    }

    static func id(_ context: HuiyinRequestContext) throws -> Int64 {
        guard let id = context.parameters.get("id").flatMap(Int64.init) else { throw HuiyinError.notFound("webhook_not_found", "Webhook 订阅不存在") }
        return id
    }
}
