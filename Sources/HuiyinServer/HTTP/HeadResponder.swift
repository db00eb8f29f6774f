import HTTPTypes
import Hummingbird

/// Answers HEAD as GET without the body (RFC 9110 §9.3.2), for every GET route: uptime checks, link
/// checkers and caches ask HEAD, and the router alone would say 404.
struct HeadResponder<Inner: HTTPResponder>: HTTPResponder {
    let inner: Inner

    func respond(to request: Request, context: Inner.Context) async throws -> Response {
        guard request.method == .head else { return try await inner.respond(to: request, context: context) }
        var head = request.head
        head.method = .get
        var response = try await inner.respond(to: Request(head: head, body: request.body), context: context)
        // The length GET would send (setting the body resets the header).
        let length = response.headers[.contentLength] ?? response.body.contentLength.map(String.init)
        response.body = ResponseBody()
        response.headers[.contentLength] = length
        return response
    }
}
