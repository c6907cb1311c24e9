import Foundation
import TongbanCore

/// The outbox of deliveries to back ends. A delivery row is written with its target in the
/// intake transaction; workers claim due rows under a lease (so several gateway processes
/// can share one store, and a dead worker's rows are taken over when its lease ends),
/// deliver them, and finish them with the outcome.
public protocol DispatchStore: Sendable {
    /// Claims up to `limit` due deliveries of one adapter for `owner` until `now + leaseSeconds`.
    /// A row whose lease ran out counts as due.
    func claimDeliveries(adapterId: String, limit: Int, owner: String, now: Date, leaseSeconds: Double) async throws -> [ClaimedDelivery]

    /// Records how an attempt ended. Returns false (and changes nothing) when `owner` no
    /// longer holds the lease.
    @discardableResult
    func finishDelivery(_ result: DeliveryResult) async throws -> Bool

    /// Gives claimed deliveries back unattempted (their attempt is not counted), so they are
    /// due again at once for any worker.
    func releaseDeliveries(targetIds: [String], owner: String, now: Date) async throws

    /// Deliveries that gave up, newest first.
    func deadLetters(limit: Int) async throws -> [DeadLetter]

    /// Puts a dead delivery back in the queue (target back to `queued`); false when the
    /// target has no dead delivery. Throws `ReplayRefused` when the applicant has withdrawn
    /// the application since: it must not reach the back end after all.
    func replay(targetId: String, now: Date) async throws -> Bool

    /// Deliveries per adapter and state.
    func deliveryCounts() async throws -> [DeliveryCount]
}

/// Everything the gateway stores: applications, deliveries, status events, notifications, actions.
public typealias GatewayStore = ApplicationStore & DispatchStore & StatusStore & NotificationStore & ActionStore & StoreHealth & StatisticsStore
    & NonceStore
    & AdminStore & AuditStore

/// A delivery a worker holds.
public struct ClaimedDelivery: Sendable {
    public var targetId: String
    public var applicationId: String
    public var adapterId: String
    /// Attempts including this one.
    public var attempt: Int
    public var document: [UInt8]
    public var dueDate: CivilDate
    public var receivedAt: Date
    /// The intake request's trace context.
    public var traceparent: String?

    public init(targetId: String, applicationId: String, adapterId: String, attempt: Int, document: [UInt8], dueDate: CivilDate, receivedAt: Date,
                traceparent: String? = nil) {
        self.traceparent = traceparent
        self.targetId = targetId
        self.applicationId = applicationId
        self.adapterId = adapterId
        self.attempt = attempt
        self.document = document
        self.dueDate = dueDate
        self.receivedAt = receivedAt
    }
}

/// How one attempt ended.
public struct DeliveryResult: Sendable {
    public enum Outcome: Sendable, Equatable {
        /// The back end took it: target `delivered`.
        case delivered(backendRef: String?)
        /// The back end refused it on its merits: target `rejected`.
        case refused(reason: String)
        /// Try again at `at`.
        case retry(at: Date, reason: String)
        /// Give up: target `failed`, the delivery joins the dead letters.
        case failed(reason: String)

        /// What the timeline and the portal's event say when the outcome moves the target:
        /// a refusal carries the back end's own message.
        public var note: String? {
            if case .refused(let reason) = self { return reason }
            return nil
        }
    }

    public var targetId: String
    public var owner: String
    public var outcome: Outcome
    public var now: Date

    public init(targetId: String, owner: String, outcome: Outcome, now: Date) {
        self.targetId = targetId
        self.owner = owner
        self.outcome = outcome
        self.now = now
    }
}

/// A replay the store will not do, and why.
public struct ReplayRefused: Error, Sendable, CustomStringConvertible {
    public var reason: String
    public init(reason: String) { self.reason = reason }
    public var description: String { reason }
}

/// A delivery that gave up.
public struct DeadLetter: Sendable, Codable, Equatable {
    public var targetId: String
    public var applicationId: String
    public var adapterId: String
    public var attempts: Int
    public var lastError: String
    public var failedAt: Date

    public init(targetId: String, applicationId: String, adapterId: String, attempts: Int, lastError: String, failedAt: Date) {
        self.targetId = targetId
        self.applicationId = applicationId
        self.adapterId = adapterId
        self.attempts = attempts
        self.lastError = lastError
        self.failedAt = failedAt
    }
}

/// How many deliveries of one adapter are in one state (`pending`, `leased`, `done`, `dead`).
public struct DeliveryCount: Sendable, Codable, Equatable {
    public var adapterId: String
    public var state: String
    public var count: Int

    public init(adapterId: String, state: String, count: Int) {
        self.adapterId = adapterId
        self.state = state
        self.count = count
    }
}
