import Foundation
import Logging
import Synchronization
import TongbanCore

/// Whether a worker's next item may start.
enum OutboxAdmission: Sendable {
    case go
    /// Not before `until`: what is held goes back to the queue meanwhile.
    case closed(until: Date)
}

/// The one worker loop of the three outboxes (deliveries, citizen actions, notifications),
/// configured three ways. It claims due items under a lease, starts each when a slot is free
/// and `admit` lets it (a breaker, a rate limit), gives back what it holds when `admit`
/// closes or the worker stops, and claims the next batch while the current one is still
/// being sent when `claimsAhead`. Everything it starts is a child task: the worker returns
/// only when every item it started has been processed and recorded.
struct OutboxWorker<Item: Sendable>: Sendable {
    struct Configuration: Sendable {
        var concurrency: Int
        /// Items claimed per transaction.
        var batchSize: Int
        /// Claim the next batch while this one is being sent (a busy lane never waits on the store).
        var claimsAhead = false
        /// How long an idle worker waits before looking again.
        var pollSeconds: Double
        /// Items held unstarted this long after their claim go back to the queue, well before
        /// their lease could run out under them.
        var holdSeconds: Double = .infinity
    }

    var label: String
    var configuration: Configuration
    var clock: any WallClock
    var logger: Logger
    var slots: OutboxSlots
    var claim: @Sendable (_ limit: Int, _ now: Date) async throws -> [Item]
    var release: @Sendable (_ items: [Item], _ now: Date) async throws -> Void
    var admit: @Sendable () async -> OutboxAdmission = { .go }
    /// Sends one item and records its outcome; calls `answered` as soon as its slot may be
    /// reused (before the outcome is durable, for deliveries).
    var process: @Sendable (_ item: Item, _ answered: @escaping @Sendable () -> Void) async -> Void
    var shouldRun: @Sendable () -> Bool

    /// What the loop holds, shared with the claim running ahead.
    private final class Held: Sendable {
        struct State: Sendable {
            var items: [(item: Item, claimedAt: Date)] = []
            var claimingAhead = false
            /// The last claim came back short: the queue is nearly empty, no claiming ahead.
            var drained = false
        }
        private let state = Mutex(State())
        func withLock<T: Sendable>(_ body: (inout State) -> T) -> T { state.withLock { body(&$0) } }
    }

    func run() async {
        let (wakes, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let token = slots.subscribe(wake)
        defer { slots.unsubscribe(token) }
        var wakeups = wakes.makeAsyncIterator()
        let held = Held()
        let batchSize = configuration.batchSize
        await withDiscardingTaskGroup { group in
            while shouldRun() {
                let free = configuration.concurrency - slots.inFlight
                if free <= 0 {
                    _ = await wakeups.next()
                    continue
                }
                let state = held.withLock { ($0.items.isEmpty, $0.claimingAhead) }
                if state.0 {
                    if state.1 {
                        _ = await wakeups.next()
                        continue
                    }
                    let claimed = await claimOnce(batchSize)
                    held.withLock {
                        $0.items += claimed
                        $0.drained = claimed.count < batchSize
                    }
                    if claimed.isEmpty {
                        await sleep(configuration.pollSeconds)
                        continue
                    }
                }
                await releaseStale(held)
                var closedUntil: Date?
                for _ in 0..<free {
                    guard held.withLock({ !$0.items.isEmpty }) else { break }
                    if case .closed(let until) = await admit() {
                        closedUntil = until
                        break
                    }
                    guard let next = held.withLock({ $0.items.isEmpty ? nil : $0.items.removeFirst() }) else { break }
                    slots.started()
                    let slots = slots
                    group.addTask {
                        let freed = Atomic<Bool>(false)
                        let answered: @Sendable () -> Void = {
                            if !freed.exchange(true, ordering: .acquiringAndReleasing) { slots.finished() }
                        }
                        await process(next.item, answered)
                        answered()
                    }
                }
                if let closedUntil {
                    await releaseHeld(held)
                    held.withLock { $0.drained = false }
                    await sleep(min(max(0.01, closedUntil.timeIntervalSince(clock.now())), 1))
                } else if configuration.claimsAhead {
                    let start = held.withLock { held in
                        guard held.items.count <= configuration.concurrency, !held.claimingAhead, !held.drained else { return false }
                        held.claimingAhead = true
                        return true
                    }
                    if start {
                        group.addTask {
                            let claimed = await claimOnce(batchSize)
                            held.withLock {
                                $0.items += claimed
                                $0.claimingAhead = false
                                $0.drained = claimed.count < batchSize
                            }
                            wake.yield()
                        }
                    }
                }
            }
            // Stopping: what is held, including a claim still running ahead, goes back.
            while held.withLock({ $0.claimingAhead }) { _ = await wakeups.next() }
            await releaseHeld(held)
        }
    }

    /// One claim; a failing store (a full disk) is logged and not asked again for a second.
    private func claimOnce(_ limit: Int) async -> [(item: Item, claimedAt: Date)] {
        let now = clock.now()
        do {
            return try await claim(limit, now).map { ($0, now) }
        } catch {
            logger.error("claiming \(label) failed", metadata: ["error": "\(error)"])
            await sleep(1)
            return []
        }
    }

    private func releaseHeld(_ held: Held) async {
        let items = held.withLock { held in
            defer { held.items = [] }
            return held.items.map(\.item)
        }
        await giveBack(items)
    }

    /// Items held past `holdSeconds` go back rather than start late under a lease about to end.
    private func releaseStale(_ held: Held) async {
        guard configuration.holdSeconds.isFinite else { return }
        let cutoff = clock.now().addingTimeInterval(-configuration.holdSeconds)
        let stale = held.withLock { held in
            let stale = held.items.filter { $0.claimedAt < cutoff }.map(\.item)
            held.items.removeAll { $0.claimedAt < cutoff }
            return stale
        }
        await giveBack(stale)
    }

    private func giveBack(_ items: [Item]) async {
        guard !items.isEmpty else { return }
        do {
            try await release(items, clock.now())
        } catch {
            // Their leases run out and they are due again then.
            logger.error("releasing \(label) failed", metadata: ["error": "\(error)"])
        }
    }

    private func sleep(_ seconds: Double) async {
        try? await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
    }
}
