import Foundation
import TongbanCore

/// A back end's status event (DESIGN 1.5): the state machine, the SLA clock, the overall
/// status and the portal's notification, decided from what the store found.
public enum CallbackPlan {
    /// What the store found for the event.
    public enum Lookup: Sendable, Equatable {
        /// This adapter's event id is recorded already.
        case seen
        /// No target of the adapter has the case reference; `deliveriesInFlight` when some of
        /// the adapter's deliveries are being sent right now.
        case unmatched(deliveriesInFlight: Bool)
        /// The target with the case reference, in its application.
        case matched(ApplicationState, targetId: String)
    }

    public static func plan(_ event: BackendEvent, _ lookup: Lookup, calendar: WorkingCalendar,
                            ids: any IdentifierSource) -> Planned<BackendEventOutcome> {
        switch lookup {
        case .seen:
            return Planned(.duplicate)
        case .unmatched(let inFlight):
            // The back end may be calling back about a case whose submission answer is not recorded yet.
            return Planned(inFlight ? .notYetKnown : .unknownCase)
        case .matched(let application, let targetId):
            guard let target = application.target(targetId) else { return Planned(.unknownCase) }
            var draft = WorkflowDraft(application, ids: ids)
            let source = "adapter:\(event.adapterId)"
            let verdict = TargetTransition.verdict(from: target.status, to: event.status, source: .backend, at: event.occurredAt,
                                                   lastMoved: target.lastMovedAt)
            if verdict.moves {
                var moved = target
                moved.clock = target.clock.after(from: target.status, to: event.status, on: BeijingTime.civilDate(of: event.occurredAt),
                                                 calendar: calendar)
                moved.status = event.status
                moved.lastMovedAt = event.occurredAt
                draft.update(moved, at: event.receivedAt)
            }
            draft.record(target: targetId, type: "callback", from: target.status.rawValue, to: event.status.rawValue, source: source,
                         at: event.occurredAt, recordedAt: event.receivedAt, externalId: event.eventId, nativeStatus: event.nativeStatus,
                         verdict: verdict.rawValue, moved: verdict.moves, payloadDigest: event.payloadDigest, note: event.timelineNote)
            if verdict.moves { draft.reaggregate(at: event.receivedAt, source: source, note: event.note, document: event.document) }
            let now = draft.application
            return Planned(.recorded(.init(applicationId: now.id, targetId: targetId, verdict: verdict,
                                           targetStatus: now.target(targetId)?.status ?? target.status, overallStatus: now.status,
                                           statusVersion: now.statusVersion)),
                           draft.changes)
        }
    }
}
