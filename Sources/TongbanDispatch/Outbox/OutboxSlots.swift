import Synchronization

/// Items of one kind in flight, and a signal to every worker that shares the count when
/// one finishes: the lanes of an adapter share one (a reload's new lane must wake when its
/// predecessor's deliveries free their slots), so a concurrency limit holds across them.
final class OutboxSlots: Sendable {
    private let count = Atomic<Int>(0)
    private let waiters = Mutex<[Int: AsyncStream<Void>.Continuation]>([:])
    private let serials = Atomic<Int>(0)

    var inFlight: Int { count.load(ordering: .acquiring) }

    /// Wakes `continuation` whenever a slot frees; returns the token to unsubscribe with.
    func subscribe(_ continuation: AsyncStream<Void>.Continuation) -> Int {
        let token = serials.add(1, ordering: .relaxed).newValue
        waiters.withLock { $0[token] = continuation }
        return token
    }

    func unsubscribe(_ token: Int) {
        waiters.withLock { _ = $0.removeValue(forKey: token) }
    }

    func started() { count.add(1, ordering: .releasing) }

    func finished() {
        count.subtract(1, ordering: .releasing)
        for waiter in waiters.withLock({ Array($0.values) }) { waiter.yield() }
    }
}
