import Foundation
import Hummingbird
import HuiyinCore
import HuiyinService
import HuiyinStore

/// Webhook subscriptions on the workbench (admin): subscribe an outside system, see the secret once,
/// read each subscription's delivery log, unsubscribe. The same service as `/api/v1/webhooks`.
struct WebhookPages {
    let api: API
    let web: WebRenderer
    let security: WebSecurity

    static let path = "/staff/settings/webhooks"
    static let eventLabels = ["created": "登记", "assigned": "交办", "replied": "答复", "closed": "办结", "overdue": "超期督办"]

    struct EventBox { var value: String; var label: String; var checked: Bool }
    struct HookRow { var id: Int64; var url: String; var description: String; var events: String; var territory: String
        var created: String; var delivered: Int; var pending: Int; var failed: Int; var open: Bool }
    struct DeliveryRow { var id: Int64; var event: String; var caseID: Int64; var at: String; var status: String; var attempts: Int
        var lastStatus: String; var error: String; var next: String }
    struct Model {
        var csrf: String; var hooks: [HookRow]; var events: [EventBox]; var territories: [Option]
        var url: String; var description: String; var error: String?; var created: String?; var secret: String?; var deleted: Bool
        var log: [DeliveryRow]; var logFor: String?
    }

    func register(_ group: RouterGroup<HuiyinRequestContext>) {
        group.get("settings/webhooks") { request, _ -> Response in
            let s = try await security.staffContext(request, Self.path)
            let q = api.query(request)
            var model = try await page(s, open: q["log"].flatMap(Int64.init))
            model.deleted = q["deleted"] != nil
            return web.page("webhooks", model, title: "Webhook 订阅", staff: s.nav, csrf: s.csrf)
        }

        group.post("settings/webhooks") { request, _ -> Response in
            let s = try await security.staffContext(request, Self.path)
            let form = try await WebForm.read(request, limit: api.options.maxBodyBytes)
            try security.verify(request, form, session: s.token)
            let url = form["url"] ?? "", description = form["description"] ?? "", events = form.all("events")
            do {
                let (hook, secret) = try await api.huiyin.webhooks.subscribe(url: url, events: events, territory: form["territory"],
                                                                           description: description, by: .user(s.user), now: api.now)
                var model = try await page(s, open: nil)
                (model.created, model.secret) = (hook.url, secret)
                return web.page("webhooks", model, title: "Webhook 订阅", staff: s.nav, csrf: s.csrf, status: .created)
            } catch let e as HuiyinError where e.kind == .invalid {
                // Keep what was typed and say what is wrong.
                var model = try await page(s, open: nil, territory: form["territory"], events: Set(events))
                (model.url, model.description, model.error) = (url, description, e.message)
                return web.page("webhooks", model, title: "Webhook 订阅", staff: s.nav, csrf: s.csrf, status: .unprocessableContent)
            }
        }

        group.post("settings/webhooks/:id/delete") { request, context -> Response in
            let s = try await security.staffContext(request, Self.path)
            let form = try await WebForm.read(request, limit: api.options.maxBodyBytes)
            try security.verify(request, form, session: s.token)
            guard let id = context.parameters.get("id").flatMap(Int64.init) else {
                throw HuiyinError.notFound("webhook_not_found", "Webhook 订阅不存在")
            }
            try await api.huiyin.webhooks.unsubscribe(id: id, by: .user(s.user), now: api.now)
            return WebRenderer.redirect(Self.path + "?deleted=1")
        }
    }

    /// The page: every active subscription with its delivery counts, and the log of `open`.
    private func page(_ s: StaffContext, open: Int64?, territory: String? = nil, events chosen: Set<String> = []) async throws -> Model {
        let hooks = try await api.huiyin.webhooks.list(by: .user(s.user))
        let dir = api.huiyin.reference.snapshot.directory
        var rows: [HookRow] = []
        var log: [DeliveryRow] = []
        var logFor: String?
        for h in hooks {
            let deliveries = try await api.huiyin.webhooks.deliveries(webhookID: h.id, by: .user(s.user))
            rows.append(HookRow(id: h.id, url: h.url, description: h.description,
                                events: h.events.map { Self.eventLabels[$0] ?? $0 }.joined(separator: "、"),
                                territory: h.territory.map { dir.territoryNames($0).joined(separator: " ") } ?? "全部",
                                created: ChinaTime.timestamp(h.createdAt) + " " + h.createdBy,
                                delivered: deliveries.count { $0.deliveredAt != nil },
                                pending: deliveries.count { $0.deliveredAt == nil && $0.failedAt == nil },
                                failed: deliveries.count { $0.failedAt != nil }, open: h.id == open))
            guard h.id == open else { continue }
            logFor = h.url
            log = deliveries.map { d in
                DeliveryRow(id: d.id, event: Self.eventLabels[d.event] ?? d.event, caseID: d.caseID, at: ChinaTime.timestamp(d.createdAt),
                            status: d.deliveredAt != nil ? "已送达" : d.failedAt != nil ? "已放弃" : d.attempts == 0 ? "待发送" : "待重试",
                            attempts: d.attempts, lastStatus: d.lastStatus.map(String.init) ?? "—", error: d.lastError ?? "",
                            next: d.nextAttemptAt.map(ChinaTime.timestamp) ?? "—")
            }
        }
        let events = WebhookService.events.map { EventBox(value: $0, label: Self.eventLabels[$0] ?? $0, checked: chosen.isEmpty || chosen.contains($0)) }
        let territories = [Option(value: "", label: "（全部属地）", selected: territory == nil)] + WebOptions.territories(dir, within: nil, selected: territory)
        return Model(csrf: s.csrf, hooks: rows, events: events, territories: territories, url: "", description: "", error: nil,
                     created: nil, secret: nil, deleted: false, log: log, logFor: logFor)
    }
}
