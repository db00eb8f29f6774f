import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Registers the web pages: the portal at `/`, the workbench under `/staff`, and `/assets`.
struct WebRoutes {
    let api: API
    let logger: Logger

    func register(_ router: Router<HuiyinRequestContext>) throws {
        let web = try WebRenderer()
        let security = WebSecurity(api: api)
        let chartAvailable = WebAssets(api: api).register(router)
        let staff = router.group("staff").add(middleware: ServerTiming()).add(middleware: WebErrorMiddleware(renderer: web, logger: logger))
        StaffAuthPages(api: api, web: web, security: security).register(staff)
        StaffCasePages(api: api, web: web, security: security).register(staff)
        IntakePage(api: api, web: web, security: security).register(staff)
        DashboardPage(api: api, web: web, security: security, chartAvailable: chartAvailable).register(staff)
        OversightPages(api: api, web: web, security: security).register(staff)
        InsightPages(api: api, web: web, security: security).register(staff)
        WebhookPages(api: api, web: web, security: security).register(staff)
        GridPages(api: api, web: web, security: security).register(staff)
        MediationPages(api: api, web: web, security: security).register(staff)
        PairingPages(api: api, web: web, security: security).register(staff)
        PledgePages(api: api, web: web, security: security).register(staff)
        MeetingPages(api: api, web: web, security: security).register(staff)
        let portal = router.group().add(middleware: ServerTiming()).add(middleware: WebErrorMiddleware(renderer: web, logger: logger))
        PortalPages(api: api, web: web, security: security).register(router, portal)
        ReceptionPages(api: api, web: web, security: security).register(router, staff: staff, portal: portal)
        PublicAffairsPage(api: api, web: web).register(portal)
        EvaluationPages(api: api, web: web, security: security).register(router, staff: staff, portal: portal)
    }
}

/// `Server-Timing: app;dur=…` on every page: the server time `scripts/bench` reports.
struct ServerTiming<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        var response = try await next(request, context)
        let elapsed = ContinuousClock.now - start
        let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        response.headers[HTTPField.Name("Server-Timing")!] = String(format: "app;dur=%.2f", ms)
        return response
    }
}
