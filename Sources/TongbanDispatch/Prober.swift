import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import TongbanAdapters

/// Active health checks of the back ends whose specs declare a `probe`: each is asked on its
/// own interval, and the latest answer is kept for `/readyz` and `/metrics`.
public final class Prober: ServiceLifecycle.Service, Sendable {
    /// The latest check of one back end.
    public struct Result: Sendable, Equatable {
        public var up: Bool
        /// `HTTP 200`, `HTTP 503`, or the transport error.
        public var detail: String
        public var checkedAt: Date
    }

    private let targets: [(id: String, url: String, path: String, probe: ProbeSpec)]
    private let transport: any DeliveryTransport
    private let logger: Logger
    private let results = Mutex<[String: Result]>([:])

    public init(adapters: AdapterDirectory, transport: any DeliveryTransport, logger: Logger = Logger(label: "tongban.probe")) {
        targets = adapters.adapters.compactMap { adapter in
            guard let spec = (adapter as? DeclarativeAdapter)?.spec, let probe = spec.probe else { return nil }
            return (spec.id, spec.submit.baseURL + probe.path, probe.path, probe)
        }
        self.transport = transport
        self.logger = logger
    }

    /// Adapter id → its latest check (adapters without a probe are absent).
    public var latest: [String: Result] { results.withLock { $0 } }

    public func run() async throws {
        await withDiscardingTaskGroup { group in
            for target in targets {
                group.addTask {
                    while !Task.isCancelled && !Task.isShuttingDownGracefully {
                        await self.check(target.id, url: target.url, path: target.path, timeout: target.probe.timeoutSeconds)
                        // A stop must not wait for the rest of an interval.
                        try? await cancelWhenGracefulShutdown {
                            try await Task.sleep(for: .milliseconds(Int(target.probe.intervalSeconds * 1000)))
                        }
                    }
                }
            }
        }
    }

    private func check(_ id: String, url: String, path: String, timeout: Double) async {
        let result: Result
        do {
            let response = try await transport.send(OutboundRequest(method: "GET", url: url, path: path, headers: [], body: []), timeoutSeconds: timeout)
            result = Result(up: (200..<300).contains(response.status), detail: "HTTP \(response.status)", checkedAt: Date())
        } catch {
            result = Result(up: false, detail: "\(error)", checkedAt: Date())
        }
        let previous = results.withLock { r in
            defer { r[id] = result }
            return r[id]
        }
        if previous?.up != result.up {
            logger.notice("back end \(result.up ? "up" : "down")", metadata: ["adapter": "\(id)", "probe": "\(result.detail)"])
        }
    }
}
