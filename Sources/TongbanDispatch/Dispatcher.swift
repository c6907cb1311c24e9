import TongbanCodecs
import Foundation
import Logging
import Metrics
import ServiceLifecycle
import Synchronization
import TongbanAdapters
import TongbanCore
import TongbanStore

/// Delivers every stored target to its back end (DESIGN 1.4): one lane per adapter, each
/// with its own concurrency limit, rate limit and circuit breaker, so one slow or failing
/// back end never delays another. Rows are claimed under a lease from the store; a
/// restart, or another gateway process, resumes whatever was not finished.
public final class Dispatcher: ServiceLifecycle.Service {
    /// Tuning that is not per adapter.
    public struct Settings: Sendable {
        /// How long an idle lane waits before looking for due rows again.
        public var pollSeconds = 0.1
        /// Lease beyond the adapter's timeout, so a live worker never loses its row.
        public var leaseMarginSeconds = 30.0
        /// Base URL of this gateway, for `$callback.url`.
        public var publicBaseURL = "http://127.0.0.1:8080"

        public init() {}
    }

    let store: any DispatchStore & ActionStore
    let transport: any DeliveryTransport
    let settings: Settings
    let logger: Logger
    let owner: String
    /// The lane of each adapter in force; a reload replaces the lanes of changed adapters.
    private let lanes: Mutex<[String: Lane]>
    /// Wakes `run()` to start the lanes of a new adapter set.
    private let laneChanges: AsyncStream<Void>
    private let laneChanged: AsyncStream<Void>.Continuation
    /// Counts delivery attempts by adapter and outcome (`tongban_deliveries_total`).
    let metrics: any MetricsFactory
    let clock: any WallClock
    /// Jitter for retry waits, in [0, 1).
    let jitter: @Sendable () -> Double

    public init(adapters: AdapterDirectory, store: any DispatchStore & ActionStore, transport: any DeliveryTransport,
                settings: Settings = Settings(), logger: Logger = Logger(label: "tongban.dispatch"),
                metrics: any MetricsFactory = NOOPMetricsHandler.instance, clock: any WallClock = SystemClock(),
                jitter: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }) {
        self.metrics = metrics
        self.clock = clock
        self.jitter = jitter
        self.store = store
        self.transport = transport
        self.settings = settings
        self.logger = logger
        self.owner = "gw-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))"
        self.lanes = Mutex(Dictionary(uniqueKeysWithValues: adapters.adapters.map { ($0.id, Lane(adapter: $0, replacing: nil)) }))
        (laneChanges, laneChanged) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// Breaker health per adapter: ok, degraded or failing.
    public var health: [String: String] { lanes.withLock { $0 }.mapValues { $0.state.withLock { $0.breaker.health } } }

    /// Puts a new adapter set in force (a reload): an adapter whose revision is unchanged
    /// keeps its lane; a changed one gets a new lane, and its old lane stops claiming and
    /// finishes the deliveries it has in flight; a removed one's lane stops the same way.
    /// Rows are never lost: what a stopping lane holds and has not started goes back to
    /// the outbox for the new lane.
    public func apply(_ adapters: AdapterDirectory) {
        lanes.withLock { lanes in
            var next: [String: Lane] = [:]
            for adapter in adapters.adapters {
                if let lane = lanes[adapter.id], lane.adapter.revision == adapter.revision {
                    next[adapter.id] = lane
                } else {
                    next[adapter.id] = Lane(adapter: adapter, replacing: lanes[adapter.id])
                }
            }
            for (id, lane) in lanes where next[id] !== lane { lane.retire() }
            lanes = next
        }
        laneChanged.yield()
    }

    public func run() async throws {
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                var startedUpTo = 0
                func startNewLanes() {
                    let current = lanes.withLock { $0.values.sorted { $0.serial < $1.serial } }
                    for lane in current where lane.serial > startedUpTo {
                        group.addTask { await self.runLane(lane) }
                        if CitizenAction.Kind.allCases.contains(where: lane.adapter.accepts) {
                            group.addTask { await self.runActionLane(lane) }
                        }
                    }
                    startedUpTo = max(startedUpTo, current.last?.serial ?? 0)
                }
                startNewLanes()
                for await _ in laneChanges { startNewLanes() }
            }
        } onGracefulShutdown: {
            self.laneChanged.finish()
        }
        // Every delivery's task records its outcome before it ends, and the group waited for
        // them all: each answered delivery's outcome is durable before the dispatcher stops.
    }

    /// One adapter revision's dispatch: its breaker and rate limiter, and whether it still
    /// runs. Shared by the lane loop and its delivery tasks.
    final class Lane: Sendable {
        struct State {
            var breaker: CircuitBreaker
            var limiter: RateLimiter
        }
        private static let serials = Atomic<Int>(0)
        let adapter: any Adapter
        let state: Mutex<State>
        /// Deliveries and actions of this adapter in flight, shared with the lane it replaced
        /// so the concurrency limit holds while both run.
        let slots: OutboxSlots
        let actionSlots: OutboxSlots
        /// Creation order, so `run()` starts each lane once.
        let serial: Int
        private let retired = Atomic<Bool>(false)

        init(adapter: any Adapter, replacing previous: Lane?) {
            self.adapter = adapter
            state = Mutex(State(breaker: CircuitBreaker(spec: adapter.limits.breaker), limiter: RateLimiter(ratePerSecond: adapter.limits.ratePerSecond)))
            slots = previous?.slots ?? OutboxSlots()
            actionSlots = previous?.actionSlots ?? OutboxSlots()
            serial = Self.serials.add(1, ordering: .relaxed).newValue
        }

        /// Stops claiming; deliveries in flight finish.
        func retire() { retired.store(true, ordering: .relaxed) }
        var isRetired: Bool { retired.load(ordering: .relaxed) }

        /// Whether the loop should go on claiming.
        var shouldRun: Bool { !Task.isCancelled && !Task.isShuttingDownGracefully && !isRetired }
    }

    /// A lane's deliveries: rows claimed four lane-fulls per transaction, the next batch
    /// claimed while the current one is being delivered, each started under the breaker and
    /// the rate limit.
    private func runLane(_ lane: Lane) async {
        let adapter = lane.adapter
        let timeout = adapter.timeouts.submission, lease = timeout + settings.leaseMarginSeconds
        let concurrency = adapter.limits.concurrency
        let worker = OutboxWorker<ClaimedDelivery>(
            label: "deliveries of \(adapter.id)",
            configuration: .init(concurrency: concurrency, batchSize: concurrency * 4, claimsAhead: true, pollSeconds: settings.pollSeconds),
            clock: clock, logger: logger, slots: lane.slots,
            claim: { [store, owner] limit, now in
                try await store.claimDeliveries(adapterId: adapter.id, limit: limit, owner: owner, now: now, leaseSeconds: lease)
            },
            release: { [store, owner] items, now in try await store.releaseDeliveries(targetIds: items.map(\.targetId), owner: owner, now: now) },
            admit: { [clock] in await Self.admit(lane, clock: clock) },
            process: { delivery, answered in await self.deliver(delivery, adapter: adapter, lane: lane, timeout: timeout, answered: answered) },
            shouldRun: { lane.shouldRun })
        await worker.run()
    }

    /// The breaker and the rate limit of a lane, asked before each send.
    static func admit(_ lane: Lane, clock: any WallClock) async -> OutboxAdmission {
        let now = clock.now().timeIntervalSince1970
        if case .reject(let at) = lane.state.withLock({ $0.breaker.request(now: now) }) {
            return .closed(until: Date(timeIntervalSince1970: at))
        }
        let wait = lane.state.withLock { $0.limiter.take(now: now) }
        if wait > 0 { try? await Task.sleep(for: .milliseconds(Int(wait * 1000))) }
        return .go
    }

    private func deliver(_ claimed: ClaimedDelivery, adapter: any Adapter, lane: Lane, timeout: Double,
                         answered: @Sendable () -> Void) async {
        // The intake request's trace, with this attempt as its span.
        let trace = claimed.traceparent.flatMap(TraceParent.init(header:))?.child().header
        var outcome: DeliveryResult.Outcome
        var backendUp = true
        let startedAt = clock.now().timeIntervalSince1970
        do {
            let delivery = Delivery(
                application: try JSONValue.parse(claimed.document), applicationID: claimed.applicationId, targetID: claimed.targetId,
                dueDate: claimed.dueDate, receivedAt: claimed.receivedAt,
                callbackURL: "\(settings.publicBaseURL)/v1/callbacks/\(adapter.id)", now: clock.now(),
                nonce: RequestSigner.randomNonce(), traceparent: trace)
            let request = try adapter.submission(for: delivery)
            do {
                let response = try await transport.send(request, timeoutSeconds: timeout)
                switch adapter.interpret(status: response.status, body: response.body) {
                case .delivered(let ref): outcome = .delivered(backendRef: ref)
                case .refused(let reason): outcome = .refused(reason: reason)
                case .permanent(let reason): outcome = .failed(reason: reason)
                case .retryable(let reason, _):
                    backendUp = false
                    outcome = retryOrGiveUp(claimed, adapter: adapter, reason: reason, retryAfter: response.retryAfter)
                case .unconfirmed(let reason):
                    // The back end answers, so its breaker stays closed; the answer is wrong.
                    Metrics.Counter(label: "tongban_answer_anomalies_total", dimensions: [("adapter", adapter.id)], factory: metrics).increment()
                    logger.warning("answer without a case reference", metadata: ["adapter": "\(adapter.id)", "target": "\(claimed.targetId)", "reason": "\(reason)"])
                    outcome = retryOrGiveUp(claimed, adapter: adapter, reason: "anomaly: \(reason)", retryAfter: nil)
                }
            } catch {
                backendUp = false
                outcome = retryOrGiveUp(claimed, adapter: adapter, reason: "transport: \(error)", retryAfter: nil)
            }
        } catch {
            // A mapping that cannot be built will not build on a retry either.
            outcome = .failed(reason: "mapping: \(error)")
        }
        let now = clock.now()
        lane.state.withLock { $0.breaker.record(success: backendUp, startedAt: startedAt, now: now.timeIntervalSince1970) }
        answered()
        let kind = switch outcome { case .delivered: "delivered"; case .refused: "refused"; case .retry: "retry"; case .failed: "failed" }
        Metrics.Counter(label: "tongban_deliveries_total", dimensions: [("adapter", adapter.id), ("outcome", kind)], factory: metrics).increment()
        if claimed.attempt > 1 {
            Metrics.Counter(label: "tongban_delivery_retries_total", dimensions: [("adapter", adapter.id)], factory: metrics).increment()
        }
        logger.info("delivery", metadata: ["adapter": "\(adapter.id)", "target": "\(claimed.targetId)", "application": "\(claimed.applicationId)",
                                           "attempt": "\(claimed.attempt)", "outcome": "\(outcome)", "traceparent": "\(trace ?? "-")"])
        // The slot is free already; the outcome joins a shared commit, and this task ends when it is durable.
        do {
            try await store.finishDelivery(DeliveryResult(targetId: claimed.targetId, owner: owner, outcome: outcome, now: now))
        } catch {
            // The lease runs out and the row is delivered again; the back end drops the duplicate by its idempotency key.
            logger.error("recording a delivery failed", metadata: ["target": "\(claimed.targetId)", "error": "\(error)"])
        }
    }

    private func retryOrGiveUp(_ claimed: ClaimedDelivery, adapter: any Adapter, reason: String, retryAfter: Double?) -> DeliveryResult.Outcome {
        switch adapter.limits.retry.nextAttempt(after: claimed.attempt, retryAfter: retryAfter, now: clock.now(), unit: jitter()) {
        case .some(let at): .retry(at: at, reason: reason)
        case nil: .failed(reason: "gave up after \(claimed.attempt) attempts: \(reason)")
        }
    }
}
