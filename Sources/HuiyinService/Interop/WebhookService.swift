import Crypto
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import HuiyinCore
import HuiyinStore

/// Webhooks: outside systems subscribe to case events and receive them as JSON signed with
/// HMAC-SHA256 (`X-Huiyin-Signature: sha256=<hex>` over the body, with the secret shown once at
/// subscription). Events come from the transactional outbox, so none is lost and none is invented;
/// each is queued once per subscriber, retried with backoff, and every attempt is in the delivery log.
/// Payloads carry no people's data, and for 检举控告 neither the title nor the accused unit.
public final class WebhookService: Sendable {
    public static let events = ["created", "assigned", "replied", "closed", "overdue"]
    /// Attempts before a delivery is given up; waits double from 30 s.
    public static let maxAttempts = 8

    let store: any HuiyinStore
    let vault: PersonalDataVault
    let reference: ReferenceData
    let admin: AdminService

    init(store: any HuiyinStore, vault: PersonalDataVault, reference: ReferenceData, admin: AdminService) {
        self.store = store; self.vault = vault; self.reference = reference; self.admin = admin
    }

    // MARK: Subscriptions (admin)

    /// `territory` limits the subscription to cases in that territory or under it (a county's own
    /// system on a provincial deployment); nil or empty: every case.
    public func subscribe(url: String, events: [String], territory: String? = nil, description: String,
                          by actor: Actor, now: Date) async throws -> (Webhook, secret: String) {
        try admin.requireAdmin(actor)
        let territory = territory?.trimmedOrNil
        if let territory, reference.snapshot.directory.territory(territory) == nil {
            throw HuiyinError.invalid("invalid_territory", "属地“\(territory)”不存在", field: "territory")
        }
        guard let parsed = URL(string: url.trimmed), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil else {
            throw HuiyinError.invalid("invalid_url", "接收地址须为 http:// 或 https:// 开头的完整网址", field: "url")
        }
        guard !description.containsControlCharacters() else {
            throw HuiyinError.invalid("invalid_characters", "说明含有不可见的控制字符", field: "description")
        }
        let chosen = events.isEmpty ? Self.events : events
        if let bad = chosen.first(where: { !Self.events.contains($0) }) {
            throw HuiyinError.invalid("invalid_event", "事件“\(bad)”无效，可选：\(Self.events.joined(separator: "、"))", field: "events")
        }
        var rng = SystemRandomNumberGenerator()
        let secret = "whsec_" + (0..<4).map { _ in QueryCode.generate(using: &rng) }.joined()
        let hook = try await store.createWebhook(url: parsed.absoluteString, secretSealed: try vault.seal(Data(secret.utf8)), events: chosen,
                                                 territory: territory, description: String(description.trimmed.prefix(200)), at: now,
                                                 by: actor.reference.name,
                                                 audit: admin.audit(actor, "webhook.create", parsed.absoluteString, now,
                                                                    ["events": chosen.joined(separator: ","), "territory": territory ?? "全部"]))
        return (hook, secret)
    }

    public func list(by actor: Actor) async throws -> [Webhook] {
        try admin.requireAdmin(actor)
        return try await store.webhooks()
    }

    public func unsubscribe(id: Int64, by actor: Actor, now: Date) async throws {
        try admin.requireAdmin(actor)
        let notFound = HuiyinError.notFound("webhook_not_found", "Webhook 订阅不存在")
        // Checked first so removing nothing leaves no audit entry.
        guard try await store.webhooks().contains(where: { $0.id == id }) else { throw notFound }
        guard try await store.deactivateWebhook(id: id, audit: admin.audit(actor, "webhook.delete", String(id), now)) else { throw notFound }
    }

    public func deliveries(webhookID: Int64, by actor: Actor, limit: Int = 100) async throws -> [WebhookDelivery] {
        try admin.requireAdmin(actor)
        return try await store.webhookDeliveries(webhookID: webhookID, limit: limit)
    }

    // MARK: Pump (leader node)

    /// Turns new outbox entries into deliveries for every subscriber. Returns how many were queued.
    @discardableResult
    public func queueNewEvents(now: Date, batch: Int = 500) async throws -> Int {
        var queued = 0
        // Subscribers usually share a cursor: each outbox entry is read and turned into an event once.
        var seen: [Int64: (delivery: NewWebhookDelivery, territory: String?)?] = [:]
        let dir = reference.snapshot.directory
        for hook in try await store.webhooks() {
            let entries = try await store.outbox(afterID: hook.cursor, limit: batch)
            guard let last = entries.last?.id else { continue }
            var items: [NewWebhookDelivery] = []
            for entry in entries {
                if seen[entry.id] == nil { seen[entry.id] = try await delivery(for: entry) }
                guard let (item, territory) = seen[entry.id] ?? nil, hook.events.contains(item.event) else { continue }
                if let scope = hook.territory {
                    guard let territory, dir.territory(territory, isWithin: scope) else { continue }
                }
                items.append(item)
            }
            try await store.queueWebhookDeliveries(webhookID: hook.id, items, cursor: last, at: now)
            queued += items.count
        }
        return queued
    }

    /// Sends what is due. Returns (delivered, failed attempts).
    @discardableResult
    public func deliverDue(now: Date, limit: Int = 50) async throws -> (delivered: Int, failed: Int) {
        let hooks = Dictionary(uniqueKeysWithValues: try await store.webhooks().map { ($0.id, $0) })
        var result = (delivered: 0, failed: 0)
        for d in try await store.dueWebhookDeliveries(now: now, limit: limit) {
            guard let hook = hooks[d.webhookID] else {
                try await store.recordWebhookAttempt(id: d.id, delivered: false, status: nil, error: "订阅已停用", retryAt: nil, at: now)
                continue
            }
            let (status, error) = await send(d, to: hook)
            let ok = status.map { (200..<300).contains($0) } ?? false
            let retry = ok || d.attempts + 1 >= Self.maxAttempts ? nil : now.addingTimeInterval(30 * pow(2, Double(d.attempts)))
            try await store.recordWebhookAttempt(id: d.id, delivered: ok, status: status, error: ok ? nil : error ?? "HTTP \(status ?? 0)",
                                                 retryAt: retry, at: now)
            if ok { result.delivered += 1 } else { result.failed += 1 }
        }
        return result
    }

    func send(_ d: WebhookDelivery, to hook: Webhook) async -> (status: Int?, error: String?) {
        guard let url = URL(string: hook.url), let secret = try? vault.open(hook.secretSealed) else { return (nil, "订阅配置无效") }
        let body = Data(d.payload.utf8)
        var request = URLRequest(url: url, timeoutInterval: 10)
        request.httpMethod = "POST"
        request.httpBody = body
        request.setValue("application/json; charset=utf-8", forHTTPHeaderField: "Content-Type")
        request.setValue("case.\(d.event)", forHTTPHeaderField: "X-Huiyin-Event")
        request.setValue(String(d.id), forHTTPHeaderField: "X-Huiyin-Delivery")
        request.setValue("sha256=" + Self.signature(body, secret: secret), forHTTPHeaderField: "X-Huiyin-Signature")
        do {
            let (_, response) = try await URLSession.shared.data(for: request)
            return ((response as? HTTPURLResponse)?.statusCode, nil)
        } catch {
            return (nil, String(describing: error).prefix(300).description)
        }
    }

    /// Hex HMAC-SHA256 of `body` with `secret`: what a receiver recomputes to trust a delivery.
    public static func signature(_ body: Data, secret: Data) -> String {
        Data(HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: secret))).hex
    }

    /// The delivery an outbox entry makes, with the territory of its case (where the matter arose, else
    /// the office that registered it).
    func delivery(for entry: OutboxEntry) async throws -> (NewWebhookDelivery, territory: String?)? {
        guard let (event, at, c) = try await event(of: entry) else { return nil }
        let dir = reference.snapshot.directory
        let territory = c.territoryCode ?? c.ownerUnitCode.flatMap { dir.unit($0)?.territoryCode }
        return (NewWebhookDelivery(event: event, key: entry.dedupeKey, caseID: c.id, payload: try Self.payload(event: event, at: at, c, dir)),
                territory)
    }

    /// The webhook event an outbox entry stands for, if any.
    func event(of entry: OutboxEntry) async throws -> (String, Date, Case)? {
        guard let c = try await store.loadCase(id: entry.caseID) else { return nil }
        if entry.kind == .overdue { return ("overdue", entry.createdAt, c) }
        guard entry.dedupeKey.hasPrefix("event:"), let seq = entry.dedupeKey.split(separator: ":").last.flatMap({ Int($0) }),
              let e = try await store.history(caseID: c.id).first(where: { $0.seq == seq }) else { return nil }
        switch e.action {
        case .register: return ("created", e.at, c)
        case .assign, .decideCompetence: return ("assigned", e.at, c)
        case .reply, .reviewOpinion, .recheckOpinion, .followAnswer: return ("replied", e.at, c)
        default: return e.toState.isTerminal && e.fromState?.isTerminal != true ? ("closed", e.at, c) : nil
        }
    }

    struct Payload: Encodable {
        struct CaseJSON: Encodable {
            var id: Int64; var number: String; var title: String?; var state: String; var stateLabel: String; var channel: String
            var kind: String; var category: String?; var territory: String?; var leadUnit: String?
        }
        var event: String
        var occurredAt: String
        var `case`: CaseJSON
    }

    static func payload(event: String, at: Date, _ c: Case, _ dir: Directory) throws -> String {
        let secret = c.kind == .accusation
        let body = Payload(event: "case.\(event)", occurredAt: ChinaTime.timestamp(at), case: .init(
            id: c.id, number: c.number, title: secret ? nil : c.title, state: c.state.rawValue, stateLabel: c.state.label,
            channel: c.channel.rawValue, kind: c.kind.rawValue, category: c.categoryCode.map { dir.categories.pathNames($0).joined(separator: "/") },
            territory: c.territoryCode.map { dir.territoryNames($0).joined(separator: " ") },
            leadUnit: secret ? nil : c.leadUnitCode.flatMap { dir.unit($0)?.name }))
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(body), as: UTF8.self)
    }
}
