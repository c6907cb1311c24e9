import Foundation
import TongbanCore

/// A new application (DESIGN 1.3): stored once per portal case number. The same case with
/// the same content is a repeat that gets its first receipt back; with other content it is
/// a conflict.
public enum IntakePlan {
    public enum Decision: Sendable, Equatable {
        /// Store it: these rows, this receipt.
        case create(Receipt, submitted: EventRecord)
        /// A repeat of the stored application with this id: answer with its receipt.
        case repeatOf(id: String)
        case conflict(existingID: String)
    }

    /// `existing` is the application stored under the same portal case number, if any.
    public static func decide(_ job: NewApplication, existing: (id: String, contentDigest: String)?) -> Decision {
        if let existing {
            return existing.contentDigest == job.contentDigest ? .repeatOf(id: existing.id) : .conflict(existingID: existing.id)
        }
        let received = RFC3339.format(job.receivedAt)
        let submitted = EventRecord(
            id: job.eventID, applicationId: job.id, targetId: nil, type: "submitted", from: nil, to: OverallStatus.submitted.rawValue,
            source: "portal:\(job.application.source.portal)", occurredAt: RFC3339.format(job.application.submittedAt), recordedAt: received,
            moved: true, payloadDigest: job.contentDigest)
        let receipt = Receipt(
            id: job.id, portalCaseNo: job.application.portalCaseNo, status: .submitted, receivedAt: job.receivedAt, dueDate: job.dueDate,
            targets: job.targets.map { TargetSummary(id: $0.id, service: $0.service, adapterId: $0.adapterId, status: .queued, dueDate: $0.dueDate) })
        return .create(receipt, submitted: submitted)
    }
}
