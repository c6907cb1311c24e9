import Foundation
import TongbanCore

/// A plan's working copy: the application as loaded, changed step by step, and the rows
/// those steps make. Each step keeps the copy and the rows in agreement, so a later step
/// (re-aggregation after a target moved) sees what an earlier one did.
struct WorkflowDraft {
    private(set) var application: ApplicationState
    private(set) var changes = WorkflowChanges()
    let ids: any IdentifierSource

    init(_ application: ApplicationState, ids: any IdentifierSource) {
        self.application = application
        self.ids = ids
    }

    /// Replaces a target's state (by id) and writes its row.
    mutating func update(_ target: TargetState, at: Date) {
        guard let index = application.targets.firstIndex(where: { $0.id == target.id }) else { return }
        application.targets[index] = target
        changes.targets.removeAll { $0.target.id == target.id }
        changes.targets.append(TargetChange(target: target, updatedAt: at))
    }

    mutating func record(_ event: EventRecord) {
        changes.events.append(event)
    }

    /// An event of this application.
    mutating func record(target: String?, type: String, from: String? = nil, to: String? = nil, source: String, at: Date,
                         recordedAt: Date? = nil, externalId: String? = nil, nativeStatus: String? = nil, verdict: String? = nil,
                         moved: Bool = true, payloadDigest: String? = nil, note: String? = nil) {
        record(.of(application.id, target: target, type: type, from: from, to: to, source: source, at: at, recordedAt: recordedAt,
                   externalId: externalId, nativeStatus: nativeStatus, verdict: verdict, moved: moved, payloadDigest: payloadDigest,
                   note: note, ids: ids))
    }

    mutating func queue(_ action: NewAction) { changes.actions.append(action) }

    mutating func move(_ change: OutboxChange) { changes.outbox.append(change) }

    mutating func markWithdrawalRequested(at: Date) {
        application.withdrawalRequestedAt = at
        writeApplication()
    }

    /// Recomputes the overall status from the targets (`Aggregation`); when it changed, bumps
    /// the status version, records a `status` event and queues the portal's notification
    /// carrying the note and document of the event that caused it.
    mutating func reaggregate(at: Date, source: String, note: String? = nil, document: String? = nil) {
        let old = application.status
        let new = Aggregation.overall(application.targets.map(\.status))
        guard new != old else { return }
        application.status = new
        application.statusVersion += 1
        writeApplication()
        record(target: nil, type: "status", from: old.rawValue, to: new.rawValue, source: source, at: at)
        let notification = StatusNotification(id: ids.next("ntf_"), time: RFC3339.format(at), data: .init(
            applicationId: application.id, portalCaseNo: application.portalCaseNo, status: new, previousStatus: old,
            statusVersion: application.statusVersion, targets: application.targets.map(\.notified), note: note, document: document))
        changes.notifications.append(QueuedNotification(portal: application.portal, notification: notification, dueAt: at))
    }

    private mutating func writeApplication() {
        changes.application = ApplicationChange(id: application.id, status: application.status, statusVersion: application.statusVersion,
                                                withdrawalRequestedAt: application.withdrawalRequestedAt)
    }
}

/// A plan's verdict and the changes that carry it out.
public struct Planned<Outcome: Sendable>: Sendable {
    public var outcome: Outcome
    public var changes: WorkflowChanges

    public init(_ outcome: Outcome, _ changes: WorkflowChanges = WorkflowChanges()) {
        self.outcome = outcome
        self.changes = changes
    }
}
