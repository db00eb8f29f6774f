import Foundation
import Hummingbird

/// `GET /api/v1/openapi.json`: the OpenAPI 3.1 document of the native API, shipped as a resource and
/// kept true by a test that compares its paths with the registered routes (``registeredRoutes(_:)``).
struct OpenAPIRoute {
    static let document: Data? = Bundle.module.url(forResource: "openapi", withExtension: "json").flatMap { try? Data(contentsOf: $0) }

    func register(_ router: Router<HuiyinRequestContext>) {
        router.get("api/v1/openapi.json") { _, _ -> Response in
            guard let data = Self.document else { throw HTTPError(.notFound) }
            return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
    }
}
