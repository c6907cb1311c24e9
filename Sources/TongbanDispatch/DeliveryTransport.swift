import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization
import TongbanAdapters

/// Sends one request to a back end: the dispatcher's only I/O towards agencies.
public protocol DeliveryTransport: Sendable {
    /// The answer, or a thrown error for timeouts and connection failures.
    func send(_ request: OutboundRequest, timeoutSeconds: Double) async throws -> TransportResponse
}

/// A back end's answer.
public struct TransportResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(String, String)], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// `Retry-After` in seconds (delta form), when given.
    public var retryAfter: Double? {
        headers.first { $0.0.lowercased() == "retry-after" }.flatMap { Double($0.1.trimmingCharacters(in: .whitespaces)) }
    }
}

/// The real transport: AsyncHTTPClient with a connection pool sized for the adapters'
/// concurrency (its default of 8 per host would queue deliveries).
public final class HTTPDeliveryTransport: DeliveryTransport {
    private let client: HTTPClient
    private let resolver: any HostResolver
    private let gatewayPorts = Mutex<Set<Int>>([])

    public init(maxConnectionsPerHost: Int, resolver: any HostResolver = SystemHostResolver()) {
        self.resolver = resolver
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: max(8, maxConnectionsPerHost))
        // A connection that cannot be made fails its request at once. Left on, the pool
        // retries with a backoff that outlives a short outage, and requests queued behind it
        // fail with a stale "connection refused" after the back end is back; the outbox and
        // the breaker already decide when to try again.
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.redirectConfiguration = .disallow
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    public func send(_ request: OutboundRequest, timeoutSeconds: Double) async throws -> TransportResponse {
        var url = request.url, host: String?
        if var egress = request.egress {
            egress.gatewayPorts.formUnion(gatewayPorts.withLock { $0 })
            (url, host) = try await egress.pinned(request.url, resolver: resolver)
        }
        var outbound = HTTPClientRequest(url: url)
        outbound.method = HTTPMethod(rawValue: request.method)
        for header in request.headers { outbound.headers.add(name: header.name, value: header.value) }
        if let host { outbound.headers.replaceOrAdd(name: "Host", value: host) }
        outbound.body = .bytes(ByteBuffer(bytes: request.body))
        let timeout = TimeAmount.milliseconds(Int64(timeoutSeconds * 1000))
        let response = try await client.execute(outbound, timeout: timeout)
        let body = try await response.body.collect(upTo: 1 << 20)
        return TransportResponse(status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) }, body: Array(buffer: body))
    }

    /// Adds a port the gateway listens on: requests held to an egress policy never reach
    /// it on a loopback or private address.
    public func refuseGatewayPort(_ port: Int) { gatewayPorts.withLock { _ = $0.insert(port) } }

    /// Closes the connection pool.
    public func shutdown() async throws { try await client.shutdown() }
}
