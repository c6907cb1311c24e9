/// Poison containment for the outboxes (deliveries, citizen actions, notifications): an
/// item whose lease ran out with no outcome recorded was being processed when the gateway
/// stopped — killed, or crashed on that very item. The attempt is counted when the item is
/// claimed, before anything is sent, so a crash cannot hide it; after `limit` such
/// abandoned leases in a row the item is set aside (failed, a dead letter an operator can
/// replay) instead of being claimed again, so one poisonous item cannot crash every
/// restart. A lease that ends with an outcome, whatever it is, resets nothing and counts
/// nothing: only silent ends count.
public enum PoisonRule {
    /// Abandoned leases before an item is set aside.
    public static let defaultLimit = 3

    public enum Verdict: Sendable, Equatable {
        /// Claim it; `abandoned` is the count to store.
        case claim(abandoned: Int)
        /// Do not claim it: fail it with `reason`.
        case setAside(reason: String)
    }

    /// The verdict for claiming an item that has been abandoned `abandoned` times so far;
    /// `leaseRanOut` when this claim takes it over from an expired lease.
    public static func verdict(abandoned: Int, leaseRanOut: Bool, limit: Int, what: String) -> Verdict {
        let count = abandoned + (leaseRanOut ? 1 : 0)
        guard count >= limit else { return .claim(abandoned: count) }
        return .setAside(reason: "set aside as poison: the gateway stopped \(count) times while processing this \(what) "
            + "without recording an outcome; look for a crash in the log, then replay it")
    }
}
