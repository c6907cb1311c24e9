import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Metrics
import TongbanCore

/// One log line per request (method, path, status, milliseconds), carrying a request
/// id and a W3C `traceparent`: the portal's when it sent a valid one, a new one otherwise.
/// Both are echoed in the response (`X-Request-Id`, `traceparent`) and set on the request's
/// logger, so every line about the request carries them.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext
    /// Also counts requests by route and status and times them (`tongban_http_*`).
    let metrics: any MetricsFactory

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let started = ContinuousClock.now
        let trace = request.headers[HTTPField.Name("traceparent")!].flatMap(TraceParent.init(header:))?.child() ?? TraceParent.fresh()
        let requestId = context.id  // also on every line of the request's logger as hb.request.id
        context.logger[metadataKey: "traceparent"] = "\(trace.header)"
        context.traceparent = trace.header
        // Inside this middleware ProblemMiddleware turns every error into a response.
        var response = try await next(request, context)
        response.headers[HTTPField.Name("X-Request-Id")!] = "\(requestId)"
        response.headers[HTTPField.Name("traceparent")!] = trace.header
        log(request, context: context, status: response.status.code, started: started)
        return response
    }

    private func log(_ request: Request, context: Context, status: Int, started: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - started
        // The route template, not the path: ids would make a series per application.
        let route = context.endpointPath ?? "unmatched"
        Counter(label: "tongban_http_requests_total", dimensions: [("method", request.method.rawValue), ("route", route), ("status", String(status))],
                factory: metrics).increment()
        Metrics.Timer(label: "tongban_http_request_duration_seconds", dimensions: [("method", request.method.rawValue), ("route", route)],
                      factory: metrics).recordNanoseconds(Int64(elapsed.components.seconds) * 1_000_000_000 + Int64(elapsed.components.attoseconds / 1_000_000_000))
        let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        context.logger.info("request", metadata: ["method": "\(request.method.rawValue)", "path": "\(request.uri.path)", "status": "\(status)",
                                                  "ms": "\(String(format: "%.2f", ms))"])
    }
}
