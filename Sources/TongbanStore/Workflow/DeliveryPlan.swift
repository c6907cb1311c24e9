import Foundation
import TongbanCore

/// What a delivery's outcome does beyond its outbox row (DESIGN 1.4), and an operator's
/// replay of a dead delivery.
public enum DeliveryPlan {
    /// The effects of an outcome recorded under its lease: the target takes the back end's
    /// case reference and the attempt count, and moves only while it still waits for this
    /// answer (`queued`) — a callback may already have moved it further. A refusal or a
    /// failure may change the overall status.
    public static func effects(of result: DeliveryResult, adapterId: String, attempts: Int, in application: ApplicationState,
                               ids: any IdentifierSource) -> WorkflowChanges {
        guard let target = application.target(result.targetId) else { return WorkflowChanges() }
        var draft = WorkflowDraft(application, ids: ids)
        var updated = target
        if case .delivered(let ref?) = result.outcome { updated.backendRef = ref }
        updated.attempts = attempts
        let source = "adapter:\(adapterId)"
        let reported = result.outcome.targetStatus
        let moves = reported.map {
            TargetTransition.verdict(from: target.status, to: $0, source: .delivery, at: result.now, lastMoved: target.lastMovedAt).moves
        } ?? false
        if moves, let reported {
            updated.status = reported
            updated.lastMovedAt = result.now
        }
        draft.update(updated, at: result.now)
        if moves, let reported {
            let note = result.outcome.note
            draft.record(target: target.id, type: "delivery", from: target.status.rawValue, to: reported.rawValue, source: source,
                         at: result.now, note: note)
            // queued → delivered never changes the overall status; a refusal or a failure may.
            if reported != .delivered { draft.reaggregate(at: result.now, source: source, note: note) }
        }
        return draft.changes
    }

    /// Putting a dead delivery back in the queue: the target returns to `queued`. Refused
    /// when the applicant has withdrawn the application since — it must not reach the back
    /// end after all.
    public static func replay(targetId: String, in application: ApplicationState, now: Date,
                              ids: any IdentifierSource) -> Result<WorkflowChanges, ReplayRefused> {
        if application.withdrawalRequestedAt != nil {
            return .failure(ReplayRefused(reason: "the applicant withdrew application \(application.id); its delivery stays dead"))
        }
        guard let target = application.target(targetId) else { return .success(WorkflowChanges()) }
        var draft = WorkflowDraft(application, ids: ids)
        draft.move(OutboxChange(queue: .deliveries, id: targetId, from: .dead, transition: .replayed(at: now)))
        var queued = target
        queued.status = .queued
        draft.update(queued, at: now)
        draft.record(target: targetId, type: "replay", from: target.status.rawValue, to: TargetStatus.queued.rawValue, source: "gateway", at: now)
        draft.reaggregate(at: now, source: "gateway")
        return .success(draft.changes)
    }
}
