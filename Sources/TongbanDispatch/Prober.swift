import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import TongbanAdapters
import TongbanCore

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

    /// One back end's probe; retired when a reload changes or removes it.
    final class Target: Sendable {
        let id: String
        let url: String
        let path: String
        let probe: ProbeSpec
        let egress: EgressPolicy?
        /// The request for one check at a time (signed when the spec says `signed: true`).
        let request: @Sendable (Date) -> OutboundRequest?
        /// The adapter's revision: a changed secret restarts the probe.
        let revision: String
        let serial: Int
        private let retired = Atomic<Bool>(false)
        private static let serials = Atomic<Int>(0)

        init(id: String, url: String, path: String, probe: ProbeSpec, egress: EgressPolicy?, revision: String,
             request: @escaping @Sendable (Date) -> OutboundRequest?) {
            self.id = id
            self.revision = revision
            self.request = request
            self.egress = egress
            self.url = url
            self.path = path
            self.probe = probe
            serial = Self.serials.add(1, ordering: .relaxed).newValue
        }

        func retire() { retired.store(true, ordering: .relaxed) }
        var isRetired: Bool { retired.load(ordering: .relaxed) }
        var shouldRun: Bool { !Task.isCancelled && !Task.isShuttingDownGracefully && !retired.load(ordering: .relaxed) }
        func same(as other: Target) -> Bool { url == other.url && probe == other.probe && egress == other.egress && revision == other.revision }
    }

    private let targets: Mutex<[String: Target]>
    private let changes: AsyncStream<Void>
    private let changed: AsyncStream<Void>.Continuation
    private let transport: any DeliveryTransport
    private let logger: Logger
    private let results = Mutex<[String: Result]>([:])

    private let clock: any WallClock

    public init(adapters: AdapterDirectory, transport: any DeliveryTransport, logger: Logger = Logger(label: "tongban.probe"),
                clock: any WallClock = SystemClock()) {
        self.clock = clock
        targets = Mutex(Self.targets(of: adapters))
        (changes, changed) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
        self.transport = transport
        self.logger = logger
    }

    private static func targets(of adapters: AdapterDirectory) -> [String: Target] {
        Dictionary(uniqueKeysWithValues: adapters.adapters.compactMap { adapter in
            guard let probe = adapter.probe, let sample = adapter.probeRequest(now: Date(timeIntervalSince1970: 0), nonce: "") else { return nil }
            return (adapter.id, Target(id: adapter.id, url: sample.url, path: sample.path, probe: probe, egress: sample.egress,
                                       revision: adapter.revision) { now in adapter.probeRequest(now: now, nonce: RequestSigner.randomNonce()) })
        })
    }

    /// Probes the back ends of a new adapter set (a reload); an unchanged probe keeps running
    /// on its interval, a removed one stops and its result is forgotten.
    public func apply(_ adapters: AdapterDirectory) {
        let next = Self.targets(of: adapters)
        targets.withLock { current in
            var merged: [String: Target] = [:]
            for (id, target) in next {
                if let running = current[id], running.same(as: target) { merged[id] = running } else { merged[id] = target }
            }
            for (id, target) in current where merged[id] !== target { target.retire() }
            current = merged
        }
        results.withLock { r in r = r.filter { next[$0.key] != nil } }
        changed.yield()
    }

    /// Adapter id → its latest check (adapters without a probe are absent).
    public var latest: [String: Result] { results.withLock { $0 } }

    public func run() async throws {
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                var startedUpTo = 0
                func startNew() {
                    let current = targets.withLock { $0.values.sorted { $0.serial < $1.serial } }
                    for target in current where target.serial > startedUpTo {
                        group.addTask {
                            while target.shouldRun {
                                await self.check(target)
                                // A stop must not wait for the rest of an interval.
                                try? await cancelWhenGracefulShutdown {
                                    try await Task.sleep(for: .milliseconds(Int(target.probe.intervalSeconds * 1000)))
                                }
                            }
                        }
                    }
                    startedUpTo = max(startedUpTo, current.last?.serial ?? 0)
                }
                startNew()
                for await _ in changes { startNew() }
            }
        } onGracefulShutdown: {
            self.changed.finish()
        }
    }

    private func check(_ target: Target) async {
        let id = target.id
        let result: Result
        do {
            guard let request = target.request(clock.now()) else { return }
            let response = try await transport.send(request, timeoutSeconds: target.probe.timeoutSeconds)
            result = Result(up: (200..<300).contains(response.status), detail: "HTTP \(response.status)", checkedAt: clock.now())
        } catch {
            result = Result(up: false, detail: "\(error)", checkedAt: clock.now())
        }
        // A probe retired by a reload while it was asking reports nothing.
        guard !target.isRetired else { return }
        let previous = results.withLock { r in
            defer { r[id] = result }
            return r[id]
        }
        if previous?.up != result.up {
            logger.notice("back end \(result.up ? "up" : "down")", metadata: ["adapter": "\(id)", "probe": "\(result.detail)"])
        }
    }
}
