import Foundation
import TongbanCore

/// A citizen action in the outbox (DESIGN 4): whether a due one is still worth sending, what
/// its outcome does to the target, and an operator's replay.
public enum ActionPlan {
    /// An action as stored, without its document.
    public struct Item: Sendable, Equatable {
        public var id: String
        public var kind: CitizenAction.Kind
        public var applicationId: String
        public var targetId: String
        public var adapterId: String
        public var requestKey: String

        public init(id: String, kind: CitizenAction.Kind, applicationId: String, targetId: String, adapterId: String, requestKey: String) {
            self.id = id
            self.kind = kind
            self.applicationId = applicationId
            self.targetId = targetId
            self.adapterId = adapterId
            self.requestKey = requestKey
        }
    }

    /// An action waits while its target is in this status: a back end cannot cancel or
    /// complete a case whose submission it has not answered yet.
    public static let waitsWhileTarget = TargetStatus.queued

    /// A due action whose target became final meanwhile is not sent: closed as `skipped`,
    /// with the reason on the timeline. Nil when it should be sent.
    public static func skip(_ item: Item, targetStatus: TargetStatus, from state: OutboxState, now: Date,
                            ids: any IdentifierSource) -> WorkflowChanges? {
        guard targetStatus.isTerminal else { return nil }
        let note = "\(item.kind.rawValue) not sent: the target is already \(targetStatus.rawValue)"
        var changes = WorkflowChanges()
        changes.outbox.append(OutboxChange(queue: .actions, id: item.id, from: state,
                                           transition: OutboxTransition(state: .skipped, error: note, at: now)))
        changes.events.append(.of(item.applicationId, target: item.targetId, type: item.kind.rawValue, from: nil, to: nil,
                                  source: "gateway", at: now, moved: false, note: note, ids: ids))
        return changes
    }

    /// The effects of an outcome recorded under its lease. A cancellation the back end
    /// confirmed withdraws the target; anything that did not go through is noted.
    public static func effects(of result: ActionResult, _ item: Item, in application: ApplicationState,
                               ids: any IdentifierSource) -> WorkflowChanges {
        var draft = WorkflowDraft(application, ids: ids)
        let source = "adapter:\(item.adapterId)"
        switch (result.outcome, item.kind) {
        case (.retry, _):
            break
        case (.failed, _), (.refused, _):
            draft.record(target: item.targetId, type: item.kind.rawValue, source: source, at: result.now, moved: false,
                         note: result.outcome.note(for: item.kind))
        case (.done, .supplement):
            draft.record(target: item.targetId, type: "supplement", source: source, at: result.now, moved: false,
                         note: "the back end received supplement \(item.requestKey)")
        case (.done, .cancel):
            guard let target = application.target(item.targetId) else { break }
            let verdict = TargetTransition.verdict(from: target.status, to: .withdrawn, source: .withdrawal, at: result.now,
                                                   lastMoved: target.lastMovedAt)
            if verdict.moves {
                var withdrawn = target
                withdrawn.status = .withdrawn
                withdrawn.lastMovedAt = result.now
                draft.update(withdrawn, at: result.now)
            }
            draft.record(target: item.targetId, type: "cancel", from: target.status.rawValue, to: TargetStatus.withdrawn.rawValue,
                         source: source, at: result.now, verdict: verdict.rawValue, moved: verdict.moves,
                         note: "the back end confirmed the cancellation")
            if verdict.moves { draft.reaggregate(at: result.now, source: source) }
        }
        return draft.changes
    }

    /// Putting a dead action back in the queue, noted on the timeline.
    public static func replay(_ item: Item, now: Date, ids: any IdentifierSource) -> WorkflowChanges {
        var changes = WorkflowChanges()
        changes.outbox.append(OutboxChange(queue: .actions, id: item.id, from: .dead, transition: .replayed(at: now)))
        changes.events.append(.of(item.applicationId, target: item.targetId, type: item.kind.rawValue, from: nil, to: nil, source: "gateway",
                                  at: now, moved: false, note: "\(item.kind.rawValue) \(item.id) replayed by an operator", ids: ids))
        return changes
    }
}
