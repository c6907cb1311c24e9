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
    /// Outcomes handed to the store and not yet committed.
    private let unrecorded = Counter()

    final class Counter: Sendable {
        private let value = Atomic<Int>(0)
        func add(_ n: Int) { value.add(n, ordering: .relaxed) }
        func subtract(_ n: Int) { value.subtract(n, ordering: .relaxed) }
        var current: Int { value.load(ordering: .relaxed) }
    }

    public init(adapters: AdapterDirectory, store: any DispatchStore & ActionStore, transport: any DeliveryTransport,
                settings: Settings = Settings(), logger: Logger = Logger(label: "tongban.dispatch"),
                metrics: any MetricsFactory = NOOPMetricsHandler.instance) {
        self.metrics = metrics
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
        // Every answered delivery's outcome is committed before the dispatcher stops.
        let deadline = ContinuousClock.now + .seconds(10)
        while unrecorded.current > 0, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
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
        /// Deliveries of this adapter in flight, shared with the lane it replaced so the
        /// concurrency limit holds while both run.
        let inFlight: InFlight
        /// Creation order, so `run()` starts each lane once.
        let serial: Int
        private let retired = Atomic<Bool>(false)

        /// The count, and a signal to every lane of the adapter when a delivery finishes:
        /// a full new lane must wake when its predecessor's deliveries free their slots.
        final class InFlight: Sendable {
            let count = Atomic<Int>(0)
            private let waiters = Mutex<[Int: AsyncStream<Void>.Continuation]>([:])

            func subscribe(_ serial: Int) -> AsyncStream<Void> {
                let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
                waiters.withLock { $0[serial] = continuation }
                return stream
            }

            func unsubscribe(_ serial: Int) {
                waiters.withLock { $0.removeValue(forKey: serial) }?.finish()
            }

            func started() { count.add(1, ordering: .releasing) }

            func finished() {
                count.subtract(1, ordering: .releasing)
                for waiter in waiters.withLock({ Array($0.values) }) { waiter.yield() }
            }
        }

        init(adapter: any Adapter, replacing previous: Lane?) {
            self.adapter = adapter
            state = Mutex(State(breaker: CircuitBreaker(spec: adapter.limits.breaker), limiter: RateLimiter(ratePerSecond: adapter.limits.ratePerSecond)))
            inFlight = previous?.inFlight ?? InFlight()
            serial = Self.serials.add(1, ordering: .relaxed).newValue
        }

        /// Stops claiming; deliveries in flight finish.
        func retire() { retired.store(true, ordering: .relaxed) }
        var isRetired: Bool { retired.load(ordering: .relaxed) }

        /// Whether the loop should go on claiming.
        var shouldRun: Bool { !Task.isCancelled && !Task.isShuttingDownGracefully && !isRetired }
    }

    private func runLane(_ lane: Lane) async {
        let adapter = lane.adapter
        let concurrency = adapter.limits.concurrency
        // Each finished delivery signals here, so a full lane wakes as soon as a slot frees.
        var freed = lane.inFlight.subscribe(lane.serial).makeAsyncIterator()
        defer { lane.inFlight.unsubscribe(lane.serial) }
        let timeout = (adapter as? DeclarativeAdapter)?.spec.submit.timeoutSeconds ?? 10
        // Rows are claimed four lane-fulls per transaction, and the next batch is claimed
        // while the current one is still being delivered, so a lane never waits on the store.
        let batchSize = concurrency * 4
        let lease = timeout + settings.leaseMarginSeconds
        var buffer: [ClaimedDelivery] = []
        buffer.reserveCapacity(batchSize * 2)
        var nextClaim: Task<[ClaimedDelivery], Never>?
        // After a short batch the queue is nearly drained: no claiming ahead until it is empty.
        var queueDrained = false
        let claim: @Sendable () async -> [ClaimedDelivery] = {
            do {
                return try await self.store.claimDeliveries(adapterId: adapter.id, limit: batchSize, owner: self.owner, now: Date(), leaseSeconds: lease)
            } catch {
                self.logger.error("claiming deliveries failed", metadata: ["adapter": "\(adapter.id)", "error": "\(error)"])
                // A failing store (a full disk) is not asked again ten times a second.
                try? await Task.sleep(for: .seconds(1))
                return []
            }
        }
        func takeClaim() async {
            let claimed: [ClaimedDelivery]
            if let pending = nextClaim {
                nextClaim = nil
                claimed = await pending.value
            } else {
                claimed = await claim()
            }
            queueDrained = claimed.count < batchSize
            buffer.append(contentsOf: claimed)
        }
        /// Hands back every row held and not started, the one being claimed ahead included.
        func releaseHeld() async {
            if let pending = nextClaim {
                nextClaim = nil
                buffer.append(contentsOf: await pending.value)
            }
            let held = buffer.map(\.targetId)
            buffer = []
            if !held.isEmpty { try? await store.releaseDeliveries(targetIds: held, owner: owner, now: Date()) }
        }
        await withDiscardingTaskGroup { deliveries in
            while lane.shouldRun {
                let free = concurrency - lane.inFlight.count.load(ordering: .acquiring)
                if free <= 0 {
                    _ = await freed.next()
                    continue
                }
                if buffer.isEmpty {
                    await takeClaim()
                    if buffer.isEmpty {
                        await sleep(seconds: settings.pollSeconds)
                        continue
                    }
                }
                var retryAt: Double?
                for _ in 0..<min(free, buffer.count) {
                    let now = Date().timeIntervalSince1970
                    let decision = lane.state.withLock { $0.breaker.request(now: now) }
                    if case .reject(let at) = decision {
                        retryAt = at
                        break
                    }
                    let wait = lane.state.withLock { $0.limiter.take(now: now) }
                    if wait > 0 { await sleep(seconds: wait) }
                    let delivery = buffer.removeFirst()
                    lane.inFlight.started()
                    deliveries.addTask {
                        // The slot frees when the back end has answered; recording the outcome
                        // durably (a shared commit) does not hold up the next delivery.
                        await self.deliver(delivery, adapter: adapter, lane: lane, timeout: timeout) {
                            lane.inFlight.finished()
                        }
                    }
                }
                if let retryAt {
                    // The breaker is open: hand the held rows back rather than sit on their leases.
                    await releaseHeld()
                    queueDrained = false
                    await sleep(seconds: min(max(0.01, retryAt - Date().timeIntervalSince1970), 1))
                } else if buffer.count <= concurrency, nextClaim == nil, !queueDrained {
                    nextClaim = Task { await claim() }
                }
            }
            await releaseHeld()
        }
    }

    private func deliver(_ claimed: ClaimedDelivery, adapter: any Adapter, lane: Lane, timeout: Double,
                         answered: @Sendable () -> Void) async {
        // The intake request's trace, with this attempt as its span.
        let trace = claimed.traceparent.flatMap(TraceParent.init(header:))?.child().header
        var outcome: DeliveryResult.Outcome
        var backendUp = true
        let startedAt = Date().timeIntervalSince1970
        do {
            let delivery = Delivery(
                application: try JSONValue.parse(claimed.document), applicationID: claimed.applicationId, targetID: claimed.targetId,
                dueDate: claimed.dueDate, receivedAt: claimed.receivedAt,
                callbackURL: "\(settings.publicBaseURL)/v1/callbacks/\(adapter.id)", now: Date(),
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
        let now = Date()
        lane.state.withLock { $0.breaker.record(success: backendUp, startedAt: startedAt, now: now.timeIntervalSince1970) }
        answered()
        let kind = switch outcome { case .delivered: "delivered"; case .refused: "refused"; case .retry: "retry"; case .failed: "failed" }
        Metrics.Counter(label: "tongban_deliveries_total", dimensions: [("adapter", adapter.id), ("outcome", kind)], factory: metrics).increment()
        if claimed.attempt > 1 {
            Metrics.Counter(label: "tongban_delivery_retries_total", dimensions: [("adapter", adapter.id)], factory: metrics).increment()
        }
        // Recorded in a shared commit without holding this task; `run()` waits for every
        // outcome to be durable before it returns.
        unrecorded.add(1)
        store.recordDelivery(DeliveryResult(targetId: claimed.targetId, owner: owner, outcome: outcome, now: now)) { [logger, unrecorded] result in
            if case .failure(let error) = result {
                // The lease runs out and the row is delivered again; the back end drops the duplicate by its idempotency key.
                logger.error("recording a delivery failed", metadata: ["target": "\(claimed.targetId)", "error": "\(error)"])
            }
            unrecorded.subtract(1)
        }
        logger.info("delivery", metadata: ["adapter": "\(adapter.id)", "target": "\(claimed.targetId)", "application": "\(claimed.applicationId)",
                                           "attempt": "\(claimed.attempt)", "outcome": "\(outcome)", "traceparent": "\(trace ?? "-")"])
    }

    private func retryOrGiveUp(_ claimed: ClaimedDelivery, adapter: any Adapter, reason: String, retryAfter: Double?) -> DeliveryResult.Outcome {
        switch Self.nextAttempt(after: claimed.attempt, adapter: adapter, retryAfter: retryAfter) {
        case .some(let at): .retry(at: at, reason: reason)
        case nil: .failed(reason: "gave up after \(claimed.attempt) attempts: \(reason)")
        }
    }

    /// When to try again after a retryable failure of attempt `attempt`, or nil when the
    /// adapter's retry schedule is spent.
    static func nextAttempt(after attempt: Int, adapter: any Adapter, retryAfter: Double?) -> Date? {
        let schedule = adapter.limits.retry
        guard attempt < schedule.attempts else { return nil }
        let delay = max(schedule.delay(beforeAttempt: attempt + 1, unit: Double.random(in: 0..<1)), min(retryAfter ?? 0, schedule.maxDelay))
        return Date().addingTimeInterval(delay)
    }


    func sleep(seconds: Double) async {
        try? await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
    }
}
