import Foundation
import Hummingbird
import HuiyinService
import Logging
import Prometheus

/// How the HTTP server runs.
public struct ServerOptions: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    /// `/bench/noop` and `/bench/insert`: the ceilings `scripts/bench` compares intake with. Off in production.
    public var benchEndpoints = false
    /// Largest JSON request body.
    public var maxBodyBytes = 1 << 20
    /// Mark the session cookie `Secure` (behind HTTPS).
    public var secureCookies = false
    /// Folder of Debian's libjs-chart.js; the dashboard falls back to tables where it is missing.
    public var chartJSFolder = "/usr/share/javascript/chart.js"
    /// Folder of Debian's libjs-leaflet; the grid map falls back to its table where it is missing.
    public var leafletFolder = "/usr/share/javascript/leaflet"
    /// Optional map tiles under the grid boundaries, e.g. `https://tiles.example.gov.cn/{z}/{x}/{y}.png`.
    /// Without it the map draws the boundaries alone (no tile server needed on an offline intranet).
    public var mapTileURL: String?
    /// When set, `GET /metrics` requires `Authorization: Bearer <token>`.
    public var metricsToken: String?
    /// Public votes (附议 on the wall, 群众评议 ballots) one client address may cast per hour.
    public var publicVotesPerHour = 120
    /// The clock; tests pass a fixed or movable one.
    public var now: @Sendable () -> Date = { Date() }

    public init() {}

    /// `scheme://host[:port]` of ``mapTileURL``, for the pages' Content-Security-Policy.
    var mapTileOrigin: String? {
        guard let raw = mapTileURL, let c = URLComponents(string: raw.replacingOccurrences(of: "{", with: "").replacingOccurrences(of: "}", with: "")),
              let scheme = c.scheme, ["http", "https"].contains(scheme), let host = c.host else { return nil }
        return "\(scheme)://\(host)" + (c.port.map { ":\($0)" } ?? "")
    }
}

/// The Hummingbird application serving the JSON API (`/api/v1`).
///
/// ```swift
/// let huiyin = try await Huiyin.openSQLite(path: "huiyin.db")
/// try await buildApplication(huiyin, options: ServerOptions()).runService()
/// ```
public func buildApplication(_ huiyin: Huiyin, options: ServerOptions, logger: Logger? = nil, jobs: BackgroundJobs? = nil,
                             onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
    var log = logger ?? Logger(label: "huiyin")
    if logger == nil { log.logLevel = .info }
    let metrics = PrometheusCollectorRegistry()
    let router = makeRouter(huiyin, options: options, logger: log, metrics: metrics)
    return Application(
        responder: HeadResponder(inner: router.buildResponder()),
        configuration: .init(address: .hostname(options.host, port: options.port), serverName: "Huiyin"),
        services: jobs.map { [BackgroundJobsService(jobs: $0)] } ?? [],
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? options.port) },
        logger: log)
}

/// Every route the application serves.
func makeRouter(_ huiyin: Huiyin, options: ServerOptions, logger log: Logger, metrics: PrometheusCollectorRegistry) -> Router<HuiyinRequestContext> {
    let router = Router(context: HuiyinRequestContext.self)
    router.add(middleware: HTTPMetricsMiddleware(registry: metrics))
    let methods = RouteMethods()
    router.add(middleware: APIErrorMiddleware(logger: log, routes: methods))
    let api = API(huiyin: huiyin, options: options)
    SystemRoutes(api: api).register(router)
    AuthRoutes(api: api).register(router)
    CaseRoutes(api: api).register(router)
    OversightRoutes(api: api).register(router)
    InsightRoutes(api: api).register(router)
    PublicRoutes(api: api).register(router)
    DirectoryRoutes(api: api).register(router)
    AdminRoutes(api: api).register(router)
    Open311Routes(api: api, logger: log).register(router)
    InteropRoutes(api: api).register(router)
    GridRoutes(api: api).register(router)
    MediationRoutes(api: api).register(router)
    PairingRoutes(api: api).register(router)
    PledgeRoutes(api: api).register(router)
    MeetingRoutes(api: api).register(router)
    ReceptionRoutes(api: api).register(router)
    EvaluationRoutes(api: api).register(router)
    MetricsRoutes(api: api, registry: metrics).register(router)
    do {
        try WebRoutes(api: api, logger: log).register(router)
    } catch {
        log.error("web pages unavailable: \(error)")
    }
    OpenAPIRoute().register(router)
    methods.record(router.routes.map { (path: $0.path.description, method: $0.method.rawValue) })
    return router
}

/// `METHOD /path/{capture}` of every registered route, for checking the OpenAPI document against them.
public func registeredRoutes(_ huiyin: Huiyin) -> [String] {
    var logger = Logger(label: "huiyin-routes")
    logger.logLevel = .critical
    return makeRouter(huiyin, options: ServerOptions(), logger: logger, metrics: PrometheusCollectorRegistry()).routes.map(\.description)
}

/// What every route handler shares: the application and the options.
struct API: Sendable {
    let huiyin: Huiyin
    let options: ServerOptions
    /// Public votes per client address (see ``ServerOptions/publicVotesPerHour``).
    let publicVotes: AttemptLimiter
    var now: Date { options.now() }

    init(huiyin: Huiyin, options: ServerOptions) {
        self.huiyin = huiyin; self.options = options
        publicVotes = AttemptLimiter(limit: options.publicVotesPerHour, window: 3600, code: "too_many_votes",
                                     message: "该网络的附议、评议次数过多，请 {minutes} 分钟后再试")
    }
}

/// The request context: the core storage Hummingbird needs, nothing else. Authentication is explicit
/// per route (``API/user(_:)``), so a route cannot forget which kind of caller it serves.
public struct HuiyinRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The connection's peer address (see ``ClientAddress``).
    public var peer: String?
    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peer = source.channel.remoteAddress?.ipAddress
    }
}
