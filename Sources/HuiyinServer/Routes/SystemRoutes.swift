import Foundation
import Hummingbird
import HuiyinService

/// Health, and the ceilings the benchmark measures intake against (only with `benchEndpoints`).
struct SystemRoutes {
    let api: API

    struct Health: Encodable { var status: String; var time: String }

    func register(_ router: Router<HuiyinRequestContext>) {
        router.get("api/v1/health") { _, _ -> Response in
            try JSONIO.response(Health(status: "ok", time: ChinaTime.timestamp(api.now)))
        }
        guard api.options.benchEndpoints else { return }
        // Ceiling 1: an endpoint that does nothing.
        router.get("bench/noop") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: "ok")))
        }
        // Ceiling 2: one raw row per request through the same durable write path as cases.
        router.post("bench/insert") { request, _ -> Response in
            let body = try await JSONIO.body(request, limit: api.options.maxBodyBytes)
            try await api.huiyin.store.rawInsert(String(decoding: body, as: UTF8.self))
            return Response(status: .created)
        }
    }
}

import HuiyinCore
