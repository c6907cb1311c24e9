import Foundation
import TongbanCore

/// An application as the workflow's plans see it: what a store loads before a plan decides.
/// Plans never read a store; a store never decides. A store loads this, hands it to a plan
/// (`CallbackPlan`, `WithdrawalPlan`, …) and writes the plan's `WorkflowChanges` in the
/// same transaction.
public struct ApplicationState: Sendable, Equatable {
    public var id: String
    public var portal: String
    public var portalCaseNo: String
    public var status: OverallStatus
    public var statusVersion: Int
    public var withdrawalRequestedAt: Date?
    /// In target order.
    public var targets: [TargetState]

    public init(id: String, portal: String, portalCaseNo: String, status: OverallStatus, statusVersion: Int,
                withdrawalRequestedAt: Date? = nil, targets: [TargetState]) {
        self.id = id
        self.portal = portal
        self.portalCaseNo = portalCaseNo
        self.status = status
        self.statusVersion = statusVersion
        self.withdrawalRequestedAt = withdrawalRequestedAt
        self.targets = targets
    }

    public func target(_ id: String) -> TargetState? { targets.first { $0.id == id } }
}

/// One target as a plan sees it.
public struct TargetState: Sendable, Equatable {
    public var id: String
    public var service: Service
    public var adapterId: String?
    public var status: TargetStatus
    public var backendRef: String?
    /// When an event last moved it (nil: never since intake).
    public var lastMovedAt: Date?
    public var clock: ServiceClock
    /// Delivery attempts recorded so far.
    public var attempts: Int
    /// Its delivery in the outbox (nil when it has none: no adapter was chosen).
    public var delivery: OutboxStanding?

    public init(id: String, service: Service, adapterId: String?, status: TargetStatus, backendRef: String? = nil,
                lastMovedAt: Date? = nil, clock: ServiceClock, attempts: Int = 0, delivery: OutboxStanding? = nil) {
        self.id = id
        self.service = service
        self.adapterId = adapterId
        self.status = status
        self.backendRef = backendRef
        self.lastMovedAt = lastMovedAt
        self.clock = clock
        self.attempts = attempts
        self.delivery = delivery
    }

    /// The target as the portal's notification lists it.
    var notified: StatusNotification.Target {
        StatusNotification.Target(id: id, service: service.rawValue, status: status, backendRef: backendRef)
    }
}

/// Where an outbox item (a delivery, an action, a notification) stands.
public enum OutboxState: String, Sendable, Equatable, Codable, CaseIterable {
    /// Due at its `due_at`.
    case pending
    /// Held by a worker until its lease ends.
    case leased
    /// Answered (whatever the answer).
    case done
    /// Gave up: a dead letter an operator can replay.
    case dead
    /// Stopped before it was sent (a delivery of a withdrawn application).
    case cancelled
    /// Not sent because it no longer applied (an action on a target that became final).
    case skipped
}

/// An outbox item's state and the attempts counted so far.
public struct OutboxStanding: Sendable, Equatable {
    public var state: OutboxState
    public var attempts: Int

    public init(state: OutboxState, attempts: Int) {
        self.state = state
        self.attempts = attempts
    }
}
