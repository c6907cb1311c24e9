import Foundation
import HTTPTypes
import Hummingbird
import Logging
import TongbanCrypto

/// One log line per request (method, path, status, milliseconds), carrying a request
/// id and a W3C `traceparent`: the portal's when it sent a valid one, a new one otherwise.
/// Both are echoed in the response (`X-Request-Id`, `traceparent`) and set on the request's
/// logger, so every line about the request carries them.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext

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
        let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        context.logger.info("request", metadata: ["method": "\(request.method.rawValue)", "path": "\(request.uri.path)", "status": "\(status)",
                                                  "ms": "\(String(format: "%.2f", ms))"])
    }
}

/// A W3C trace context `traceparent`: version 00, a 16-byte trace id, an 8-byte parent id, flags.
struct TraceParent: Equatable {
    var traceId: String
    var parentId: String
    var flags: String

    var header: String { "00-\(traceId)-\(parentId)-\(flags)" }

    /// Parses a header; nil when it is not a valid version-00 value (then a new trace starts).
    init?(header: String) {
        let parts = header.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 4, parts[0] == "00", Self.isHex(parts[1], count: 32), Self.isHex(parts[2], count: 16), Self.isHex(parts[3], count: 2),
              parts[1] != String(repeating: "0", count: 32), parts[2] != String(repeating: "0", count: 16) else { return nil }
        (traceId, parentId, flags) = (parts[1], parts[2], parts[3])
    }

    init(traceId: String, parentId: String, flags: String) {
        (self.traceId, self.parentId, self.flags) = (traceId, parentId, flags)
    }

    /// The same trace, with this gateway's span as the parent.
    func child() -> TraceParent { TraceParent(traceId: traceId, parentId: Self.randomHex(8), flags: flags) }

    static func fresh() -> TraceParent { TraceParent(traceId: randomHex(16), parentId: randomHex(8), flags: "01") }

    private static func randomHex(_ bytes: Int) -> String { Hex.encode((0..<bytes).map { _ in UInt8.random(in: 0...255) }) }

    private static func isHex(_ s: String, count: Int) -> Bool {
        s.utf8.count == count && s.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}
