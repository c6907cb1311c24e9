import Foundation
import HTTPTypes
import Hummingbird
import ServiceLifecycle
import Synchronization

/// A stand-in for an HTTP receiver (the gateway's callback endpoint, a portal's webhook):
/// records every POST to `route` (headers and body) and answers 503 to the first
/// `failFirst` of them and while it is switched `down`, 200 otherwise.
public final class CallbackRecorder: Sendable {
    public struct Received: Sendable {
        public var adapter: String
        public var path: String
        public var headers: [String: String]
        public var body: [UInt8]
        public var answered: Int
    }

    private let received = Mutex<[Received]>([])
    private let failFirst: Int
    private let route: String
    private let isDown = Mutex(false)
    private let respond: (@Sendable ([UInt8]) -> (status: Int, body: [UInt8]))?

    /// `respond`, when given, answers each request (a back end that, say, quotes the
    /// request in its error) instead of the 200/503 rule.
    public init(failFirst: Int = 0, route: String = "v1/callbacks/:adapter",
                respond: (@Sendable ([UInt8]) -> (status: Int, body: String))? = nil) {
        self.failFirst = failFirst
        self.route = route
        if let respond {
            self.respond = { @Sendable (bytes: [UInt8]) -> (status: Int, body: [UInt8]) in
                let answer = respond(bytes)
                return (answer.status, Array(answer.body.utf8))
            }
        } else {
            self.respond = nil
        }
    }

    /// The same with an answer of any bytes, valid UTF-8 or not (a hostile back end).
    public init(route: String, respondBytes: @escaping @Sendable ([UInt8]) -> (status: Int, body: [UInt8])) {
        self.failFirst = 0
        self.route = route
        self.respond = respondBytes
    }

    /// While down, every request is recorded and answered 503.
    public func setDown(_ down: Bool) { isDown.withLock { $0 = down } }

    /// Every request so far, in arrival order.
    public var requests: [Received] { received.withLock { $0 } }

    /// Those answered 200.
    public var acknowledged: [Received] { requests.filter { $0.answered == 200 } }

    /// Runs `body` with the recorder listening on a free port; passes its base URL.
    public func with<T: Sendable>(_ body: @Sendable (String) async throws -> T) async throws -> T {
        let router = Router()
        router.post(RouterPath(route)) { request, context in
            let bytes = try await request.body.collect(upTo: 1 << 20)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            // HTTP/1's Host header arrives as the request's authority.
            if let authority = request.head.authority { headers["Host"] = authority }
            let down = self.isDown.withLock { $0 }
            let status = self.received.withLock { list in
                let status = list.count < self.failFirst || down ? 503 : 200
                list.append(Received(adapter: context.parameters.get("adapter") ?? "", path: request.uri.path, headers: headers,
                                     body: Array(buffer: bytes), answered: status))
                return status
            }
            if let respond = self.respond {
                let (code, text) = respond(Array(buffer: bytes))
                return Response(status: .init(code: code), body: .init(byteBuffer: ByteBuffer(bytes: text)))
            }
            return Response(status: .init(code: status))
        }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) })
        let group = ServiceGroup(configuration: .init(services: [app], logger: .init(label: "callback-recorder")))
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            let port = await iterator.next() ?? 0
            do {
                let result = try await body("http://127.0.0.1:\(port)")
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return result
            } catch {
                await group.triggerGracefulShutdown()
                try? await tasks.waitForAll()
                throw error
            }
        }
    }
}
