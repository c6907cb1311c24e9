import Synchronization

/// Nonces seen within their timestamp window, per scope (a portal, or an adapter's
/// callbacks), in memory: the fast first check for replays. The store holds the same
/// nonces durably (`NonceStore`), so a restart forgets none. Each scope has its own
/// budget: a caller that fills it is refused alone, the others go on.
final class NonceCache: Sendable {
    enum Outcome: Equatable { case fresh, replayed, full }

    private struct State {
        var expiries: [String: Int64] = [:]
        var counts: [String: Int] = [:]
        /// Insertion order, for purging expired entries oldest first.
        var order: [(scope: String, key: String, expiry: Int64)] = []
        var head = 0
    }

    private let state = Mutex(State())
    private let capacity: Int

    /// `capacity`: nonces remembered per scope.
    init(capacity: Int) { self.capacity = capacity }

    /// Records `nonce` in `scope` until `expiry` (unix seconds) unless already seen.
    func record(portal scope: String, nonce: String, expiry: Int64, now: Int64) -> Outcome {
        let key = scope + "\u{1F}" + nonce
        return state.withLock { s in
            while s.head < s.order.count, s.order[s.head].expiry < now {
                let entry = s.order[s.head]
                if s.expiries[entry.key] == entry.expiry {
                    s.expiries[entry.key] = nil
                    s.counts[entry.scope, default: 1] -= 1
                }
                s.head += 1
            }
            if s.head > 4096, s.head * 2 > s.order.count {
                s.order.removeFirst(s.head)
                s.head = 0
            }
            if let seen = s.expiries[key], seen >= now { return .replayed }
            if s.counts[scope, default: 0] >= capacity { return .full }
            if s.expiries[key] == nil { s.counts[scope, default: 0] += 1 }
            s.expiries[key] = expiry
            s.order.append((scope, key, expiry))
            return .fresh
        }
    }
}
