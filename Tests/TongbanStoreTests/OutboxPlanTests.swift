import Foundation
import Testing
import TongbanCore
import TongbanStore

/// `DeliveryPlan`, `ActionPlan` and the outbox rules: what an outcome does to its item and
/// to the application.
@Suite struct OutboxPlanTests {
    struct DeliveryRow: Sendable, CustomStringConvertible {
        var from: TargetStatus, outcome: DeliveryResult.Outcome, status: TargetStatus, events: [String], state: OutboxState
        var description: String { "\(from) + \(outcome)" }
    }

    /// A delivery outcome moves only a target still `queued`; a callback may have moved it
    /// further already. A refusal or a failure may change the overall status.
    @Test(arguments: [
        DeliveryRow(from: .queued, outcome: .delivered(backendRef: "R"), status: .delivered, events: ["delivery"], state: .done),
        DeliveryRow(from: .accepted, outcome: .delivered(backendRef: "R"), status: .accepted, events: [], state: .done),
        DeliveryRow(from: .queued, outcome: .refused(reason: "不予受理"), status: .rejected, events: ["delivery", "status"], state: .done),
        DeliveryRow(from: .queued, outcome: .failed(reason: "HTTP 400"), status: .failed, events: ["delivery", "status"], state: .dead),
        DeliveryRow(from: .queued, outcome: .retry(at: at(500), reason: "HTTP 503"), status: .queued, events: [], state: .pending),
    ])
    func aDeliveryOutcome(_ row: DeliveryRow) throws {
        let app = application([target("t1", row.from, delivery: .leased, ref: row.from == .queued ? nil : "R0")])
        let result = DeliveryResult(targetId: "t1", owner: "w", outcome: row.outcome, now: at(100))
        let changes = DeliveryPlan.effects(of: result, adapterId: "a-t1", attempts: 3, in: app, ids: CountingIds())
        let written = try #require(changes.targets.first?.target)
        #expect(written.status == row.status && written.attempts == 3)
        #expect(changes.events.map(\.type) == row.events)
        #expect(row.outcome.transition(at: at(100)).state == row.state)
        if case .refused(let reason) = row.outcome { #expect(changes.events.first?.note == reason && changes.notifications.first?.notification.data.note == reason) }
        if case .delivered = row.outcome { #expect(written.backendRef == "R") }
    }

    @Test func aReplayRequeuesUnlessTheApplicantWithdrew() throws {
        let failed = application([target("t1", .failed, delivery: .dead)])
        let changes = try DeliveryPlan.replay(targetId: "t1", in: failed, now: at(200), ids: CountingIds()).get()
        #expect(changes.outbox == [OutboxChange(queue: .deliveries, id: "t1", from: .dead, transition: .replayed(at: at(200)))])
        #expect(changes.targets.map(\.target.status) == [.queued] && changes.events.map(\.type) == ["replay", "status"])
        #expect(changes.application?.status == .submitted)
        let withdrawn = application([target("t1", .failed, delivery: .dead)], withdrawn: 150)
        #expect(throws: ReplayRefused.self) { try DeliveryPlan.replay(targetId: "t1", in: withdrawn, now: at(200), ids: CountingIds()).get() }
    }

    @Test func poisonIsSetAsideAfterThreeAbandonedLeases() {
        #expect(OutboxClaim.decide(OutboxStanding(state: .pending, attempts: 2), abandoned: 0, poisonAfter: 3, what: "delivery") == .claim(attempt: 3, abandoned: 0))
        #expect(OutboxClaim.decide(OutboxStanding(state: .leased, attempts: 2), abandoned: 1, poisonAfter: 3, what: "delivery") == .claim(attempt: 3, abandoned: 2))
        guard case .setAside(let reason) = OutboxClaim.decide(OutboxStanding(state: .leased, attempts: 3), abandoned: 2, poisonAfter: 3, what: "action") else {
            Issue.record("not set aside"); return
        }
        #expect(reason.contains("3 times") && reason.contains("action"))
    }

    let cancel = ActionPlan.Item(id: "act", kind: .cancel, applicationId: "app", targetId: "t1", adapterId: "a-t1", requestKey: "withdrawal")

    @Test func anActionOnAFinalTargetIsSkipped() throws {
        #expect(ActionPlan.skip(cancel, targetStatus: .inProgress, from: .pending, now: at(1), ids: CountingIds()) == nil)
        let skipped = try #require(ActionPlan.skip(cancel, targetStatus: .completed, from: .pending, now: at(1), ids: CountingIds()))
        #expect(skipped.outbox.map(\.transition.state) == [.skipped] && skipped.events.map(\.note) == ["cancel not sent: the target is already completed"])
    }

    struct ActionRow: Sendable, CustomStringConvertible {
        var kind: CitizenAction.Kind, outcome: ActionResult.Outcome, targetAfter: TargetStatus, note: String?, state: OutboxState
        var description: String { "\(kind) \(outcome)" }
    }

    @Test(arguments: [
        ActionRow(kind: .cancel, outcome: .done, targetAfter: .withdrawn, note: "the back end confirmed the cancellation", state: .done),
        ActionRow(kind: .cancel, outcome: .refused(reason: "已受理"), targetAfter: .inProgress, note: "the back end refused the cancel: 已受理", state: .done),
        ActionRow(kind: .cancel, outcome: .failed(reason: "HTTP 400"), targetAfter: .inProgress, note: "the back end did not take the cancel: HTTP 400", state: .dead),
        ActionRow(kind: .supplement, outcome: .done, targetAfter: .inProgress, note: "the back end received supplement withdrawal", state: .done),
        ActionRow(kind: .supplement, outcome: .retry(at: at(9), reason: "503"), targetAfter: .inProgress, note: nil, state: .pending),
    ])
    func anActionOutcome(_ row: ActionRow) {
        var item = cancel
        item.kind = row.kind
        let app = application([target("t1", .inProgress)])
        let changes = ActionPlan.effects(of: ActionResult(id: "act", owner: "w", outcome: row.outcome, now: at(5)), item, in: app, ids: CountingIds())
        #expect((changes.targets.first?.target.status ?? .inProgress) == row.targetAfter)
        #expect(changes.events.first?.note == row.note)
        #expect(row.outcome.transition(at: at(5)).state == row.state)
        #expect(changes.application?.status == (row.targetAfter == .withdrawn ? .withdrawn : nil))
    }
}
