import Foundation
import Hummingbird
import Prometheus

/// Request counts and latencies by route template (`/api/v1/cases/{id}`, never the raw path, so the
/// number of series stays bounded), recorded into the application's own Prometheus registry.
struct HTTPMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let registry: PrometheusCollectorRegistry

    static var buckets: [Duration] {
        [.milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
         .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2), .seconds(5)]
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            record(request, context, status: response.status.code, since: start)
            return response
        } catch {
            record(request, context, status: (error as? any HTTPResponseError)?.status.code ?? 500, since: start)
            throw error
        }
    }

    private func record(_ request: Request, _ context: Context, status: Int, since start: ContinuousClock.Instant) {
        let route = context.endpointPath.map { $0 == "NotFound" ? "unmatched" : $0 } ?? "unmatched"
        let method = request.method.rawValue
        registry.makeCounter(name: "huiyin_http_requests_total", labels: [("method", method), ("route", route), ("status", String(status))],
                             help: "HTTP 请求数（按方法、路由模板、状态码）").increment()
        registry.makeDurationHistogram(name: "huiyin_http_request_duration_seconds", labels: [("method", method), ("route", route)],
                                       buckets: Self.buckets, help: "HTTP 请求耗时（秒）")
            .record(ContinuousClock.now - start)
    }
}
