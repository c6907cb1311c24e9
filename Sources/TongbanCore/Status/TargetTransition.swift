import Foundation

/// The per-target state machine of DESIGN 4, as a pure function: given a target's status,
/// the time of the last event that moved it and a new event, what happens. Nothing here
/// reads a clock or a store; the caller applies the verdict and records the event
/// whatever it is, so the timeline keeps late and rejected events too.
public enum TargetTransition {
    /// Where a status event comes from.
    public enum Source: Sendable, Equatable {
        /// The back end's callback.
        case backend
        /// The gateway's dispatcher (delivered, refused, failed).
        case delivery
        /// An operator's replay of a failed delivery.
        case replay
        /// The applicant's withdrawal.
        case withdrawal
    }

    /// What an event does to the target.
    public enum Verdict: String, Sendable, Equatable, Codable {
        /// A legal transition: the target takes the new status.
        case moved
        /// The target already has this status (a repeat); nothing changes.
        case unchanged
        /// Older than where the target is (out of order, or after a final status): kept in
        /// the timeline, never moves the target backwards.
        case late
        /// Not a transition the status model allows from here (an anomaly).
        case illegal

        public var moves: Bool { self == .moved }
    }

    /// Progress order: a move to a lower rank is always late.
    static func rank(_ status: TargetStatus) -> Int {
        switch status {
        case .queued: 0
        case .delivered: 1
        case .accepted: 2
        case .inProgress, .supplementRequired, .suspended: 3
        case .completed, .rejected, .withdrawn, .failed: 4
        }
    }

    /// Moves between the three working statuses that the model allows, both ways.
    static let sideways: Set<[TargetStatus]> = [
        [.inProgress, .supplementRequired], [.supplementRequired, .inProgress],
        [.inProgress, .suspended], [.suspended, .inProgress],
    ]

    /// The verdict for an event saying `to`, happening at `at`, on a target in `from` whose
    /// last move happened at `lastMoved` (nil when it never moved since intake).
    public static func verdict(from: TargetStatus, to: TargetStatus, source: Source, at: Date, lastMoved: Date?) -> Verdict {
        switch source {
        case .replay:
            return from == .failed && to == .queued ? .moved : .illegal
        case .withdrawal:
            guard to == .withdrawn else { return .illegal }
            return from.isTerminal ? (from == .withdrawn ? .unchanged : .late) : .moved
        case .delivery:
            guard [.delivered, .rejected, .failed].contains(to) else { return .illegal }
            if from == to { return .unchanged }
            // A callback may have moved the target before the dispatcher recorded its answer.
            return from == .queued ? .moved : .late
        case .backend:
            guard ![.queued, .delivered, .failed].contains(to) else { return .illegal }
            if from == to { return .unchanged }
            if from.isTerminal { return .late }
            let (a, b) = (rank(from), rank(to))
            if b < a { return .late }
            if b > a { return .moved }
            // Sideways among in_progress, supplement_required and suspended: an event older
            // than the last move is out of order.
            if let lastMoved, at < lastMoved { return .late }
            return sideways.contains([from, to]) ? .moved : .illegal
        }
    }
}
