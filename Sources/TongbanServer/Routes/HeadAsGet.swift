import HTTPTypes
import Hummingbird

/// `HEAD` of any `GET` route (RFC 9110 9.3.2): answered as the `GET` would be, headers
/// and all, with no body. It wraps the router rather than sitting in it, because the
/// router picks the route by method before its middleware runs.
struct HeadAsGet<Builder: HTTPResponderBuilder>: HTTPResponderBuilder {
    let router: Builder

    struct Responder: HTTPResponder {
        let wrapped: Builder.Responder

        func respond(to request: Request, context: Builder.Responder.Context) async throws -> Response {
            guard request.method == .head else { return try await wrapped.respond(to: request, context: context) }
            var head = request.head
            head.method = .get
            var response = try await wrapped.respond(to: Request(head: head, body: request.body), context: context)
            response.body = ResponseBody()
            return response
        }
    }

    func buildResponder() -> Responder { Responder(wrapped: router.buildResponder()) }
}
