import Foundation
import TongbanCore

/// The applicant's withdrawal (DESIGN 4): each target gets its `CitizenAction.withdrawal`
/// step — a cancellation queued to the back end, a delivery stopped, or a local withdrawal —
/// all in one transaction, once.
public enum WithdrawalPlan {
    /// `application` as loaded with each target's delivery standing; nil when the portal has
    /// no such application.
    public static func plan(_ request: WithdrawalRequest, _ application: ApplicationState?,
                            ids: any IdentifierSource) -> Planned<WithdrawalOutcome> {
        guard let application else { return Planned(.notFound) }
        if let at = application.withdrawalRequestedAt { return Planned(.repeated(requestedAt: at)) }
        let steps = application.targets.map { target in
            WithdrawalOutcome.TargetStep(targetId: target.id, step: CitizenAction.withdrawal(of: CitizenAction.TargetState(
                status: target.status, delivery: deliveryState(target.delivery),
                cancellable: target.adapterId.map(request.cancellable.contains) ?? false)))
        }
        if steps.allSatisfy({ if case .none = $0.step { true } else { false } }) {
            return Planned(.nothingToWithdraw(application.status))
        }
        let source = "portal:\(request.portal)", now = request.now
        var draft = WorkflowDraft(application, ids: ids)
        draft.markWithdrawalRequested(at: now)
        draft.record(target: nil, type: "withdrawal", source: source, at: now, moved: false,
                     note: request.reason.isEmpty ? "withdrawn by the applicant" : request.reason)
        let encoded: Data = (try? JSONEncoder().encode(["reason": request.reason])) ?? Data("{}".utf8)
        let document = String(decoding: encoded, as: UTF8.self)
        for (target, planned) in zip(application.targets, steps) {
            switch planned.step {
            case .none:
                continue
            case .cancelThroughBackEnd:
                guard let adapterId = target.adapterId else { continue }
                draft.queue(NewAction(id: ids.next("act_"), kind: .cancel, applicationId: application.id, targetId: target.id,
                                      adapterId: adapterId, requestKey: "withdrawal", digest: "", document: document, requestedAt: now))
            case .stopDelivery(let note):
                if let delivery = target.delivery {
                    draft.move(OutboxChange(queue: .deliveries, id: target.id, from: delivery.state,
                                            transition: OutboxTransition(state: .cancelled, error: nil, at: now)))
                }
                withdrawLocally(target, note: note, source: source, at: now, &draft)
            case .withdrawLocally(let note):
                withdrawLocally(target, note: note, source: source, at: now, &draft)
            }
        }
        draft.reaggregate(at: now, source: source)
        return Planned(.accepted(steps), draft.changes)
    }

    private static func withdrawLocally(_ target: TargetState, note: String, source: String, at: Date, _ draft: inout WorkflowDraft) {
        var withdrawn = target
        withdrawn.status = .withdrawn
        withdrawn.lastMovedAt = at
        draft.update(withdrawn, at: at)
        draft.record(target: target.id, type: "withdrawal", from: target.status.rawValue, to: TargetStatus.withdrawn.rawValue,
                     source: source, at: at, verdict: TargetTransition.Verdict.moved.rawValue, note: note)
    }

    /// A delivery's standing as a withdrawal sees it.
    static func deliveryState(_ standing: OutboxStanding?) -> CitizenAction.DeliveryState {
        switch standing?.state {
        case .leased: .inFlight
        case .done, .dead, .cancelled, .skipped: .finished
        case .pending: .waiting(attempts: standing?.attempts ?? 0)
        case nil: .waiting(attempts: 0)
        }
    }
}
