import Foundation
import TongbanCore

/// Citizen actions (withdrawal, supplements) and their outbox (DESIGN 4). A request is
/// recorded with its actions in one transaction; workers claim due actions under a lease,
/// like deliveries, and finish them with the back end's answer.
public protocol ActionStore: Sendable {
    /// Withdraws an application: each target gets its `CitizenAction.withdrawal` step in one
    /// transaction. Idempotent: a second request changes nothing and says so.
    func requestWithdrawal(_ request: WithdrawalRequest) async throws -> WithdrawalOutcome

    /// Queues materials for the targets waiting for them. Idempotent per `supplementId`.
    func requestSupplement(_ request: SupplementRequest) async throws -> SupplementOutcome

    /// Claims up to `limit` due actions of one adapter whose submission has been answered.
    /// An action whose target became final meanwhile is closed as `skipped` instead.
    func claimActions(adapterId: String, limit: Int, owner: String, now: Date, leaseSeconds: Double) async throws -> [ClaimedAction]

    /// Records how an attempt ended; false when `owner` no longer holds the lease.
    @discardableResult
    func finishAction(_ result: ActionResult) async throws -> Bool

    /// Gives claimed actions back unattempted.
    func releaseActions(ids: [String], owner: String, now: Date) async throws

    /// The actions of one application, oldest first.
    func actions(applicationId: String) async throws -> [ActionRecord]

    /// Actions that gave up, newest first.
    func actionDeadLetters(limit: Int) async throws -> [ActionRecord]

    /// Puts a dead action back in the queue; false when there is no dead action with this id.
    func replayAction(id: String, now: Date) async throws -> Bool
}

public struct WithdrawalRequest: Sendable {
    public var applicationId: String
    public var portal: String
    public var reason: String
    /// Adapters that declare a cancel endpoint.
    public var cancellable: Set<String>
    public var now: Date

    public init(applicationId: String, portal: String, reason: String, cancellable: Set<String>, now: Date) {
        self.applicationId = applicationId
        self.portal = portal
        self.reason = reason
        self.cancellable = cancellable
        self.now = now
    }
}

public enum WithdrawalOutcome: Sendable, Equatable {
    /// Recorded now: the step each target got, in target order.
    case accepted([TargetStep])
    /// Withdrawn before (at that time): nothing changed.
    case repeated(requestedAt: Date)
    /// Every target is already final: nothing to withdraw, nothing changed.
    case nothingToWithdraw(OverallStatus)
    case notFound

    public struct TargetStep: Sendable, Equatable {
        public var targetId: String
        public var step: CitizenAction.WithdrawalStep
        public init(targetId: String, step: CitizenAction.WithdrawalStep) {
            self.targetId = targetId
            self.step = step
        }
    }
}

public struct SupplementRequest: Sendable {
    public var applicationId: String
    public var portal: String
    /// The portal's id for this supplement: a repeat with the same id is the same request.
    public var supplementId: String
    /// Only this target, or every target waiting for supplements.
    public var targetId: String?
    /// The supplement document the back ends' bodies are built from (canonical JSON).
    public var document: [UInt8]
    public var digest: String
    /// Adapters that declare a supplement endpoint.
    public var accepting: Set<String>
    public var now: Date

    public init(applicationId: String, portal: String, supplementId: String, targetId: String?, document: [UInt8], digest: String,
                accepting: Set<String>, now: Date) {
        self.applicationId = applicationId
        self.portal = portal
        self.supplementId = supplementId
        self.targetId = targetId
        self.document = document
        self.digest = digest
        self.accepting = accepting
        self.now = now
    }
}

public enum SupplementOutcome: Sendable, Equatable {
    /// Queued now, one action per target.
    case queued([String])
    /// The same supplement was queued before: nothing changed.
    case repeated([String])
    /// The same supplement id came before with other content.
    case conflict
    /// No target can take it; each reason names the target.
    case refused([String])
    case notFound
}

/// An action a worker holds.
public struct ClaimedAction: Sendable {
    public var id: String
    public var kind: CitizenAction.Kind
    public var applicationId: String
    public var targetId: String
    public var adapterId: String
    public var caseRef: String?
    public var attempt: Int
    public var document: [UInt8]
    public var requestedAt: Date

    public init(id: String, kind: CitizenAction.Kind, applicationId: String, targetId: String, adapterId: String, caseRef: String?,
                attempt: Int, document: [UInt8], requestedAt: Date) {
        self.id = id
        self.kind = kind
        self.applicationId = applicationId
        self.targetId = targetId
        self.adapterId = adapterId
        self.caseRef = caseRef
        self.attempt = attempt
        self.document = document
        self.requestedAt = requestedAt
    }
}

/// How one attempt of an action ended.
public struct ActionResult: Sendable {
    public enum Outcome: Sendable, Equatable {
        /// The back end took it (a cancel withdraws the target).
        case done
        case retry(at: Date, reason: String)
        /// Give up: the action joins the dead letters; the target keeps its status.
        case failed(reason: String)
        /// The back end answered and refused it under its own rules (a case it will not
        /// cancel): final, not a dead letter; the target keeps its status and the reason
        /// goes on the timeline.
        case refused(reason: String)

        /// The timeline's note on an action of `kind` that did not go through, nil otherwise
        /// (a cancel that went through is recorded with its status move).
        public func note(for kind: CitizenAction.Kind) -> String? {
            switch self {
            case .failed(let reason): "the back end did not take the \(kind.rawValue): \(reason)"
            case .refused(let reason): "the back end refused the \(kind.rawValue): \(reason)"
            case .done, .retry: nil
            }
        }
    }

    public var id: String
    public var owner: String
    public var outcome: Outcome
    public var now: Date

    public init(id: String, owner: String, outcome: Outcome, now: Date) {
        self.id = id
        self.owner = owner
        self.outcome = outcome
        self.now = now
    }
}

/// One action as stored.
public struct ActionRecord: Sendable, Equatable, Codable {
    public var id: String
    public var kind: CitizenAction.Kind
    public var applicationId: String
    public var targetId: String
    public var adapterId: String
    /// `pending`, `leased`, `done`, `dead`, `skipped`.
    public var state: String
    public var attempts: Int
    public var lastError: String?
    public var requestedAt: Date
    public var updatedAt: Date

    public init(id: String, kind: CitizenAction.Kind, applicationId: String, targetId: String, adapterId: String, state: String,
                attempts: Int, lastError: String?, requestedAt: Date, updatedAt: Date) {
        self.id = id
        self.kind = kind
        self.applicationId = applicationId
        self.targetId = targetId
        self.adapterId = adapterId
        self.state = state
        self.attempts = attempts
        self.lastError = lastError
        self.requestedAt = requestedAt
        self.updatedAt = updatedAt
    }
}
