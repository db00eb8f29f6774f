import Foundation
import Hummingbird
import HuiyinCore
import HuiyinService
import Prometheus

/// `GET /metrics` in the Prometheus text format: the HTTP metrics plus gauges read at scrape time —
/// cases by state, overdue and 临期 cases, the notification outbox and webhook backlogs. With
/// ``ServerOptions/metricsToken`` set, the scraper must send it as a bearer token.
struct MetricsRoutes {
    let api: API
    let registry: PrometheusCollectorRegistry

    func register(_ router: Router<HuiyinRequestContext>) {
        router.get("metrics") { request, _ -> Response in
            if let token = api.options.metricsToken {
                guard request.headers[.authorization] == "Bearer \(token)" else {
                    throw HuiyinError(.unauthenticated, "metrics_token_required", "请提供监控令牌（Authorization: Bearer …）")
                }
            }
            try await refreshGauges()
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
    }

    private func refreshGauges() async throws {
        let counts = try await api.huiyin.operationalCounts(now: api.now)
        for state in CaseState.allCases {
            registry.makeGauge(name: "huiyin_cases", labels: [("state", state.rawValue)], help: "信访事项数（按状态）")
                .set(Double(counts.casesByState[state] ?? 0))
        }
        func gauge(_ name: String, _ help: String, _ value: Int) { registry.makeGauge(name: name, help: help).set(Double(value)) }
        gauge("huiyin_cases_overdue", "已超期的未办结事项数", counts.overdue)
        gauge("huiyin_cases_due_soon", "临期（尚未超期）的事项数", counts.dueSoon)
        gauge("huiyin_outbox_pending", "待发送的通知数", counts.outboxPending)
        gauge("huiyin_outbox_failed", "发送失败已放弃的通知数", counts.outboxFailed)
        gauge("huiyin_webhook_deliveries_pending", "待投递的 Webhook 数", counts.webhooksPending)
        gauge("huiyin_webhook_deliveries_failed", "投递失败已放弃的 Webhook 数", counts.webhooksFailed)
    }
}
