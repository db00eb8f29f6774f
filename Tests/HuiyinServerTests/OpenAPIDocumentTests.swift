import Foundation
import HuiyinServer
import HuiyinTestSupport
import Testing

/// The OpenAPI document at /api/v1/openapi.json lists exactly the routes the server registers under
/// /api/v1 (schemathesis in scripts/interop-test then checks the responses against it).
@Suite("OpenAPI document")
struct OpenAPIDocumentTests {
    @Test("every /api/v1 route is documented, and every documented operation exists; the document is served")
    func matchesRoutes() async throws {
        try await withServer { api, world in
            let served = try await api.get("/api/v1/openapi.json")
            #expect(served.status == 200 && served.string("openapi")?.hasPrefix("3.1") == true)
            let paths = served["paths"] as? [String: [String: Any]] ?? [:]
            let methods: Set<String> = ["get", "put", "post", "delete", "patch"]
            let documented = Set(paths.flatMap { path, ops in ops.keys.filter(methods.contains).map { "\($0.uppercased()) \(path)" } })
            let routes = Set(registeredRoutes(world.huiyin).filter { $0.contains(" /api/v1/") })
            #expect(routes.subtracting(documented).sorted() == [], "routes missing from the document")
            #expect(documented.subtracting(routes).sorted() == [], "documented operations the server does not have")
        }
    }
}
