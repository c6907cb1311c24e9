import Foundation
import TongbanCore

/// What a plan decided, as rows to write: a store writes all of it in the transaction it
/// loaded the plan's input in, and nothing else. Every store writes the same changes; only
/// the SQL differs.
public struct WorkflowChanges: Sendable, Equatable {
    /// The application's new status, version and withdrawal time.
    public var application: ApplicationChange?
    /// Targets whose row changes, each with its whole new state.
    public var targets: [TargetChange] = []
    /// Events to append to the chain, in order.
    public var events: [EventRecord] = []
    /// Portal notifications to queue.
    public var notifications: [QueuedNotification] = []
    /// Citizen actions to queue.
    public var actions: [NewAction] = []
    /// Outbox items moved to a new state outside a worker's lease (a stopped delivery, a replay).
    public var outbox: [OutboxChange] = []

    public init() {}

    public var isEmpty: Bool {
        application == nil && targets.isEmpty && events.isEmpty && notifications.isEmpty && actions.isEmpty && outbox.isEmpty
    }
}

public struct ApplicationChange: Sendable, Equatable {
    public var id: String
    public var status: OverallStatus
    public var statusVersion: Int
    public var withdrawalRequestedAt: Date?

    public init(id: String, status: OverallStatus, statusVersion: Int, withdrawalRequestedAt: Date?) {
        self.id = id
        self.status = status
        self.statusVersion = statusVersion
        self.withdrawalRequestedAt = withdrawalRequestedAt
    }
}

public struct TargetChange: Sendable, Equatable {
    /// The target after the change (its `id` says which row).
    public var target: TargetState
    public var updatedAt: Date

    public init(target: TargetState, updatedAt: Date) {
        self.target = target
        self.updatedAt = updatedAt
    }
}

/// A status notification to queue for a portal.
public struct QueuedNotification: Sendable, Equatable {
    public var portal: String
    public var notification: StatusNotification
    public var dueAt: Date

    public init(portal: String, notification: StatusNotification, dueAt: Date) {
        self.portal = portal
        self.notification = notification
        self.dueAt = dueAt
    }

    /// The CloudEvents JSON exactly as it will be sent.
    public var body: String { notification.jsonText }
}

/// A citizen action to queue, due at once.
public struct NewAction: Sendable, Equatable {
    public var id: String
    public var kind: CitizenAction.Kind
    public var applicationId: String
    public var targetId: String
    public var adapterId: String
    /// `withdrawal`, or the portal's supplement id.
    public var requestKey: String
    /// Of the document, to tell a repeat from a conflict.
    public var digest: String
    public var document: String
    public var requestedAt: Date

    public init(id: String, kind: CitizenAction.Kind, applicationId: String, targetId: String, adapterId: String, requestKey: String,
                digest: String, document: String, requestedAt: Date) {
        self.id = id
        self.kind = kind
        self.applicationId = applicationId
        self.targetId = targetId
        self.adapterId = adapterId
        self.requestKey = requestKey
        self.digest = digest
        self.document = document
        self.requestedAt = requestedAt
    }
}

/// The three outboxes, which share one mechanism (claim under lease, finish, retry, dead
/// letter, replay).
public enum OutboxQueue: String, Sendable, Equatable, CaseIterable {
    case deliveries, actions, notifications

    /// What one item is called in messages (a poison reason).
    public var itemName: String {
        switch self {
        case .deliveries: "delivery"
        case .actions: "action"
        case .notifications: "notification"
        }
    }
}

/// An outbox item moved to another state. `from` is the state it must be in for the move to
/// happen (a move finds the item as the plan saw it, or does nothing).
public struct OutboxChange: Sendable, Equatable {
    public var queue: OutboxQueue
    /// The item's id (a delivery's is its target's id).
    public var id: String
    public var from: OutboxState
    public var transition: OutboxTransition

    public init(queue: OutboxQueue, id: String, from: OutboxState, transition: OutboxTransition) {
        self.queue = queue
        self.id = id
        self.from = from
        self.transition = transition
    }
}

/// A new state for an outbox item, with what goes with it.
public struct OutboxTransition: Sendable, Equatable {
    public var state: OutboxState
    /// When it is next due (nil keeps the due time).
    public var dueAt: Date?
    /// The last error kept with it (nil clears it).
    public var error: String?
    /// A replay starts over: attempts and abandoned leases back to zero.
    public var resetsAttempts: Bool
    public var at: Date

    public init(state: OutboxState, dueAt: Date? = nil, error: String? = nil, resetsAttempts: Bool = false, at: Date) {
        self.state = state
        self.dueAt = dueAt
        self.error = error
        self.resetsAttempts = resetsAttempts
        self.at = at
    }

    /// Back in the queue, due now, counting from zero (an operator's replay).
    public static func replayed(at: Date) -> OutboxTransition {
        OutboxTransition(state: .pending, dueAt: at, error: nil, resetsAttempts: true, at: at)
    }
}
