import Foundation
import TongbanCore

/// Status changes reported by back ends, and the timeline they build (DESIGN 1.5–1.6).
public protocol StatusStore: Sendable {
    /// Applies one back-end event in one transaction: loads what `CallbackPlan` needs (was
    /// the event id seen, the target with the back end's case reference and its application)
    /// and writes what the plan decides. `calendar` is the one the plan counts SLA pauses by.
    func applyBackendEvent(_ event: BackendEvent, calendar: WorkingCalendar) async throws -> BackendEventOutcome

    /// Records a callback that could not be applied (unknown status or case, unreadable),
    /// keeping only the newest `keeping` of its adapter.
    func recordAnomaly(_ anomaly: CallbackAnomaly, keeping: Int) async throws

    /// Anomalies, newest first.
    func anomalies(limit: Int) async throws -> [CallbackAnomaly]

    /// Every event of one application in order, or nil when the portal has no such application.
    func timeline(applicationId: String, portal: String) async throws -> [TimelineEvent]?
}

/// A back end's status event, read and mapped by its adapter.
public struct BackendEvent: Sendable, Equatable {
    public var adapterId: String
    public var eventId: String
    public var caseRef: String
    public var nativeStatus: String
    public var status: TargetStatus
    public var occurredAt: Date
    public var receivedAt: Date
    /// SHA-256 of the body as received, for the evidence trail.
    public var payloadDigest: String
    /// The back end's note (an opinion, a reason) and result-document reference, when its spec reads them.
    public var note: String?
    public var document: String?

    /// The note as the timeline shows it: the back end's words, then the document's reference.
    public var timelineNote: String? {
        switch (note, document) {
        case (nil, nil): nil
        case (let note?, nil): note
        case (nil, let document?): "文书 \(document)"
        case (let note?, let document?): "\(note)（文书 \(document)）"
        }
    }

    public init(adapterId: String, eventId: String, caseRef: String, nativeStatus: String, status: TargetStatus,
                occurredAt: Date, receivedAt: Date, payloadDigest: String, note: String? = nil, document: String? = nil) {
        self.note = note
        self.document = document
        self.adapterId = adapterId
        self.eventId = eventId
        self.caseRef = caseRef
        self.nativeStatus = nativeStatus
        self.status = status
        self.occurredAt = occurredAt
        self.receivedAt = receivedAt
        self.payloadDigest = payloadDigest
    }
}

public enum BackendEventOutcome: Sendable, Equatable {
    /// Recorded; `verdict` says whether it moved the target.
    case recorded(Applied)
    /// This event id was recorded before: nothing changes.
    case duplicate
    /// No target of this adapter has that case reference.
    case unknownCase
    /// No target has it yet, but deliveries of this adapter are in flight: the back end may
    /// be calling back about a case whose submission answer is not recorded yet.
    case notYetKnown

    public struct Applied: Sendable, Equatable {
        public var applicationId: String
        public var targetId: String
        public var verdict: TargetTransition.Verdict
        public var targetStatus: TargetStatus
        public var overallStatus: OverallStatus
        public var statusVersion: Int

        public init(applicationId: String, targetId: String, verdict: TargetTransition.Verdict, targetStatus: TargetStatus,
                    overallStatus: OverallStatus, statusVersion: Int) {
            self.applicationId = applicationId
            self.targetId = targetId
            self.verdict = verdict
            self.targetStatus = targetStatus
            self.overallStatus = overallStatus
            self.statusVersion = statusVersion
        }
    }
}

/// A callback the gateway could not apply.
public struct CallbackAnomaly: Sendable, Equatable, Codable {
    /// Anomalies kept per adapter: a back end sending nonsense cannot grow the store.
    public static let keptPerAdapter = 1000

    public var adapterId: String
    public var eventId: String?
    public var caseRef: String?
    public var nativeStatus: String?
    public var reason: String
    public var payloadDigest: String
    public var receivedAt: Date

    public init(adapterId: String, eventId: String?, caseRef: String?, nativeStatus: String?, reason: String, payloadDigest: String, receivedAt: Date) {
        self.adapterId = adapterId
        self.eventId = eventId
        self.caseRef = caseRef
        self.nativeStatus = nativeStatus
        self.reason = reason
        self.payloadDigest = payloadDigest
        self.receivedAt = receivedAt
    }
}

/// One line of an application's timeline.
public struct TimelineEvent: Sendable, Equatable, Codable {
    public var seq: Int
    public var id: String
    /// `submitted`, `delivery`, `replay`, `callback`, `status` (the overall status changed),
    /// `withdrawal`, `cancel`, `supplement`.
    public var type: String
    public var targetId: String?
    /// `portal:<id>`, `adapter:<id>`, `gateway`.
    public var source: String
    public var fromStatus: String?
    public var toStatus: String?
    /// The back end's own event id and status word, for callbacks.
    public var externalId: String?
    public var nativeStatus: String?
    /// For callbacks: moved, unchanged, late or illegal.
    public var verdict: String?
    /// Whether the event changed a status.
    public var moved: Bool
    /// What people should know: a withdrawal's reason, that a back end was not told.
    public var note: String?
    public var occurredAt: String
    public var recordedAt: String

    public init(seq: Int, id: String, type: String, targetId: String?, source: String, fromStatus: String?, toStatus: String?,
                externalId: String?, nativeStatus: String?, verdict: String?, moved: Bool, note: String? = nil, occurredAt: String,
                recordedAt: String) {
        self.seq = seq
        self.id = id
        self.type = type
        self.targetId = targetId
        self.source = source
        self.fromStatus = fromStatus
        self.toStatus = toStatus
        self.externalId = externalId
        self.nativeStatus = nativeStatus
        self.verdict = verdict
        self.moved = moved
        self.note = note
        self.occurredAt = occurredAt
        self.recordedAt = recordedAt
    }
}

/// The rows `GET /admin/v1/stats` counts.
public protocol StatisticsStore: Sendable {
    /// Applications received in `from..<to` (instants), and their targets.
    func statisticsRows(from: Date, to: Date) async throws -> (applications: [Statistics.Application], targets: [Statistics.Target])

    /// Every application by overall status.
    func applicationCountsByStatus() async throws -> [String: Int]

    /// The clocks of targets still open whose due date is before `today` (the only ones
    /// that can be overdue), by service.
    func openTargetClocks(dueBefore today: CivilDate) async throws -> [(service: String, clock: ServiceClock)]

    /// The latest applications received, newest first (the admin page).
    func recentApplications(limit: Int) async throws -> [ApplicationSummary]

    /// The portal an application came from, or nil when there is no such application.
    func portal(ofApplication id: String) async throws -> String?
}

/// One line of the admin page's list of applications.
public struct ApplicationSummary: Sendable, Codable, Equatable {
    public var id: String
    public var portal: String
    public var portalCaseNo: String
    public var itemCode: String
    public var region: String
    public var status: String
    public var dueDate: String
    public var receivedAt: String

    public init(id: String, portal: String, portalCaseNo: String, itemCode: String, region: String, status: String, dueDate: String, receivedAt: String) {
        self.id = id
        self.portal = portal
        self.portalCaseNo = portalCaseNo
        self.itemCode = itemCode
        self.region = region
        self.status = status
        self.dueDate = dueDate
        self.receivedAt = receivedAt
    }
}
