import Foundation
import TongbanCore

/// The rules of the three outboxes (deliveries, citizen actions, notifications), which share
/// one mechanism: a worker claims due items under a lease, finishes each with an outcome, and
/// an item whose lease ran out is due again (counted as abandoned, `PoisonRule`).
public enum OutboxClaim {
    public enum Decision: Sendable, Equatable {
        /// Take it: `attempt` counts this one, `abandoned` is the count to store.
        case claim(attempt: Int, abandoned: Int)
        /// Do not send it again: fail it with `reason`.
        case setAside(reason: String)
    }

    /// Whether a due item is claimed; `standing` as stored (a `leased` one is a lease that ran out).
    public static func decide(_ standing: OutboxStanding, abandoned: Int, poisonAfter: Int, what: String) -> Decision {
        switch PoisonRule.verdict(abandoned: abandoned, leaseRanOut: standing.state == .leased, limit: poisonAfter, what: what) {
        case .claim(let count): .claim(attempt: standing.attempts + 1, abandoned: count)
        case .setAside(let reason): .setAside(reason: reason)
        }
    }
}

extension DeliveryResult.Outcome {
    /// The delivery's next state in the outbox.
    public func transition(at now: Date) -> OutboxTransition {
        switch self {
        case .delivered: OutboxTransition(state: .done, at: now)
        case .refused(let reason): OutboxTransition(state: .done, error: reason, at: now)
        case .retry(let due, let reason): OutboxTransition(state: .pending, dueAt: due, error: reason, at: now)
        case .failed(let reason): OutboxTransition(state: .dead, error: reason, at: now)
        }
    }

    /// The target status this outcome reports.
    var targetStatus: TargetStatus? {
        switch self {
        case .delivered: .delivered
        case .refused: .rejected
        case .failed: .failed
        case .retry: nil
        }
    }
}

extension ActionResult.Outcome {
    /// The action's next state in the outbox: a refusal is an answer, not a dead letter.
    public func transition(at now: Date) -> OutboxTransition {
        switch self {
        case .done: OutboxTransition(state: .done, at: now)
        case .retry(let due, let reason): OutboxTransition(state: .pending, dueAt: due, error: reason, at: now)
        case .failed(let reason): OutboxTransition(state: .dead, error: reason, at: now)
        case .refused(let reason): OutboxTransition(state: .done, error: reason, at: now)
        }
    }
}

extension NotificationOutcome {
    /// The notification's next state in the outbox.
    public func transition(at now: Date) -> OutboxTransition {
        switch self {
        case .sent: OutboxTransition(state: .done, at: now)
        case .skipped(let reason): OutboxTransition(state: .done, error: reason, at: now)
        case .retry(let due, let reason): OutboxTransition(state: .pending, dueAt: due, error: reason, at: now)
        case .failed(let reason): OutboxTransition(state: .dead, error: reason, at: now)
        }
    }
}
