import Foundation
import TongbanCore
import TongbanStore

/// The body of a 202: what the portal keeps as proof of receipt.
struct ReceiptView: Encodable {
    var id: String
    var portalCaseNo: String
    var status: OverallStatus
    /// 好差评 `proStatus`: 1 待受理, 2 已受理, 3 已办结.
    var evaluationCode: Int
    var receivedAt: Date
    var dueDate: CivilDate
    var overdue: Bool
    var targets: [TargetSummary]
    var links: Links

    struct Links: Encodable {
        var `self`: String
    }

    /// The due date is the latest of the targets' due dates, each moved later by the working
    /// days it waited for the applicant; overdue while unfinished and past it.
    init(_ receipt: Receipt, today: CivilDate, calendar: WorkingCalendar) {
        id = receipt.id
        portalCaseNo = receipt.portalCaseNo
        status = receipt.status
        evaluationCode = receipt.status.evaluationCode
        receivedAt = receipt.receivedAt
        dueDate = receipt.targets.map { $0.clock.effectiveDueDate(today: today, calendar: calendar) }.max() ?? receipt.dueDate
        overdue = receipt.status.evaluationCode < 3 && today > dueDate
        targets = receipt.targets
        links = Links(self: "/v1/applications/\(receipt.id)")
    }

    /// As JSON, by the one writer (`CanonicalWriter`): what `CanonicalJSON.encoder()` writes.
    var jsonText: String { CanonicalWriter.text(of: self) }
}

/// Where an application stands: the receipt fields, the status version, the withdrawal
/// and the citizen actions. The body of a withdrawal's or a supplement's answer.
struct ApplicationStateView: Encodable {
    var receipt: ReceiptView
    var portal: String
    var statusVersion: Int
    var withdrawalRequestedAt: Date?
    var actions: [ActionRecord]

    func encode(to encoder: any Encoder) throws {
        try receipt.encode(to: encoder)
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(portal, forKey: .portal)
        try c.encode(statusVersion, forKey: .statusVersion)
        try c.encodeIfPresent(withdrawalRequestedAt, forKey: .withdrawalRequestedAt)
        try c.encode(actions, forKey: .actions)
    }

    enum Keys: String, CodingKey { case portal, statusVersion, withdrawalRequestedAt, actions }
}

/// The body of `GET /v1/applications/{id}`: the state plus the canonical application.
struct ApplicationView: Encodable {
    var state: ApplicationStateView
    var application: Application

    func encode(to encoder: any Encoder) throws {
        try state.encode(to: encoder)
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(application, forKey: .application)
    }

    enum Keys: String, CodingKey { case application }
}

/// The body of `GET /v1/applications/{id}/events`.
struct TimelineView: Encodable {
    var applicationId: String
    var events: [TimelineEvent]
}
