import Synchronization

/// Nonces seen within the timestamp window, per portal, for x-tif replay rejection.
/// Entries expire with the window; the cache is bounded and refuses new nonces rather
/// than forget live ones when full.
final class NonceCache: Sendable {
    enum Outcome: Equatable { case fresh, replayed, full }

    private struct State {
        var expiries: [String: Int64] = [:]
        /// Insertion order, for purging expired entries oldest first.
        var order: [(key: String, expiry: Int64)] = []
        var head = 0
    }

    private let state = Mutex(State())
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// Records `nonce` for `portal` until `expiry` (unix seconds) unless already seen.
    func record(portal: String, nonce: String, expiry: Int64, now: Int64) -> Outcome {
        let key = portal + "\u{1F}" + nonce
        return state.withLock { s in
            while s.head < s.order.count, s.order[s.head].expiry < now {
                let entry = s.order[s.head]
                if s.expiries[entry.key] == entry.expiry { s.expiries[entry.key] = nil }
                s.head += 1
            }
            if s.head > 4096, s.head * 2 > s.order.count {
                s.order.removeFirst(s.head)
                s.head = 0
            }
            if let seen = s.expiries[key], seen >= now { return .replayed }
            if s.expiries.count >= capacity { return .full }
            s.expiries[key] = expiry
            s.order.append((key, expiry))
            return .fresh
        }
    }
}
