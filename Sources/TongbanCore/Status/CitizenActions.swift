/// What the applicant can ask for after submitting (DESIGN 4): to withdraw the application,
/// or to add materials a back end asked for. Both reach the back ends through the outbox as
/// actions of a target; this file decides, without I/O, what happens to each target.
public enum CitizenAction {
    /// The kinds of action an adapter may declare an endpoint for.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// Tell the back end the applicant withdrew (撤回).
        case cancel
        /// Carry materials the back end asked for (补正材料).
        case supplement
    }

    /// Where a target's delivery stands when the withdrawal arrives.
    public enum DeliveryState: Sendable, Equatable {
        /// Waiting in the outbox; `attempts` earlier tries failed (a timeout may still have reached the back end).
        case waiting(attempts: Int)
        /// Being sent right now.
        case inFlight
        /// Answered (delivered, refused) or given up.
        case finished
    }

    /// One target as a withdrawal sees it.
    public struct TargetState: Sendable, Equatable {
        public var status: TargetStatus
        public var delivery: DeliveryState
        /// Whether its adapter declares a cancel endpoint.
        public var cancellable: Bool

        public init(status: TargetStatus, delivery: DeliveryState, cancellable: Bool) {
            self.status = status
            self.delivery = delivery
            self.cancellable = cancellable
        }
    }

    /// What a withdrawal does to one target.
    public enum WithdrawalStep: Sendable, Equatable {
        /// Queue a cancellation to the back end; the target becomes `withdrawn` when the back
        /// end confirms (sent only once the submission itself was answered).
        case cancelThroughBackEnd
        /// Mark the target `withdrawn` now; `note` says what the back end knows.
        case withdrawLocally(note: String)
        /// Stop the delivery that has not reached the back end, then withdraw locally.
        case stopDelivery(note: String)
        /// Nothing to do: the target is final.
        case none(reason: String)
    }

    /// The step for one target.
    public static func withdrawal(of target: TargetState) -> WithdrawalStep {
        if target.status.isTerminal { return .none(reason: "already \(target.status.rawValue)") }
        if target.status == .queued, case .waiting(let attempts) = target.delivery {
            let note = "withdrawn before it reached the back end; the delivery was stopped"
            return .stopDelivery(note: attempts > 0 ? note + " (an earlier attempt timed out and may have reached it)" : note)
        }
        if target.cancellable { return .cancelThroughBackEnd }
        return .withdrawLocally(note: "the back end was not told: its adapter declares no cancel endpoint")
    }

    /// Why a supplement cannot go to a target, or nil when it can.
    public static func supplementProblem(status: TargetStatus, acceptsSupplements: Bool) -> String? {
        if status != .supplementRequired { return "it is \(status.rawValue), not waiting for supplements" }
        if !acceptsSupplements { return "its adapter declares no supplement endpoint" }
        return nil
    }
}
