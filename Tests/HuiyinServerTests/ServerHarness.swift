import Foundation
import Hummingbird
import HummingbirdTesting
import HuiyinServer
import HuiyinTestSupport
import Logging

/// The application over `world`, on a free port, reading the world's movable clock.
func application(_ world: TestWorld, configure: (inout ServerOptions) -> Void = { _ in }) -> some ApplicationProtocol {
    var options = ServerOptions()
    options.port = 0
    let clock = world.clock
    options.now = { clock.now }
    configure(&options)
    var logger = Logger(label: "huiyin-test")
    logger.logLevel = .warning
    return buildApplication(world.huiyin, options: options, logger: logger)
}

/// Runs `body` against a live Huiyin server (real TCP port, real HTTP client) on a fresh world
/// whose clock the test controls.
func withServer(now: String = "2026-03-02 09:00", configure: (inout ServerOptions) -> Void = { _ in },
                _ body: @escaping @Sendable (APIClient, TestWorld) async throws -> Void) async throws {
    let world = try await TestWorld.make(now: now)
    try await application(world, configure: configure).test(.live) { client in
        // The live framework's own client gives up after 20 s without a byte; an import or a training run on
        // PostgreSQL on a busy 2-core machine can take longer, so the API client gets a connection that waits.
        let patient = TestClient(host: "localhost", port: client.port!, configuration: .init(timeout: .seconds(180)))
        patient.connect()
        do {
            try await body(APIClient(patient), world)
        } catch {
            try? await patient.shutdown()
            throw error
        }
        try await patient.shutdown()
    }
}

/// Runs `body` with a browser-like client of the web pages (cookies, forms) and a JSON client, on one live server.
func withWeb(now: String = "2026-03-02 09:00", _ body: @escaping @Sendable (WebClient, APIClient, TestWorld) async throws -> Void) async throws {
    let world = try await TestWorld.make(now: now)
    try await application(world).test(.live) { client in try await body(WebClient(client), APIClient(client), world) }
}
