import Foundation
import TongbanCore

/// Where applications live. Every write is durable before it returns; implementations
/// are SQLite (embedded default) and, later, PostgreSQL, and both pass the same suite.
public protocol ApplicationStore: Sendable {
    /// Stores a new application with its targets and `submitted` event in one transaction,
    /// idempotently per portal case number: an earlier application with the same case
    /// number and digest comes back as `.duplicate`, a different digest as `.conflict`.
    func submit(_ intake: NewApplication) async throws -> IntakeOutcome

    /// An application by gateway id, only if it belongs to `portal`.
    func application(id: String, portal: String) async throws -> StoredApplication?

    /// An application by the portal's own case number.
    func application(portal: String, caseNo: String) async throws -> StoredApplication?
}

/// What intake hands the store.
public struct NewApplication: Sendable {
    public var id: String
    public var application: Application
    /// Digest of the canonical encoding; equal content has an equal digest.
    public var contentDigest: String
    /// The canonical JSON, as stored and served.
    public var document: [UInt8]
    public var receivedAt: Date
    public var dueDate: CivilDate
    public var targets: [NewTarget]
    public var eventID: String
    /// The W3C trace context of the intake request, passed on to the back ends.
    public var traceparent: String?

    public init(
        id: String, application: Application, contentDigest: String, document: [UInt8], receivedAt: Date,
        dueDate: CivilDate, targets: [NewTarget], eventID: String, traceparent: String? = nil
    ) {
        self.traceparent = traceparent
        self.id = id
        self.application = application
        self.contentDigest = contentDigest
        self.document = document
        self.receivedAt = receivedAt
        self.dueDate = dueDate
        self.targets = targets
        self.eventID = eventID
    }
}

/// A target planned at intake.
public struct NewTarget: Sendable {
    public var id: String
    public var service: Service
    /// The adapter chosen at intake.
    public var adapterId: String?
    public var dueDate: CivilDate

    public init(id: String, service: Service, adapterId: String? = nil, dueDate: CivilDate) {
        self.id = id
        self.service = service
        self.adapterId = adapterId
        self.dueDate = dueDate
    }
}

/// The result of `submit`.
public enum IntakeOutcome: Sendable, Equatable {
    /// Stored now.
    case created(Receipt)
    /// The same case with the same content was stored before: its first receipt.
    case duplicate(Receipt)
    /// The same case number was stored before with different content.
    case conflict(existingID: String)
}

/// What the portal gets back for an accepted application.
public struct Receipt: Sendable, Equatable, Codable {
    public var id: String
    public var portalCaseNo: String
    public var status: OverallStatus
    public var receivedAt: Date
    public var dueDate: CivilDate
    public var targets: [TargetSummary]

    public init(id: String, portalCaseNo: String, status: OverallStatus, receivedAt: Date, dueDate: CivilDate, targets: [TargetSummary]) {
        self.id = id
        self.portalCaseNo = portalCaseNo
        self.status = status
        self.receivedAt = receivedAt
        self.dueDate = dueDate
        self.targets = targets
    }
}

/// A target as the portal sees it.
public struct TargetSummary: Sendable, Equatable, Codable {
    public var id: String
    public var service: Service
    public var adapterId: String?
    public var status: TargetStatus
    public var backendRef: String?
    public var dueDate: CivilDate
    public var attempts: Int
    /// Working days spent in `supplement_required` (the SLA clock stood still).
    public var pausedWorkingDays: Int
    /// When the current `supplement_required` began, if it has not ended.
    public var pausedSince: CivilDate?

    public init(id: String, service: Service, adapterId: String? = nil, status: TargetStatus, backendRef: String? = nil, dueDate: CivilDate,
                attempts: Int = 0, pausedWorkingDays: Int = 0, pausedSince: CivilDate? = nil) {
        self.id = id
        self.service = service
        self.adapterId = adapterId
        self.status = status
        self.backendRef = backendRef
        self.dueDate = dueDate
        self.attempts = attempts
        self.pausedWorkingDays = pausedWorkingDays
        self.pausedSince = pausedSince
    }

    /// This target's SLA clock.
    public var clock: ServiceClock { ServiceClock(dueDate: dueDate, pausedWorkingDays: pausedWorkingDays, pausedSince: pausedSince) }
}

/// An application as stored, with its targets and overall status.
public struct StoredApplication: Sendable {
    public var receipt: Receipt
    public var portal: String
    /// The canonical JSON document as stored.
    public var document: [UInt8]
    /// Bumped on every change of overall status.
    public var statusVersion: Int
    /// When the applicant withdrew it, if they did.
    public var withdrawalRequestedAt: Date?
    /// Its citizen actions (cancellations, supplements), oldest first.
    public var actions: [ActionRecord]

    public init(receipt: Receipt, portal: String, document: [UInt8], statusVersion: Int, withdrawalRequestedAt: Date? = nil,
                actions: [ActionRecord] = []) {
        self.receipt = receipt
        self.portal = portal
        self.document = document
        self.statusVersion = statusVersion
        self.withdrawalRequestedAt = withdrawalRequestedAt
        self.actions = actions
    }
}

/// Whether the store answers, for readiness checks.
public protocol StoreHealth: Sendable {
    /// Throws when the store cannot be read.
    func checkReachable() async throws

    /// Throws `StoreUnavailable` when the store cannot take a write (a full disk fails
    /// writes while reads go on); `/readyz` asks while the store is failing, to see it recover.
    func checkWritable() async throws

    /// Storage errors as they happen, and whether the store is failing now.
    var faults: StoreFaults { get }
}
