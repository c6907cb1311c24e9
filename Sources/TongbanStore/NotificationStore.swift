import Foundation

/// The outbox of status notifications to portals. A row is written in the transaction
/// that changed an application's overall status; the notifier claims due rows under a
/// lease, at most one per application at a time and in status-version order.
public protocol NotificationStore: Sendable {
    func claimNotifications(limit: Int, owner: String, now: Date, leaseSeconds: Double) async throws -> [ClaimedNotification]

    /// Records how an attempt ended; false when `owner` no longer holds the lease.
    @discardableResult
    func finishNotification(id: String, owner: String, outcome: NotificationOutcome, now: Date) async throws -> Bool

    /// Gives claimed notifications back unattempted: due again at once, for any notifier.
    func releaseNotifications(ids: [String], owner: String, now: Date) async throws

    /// Notifications that gave up, newest first.
    func notificationDeadLetters(limit: Int) async throws -> [NotificationDeadLetter]

    /// Puts a dead notification back in the queue; false when there is none with this id.
    func replayNotification(id: String, now: Date) async throws -> Bool
}

public struct ClaimedNotification: Sendable, Equatable {
    public var id: String
    public var portalId: String
    public var applicationId: String
    public var statusVersion: Int
    /// The CloudEvents JSON, exactly as it will be sent.
    public var body: [UInt8]
    /// Attempts including this one.
    public var attempt: Int

    public init(id: String, portalId: String, applicationId: String, statusVersion: Int, body: [UInt8], attempt: Int) {
        self.id = id
        self.portalId = portalId
        self.applicationId = applicationId
        self.statusVersion = statusVersion
        self.body = body
        self.attempt = attempt
    }
}

public enum NotificationOutcome: Sendable, Equatable {
    case sent
    /// The portal has no webhook: nothing to send.
    case skipped(reason: String)
    case retry(at: Date, reason: String)
    case failed(reason: String)
}

public struct NotificationDeadLetter: Sendable, Equatable, Codable {
    public var id: String
    public var portalId: String
    public var applicationId: String
    public var statusVersion: Int
    public var attempts: Int
    public var lastError: String
    public var failedAt: Date

    public init(id: String, portalId: String, applicationId: String, statusVersion: Int, attempts: Int, lastError: String, failedAt: Date) {
        self.id = id
        self.portalId = portalId
        self.applicationId = applicationId
        self.statusVersion = statusVersion
        self.attempts = attempts
        self.lastError = lastError
        self.failedAt = failedAt
    }
}
