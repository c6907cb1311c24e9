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
}

/// The body of `GET /v1/applications/{id}`: the receipt fields plus the canonical application.
struct ApplicationView: Encodable {
    var receipt: ReceiptView
    var portal: String
    var statusVersion: Int
    var application: Application

    func encode(to encoder: any Encoder) throws {
        try receipt.encode(to: encoder)
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(portal, forKey: .portal)
        try c.encode(statusVersion, forKey: .statusVersion)
        try c.encode(application, forKey: .application)
    }

    enum Keys: String, CodingKey { case portal, statusVersion, application }
}

/// The body of `GET /v1/applications/{id}/events`.
struct TimelineView: Encodable {
    var applicationId: String
    var events: [TimelineEvent]
}
