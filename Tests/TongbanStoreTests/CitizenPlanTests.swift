import Foundation
import Testing
import TongbanCore
import TongbanStore
import TongbanTestSupport

/// `WithdrawalPlan`, `SupplementPlan` and `IntakePlan`.
@Suite struct CitizenPlanTests {
    func withdrawal(cancellable: Set<String> = ["a-t2"]) -> WithdrawalRequest {
        WithdrawalRequest(applicationId: "app", portal: "demo", reason: "", cancellable: cancellable, now: at(10))
    }

    @Test func eachTargetGetsItsStepInOnePlan() throws {
        let app = application([target("t1", .queued, delivery: .pending, attempts: 1), target("t2", .inProgress), target("t3", .accepted),
                               target("t4", .completed)])
        let plan = WithdrawalPlan.plan(withdrawal(), app, ids: CountingIds())
        guard case .accepted(let steps) = plan.outcome else { Issue.record("\(plan.outcome)"); return }
        #expect(steps.map(\.step) == [
            .stopDelivery(note: "withdrawn before it reached the back end; the delivery was stopped (an earlier attempt timed out and may have reached it)"),
            .cancelThroughBackEnd, .withdrawLocally(note: "the back end was not told: its adapter declares no cancel endpoint"),
            .none(reason: "already completed"),
        ])
        let changes = plan.changes
        #expect(changes.outbox == [OutboxChange(queue: .deliveries, id: "t1", from: .pending, transition: OutboxTransition(state: .cancelled, at: at(10)))])
        #expect(changes.actions.map { "\($0.kind.rawValue) \($0.targetId) \($0.document)" } == [#"cancel t2 {"reason":""}"#])
        #expect(changes.targets.map { "\($0.target.id) \($0.target.status.rawValue)" } == ["t1 withdrawn", "t3 withdrawn"])
        #expect(changes.events.map(\.type) == ["withdrawal", "withdrawal", "withdrawal"])
        #expect(changes.events.first?.note == "withdrawn by the applicant" && changes.application?.withdrawalRequestedAt == at(10))
    }

    @Test func repeatsFinalApplicationsAndStrangersChangeNothing() {
        let final = application([target("t1", .completed)])
        for (app, outcome) in [(application([target("t1", .inProgress)], withdrawn: 5), WithdrawalOutcome.repeated(requestedAt: at(5))),
                               (final, .nothingToWithdraw(.completed)), (nil, .notFound)] {
            let plan = WithdrawalPlan.plan(withdrawal(), app, ids: CountingIds())
            #expect(plan.outcome == outcome && plan.changes.isEmpty)
        }
    }

    func supplement(target: String? = nil, digest: String = "d") -> SupplementRequest {
        SupplementRequest(applicationId: "app", portal: "demo", supplementId: "S1", targetId: target, document: Array("{}".utf8), digest: digest,
                          accepting: ["a-t1"], now: at(20))
    }

    @Test func supplementsGoWhereAskedOrSayWhyNot() {
        let app = application([target("t1", .supplementRequired), target("t2", .supplementRequired), target("t3", .inProgress)])
        let plan = SupplementPlan.plan(supplement(target: "t1"), app, earlier: [], ids: CountingIds())
        #expect(plan.outcome == .queued(["act_1"]) && plan.changes.actions.map(\.targetId) == ["t1"] && plan.changes.events.count == 1)
        #expect(SupplementPlan.plan(supplement(), app, earlier: [], ids: CountingIds()).outcome
            == .refused(["target t2 (a-t2): its adapter declares no supplement endpoint"]))
        #expect(SupplementPlan.plan(supplement(target: "t3"), app, earlier: [], ids: CountingIds()).outcome
            == .refused(["target t3 (a-t3): it is in_progress, not waiting for supplements"]))
        #expect(SupplementPlan.plan(supplement(target: "t9"), app, earlier: [], ids: CountingIds()).outcome == .refused(["target t9 is not part of application app"]))
        let none = application([target("t3", .inProgress)])
        #expect(SupplementPlan.plan(supplement(), none, earlier: [], ids: CountingIds()).outcome == .refused(["no target is waiting for supplements (t3 is in_progress)"]))
        let earlier = [SupplementPlan.Earlier(id: "act_0", digest: "d")]
        #expect(SupplementPlan.plan(supplement(), app, earlier: earlier, ids: CountingIds()).outcome == .repeated(["act_0"]))
        #expect(SupplementPlan.plan(supplement(digest: "x"), app, earlier: earlier, ids: CountingIds()).outcome == .conflict)
        #expect(SupplementPlan.plan(supplement(), nil, earlier: [], ids: CountingIds()).outcome == .notFound)
    }

    @Test func intakeIsOncePerCase() throws {
        var application = try CanonicalJSON.decoder().decode(Application.self, from: Data(Fixtures.application("canonical/bundle-unpaid-wages.json")))
        application.portalCaseNo = "C-1"
        let job = NewApplication(id: "app", application: application, contentDigest: "d1", document: [], receivedAt: at(0), dueDate: due,
                                 targets: [NewTarget(id: "t1", service: .mediation, adapterId: "a", dueDate: due)], eventID: "evt")
        guard case .create(let receipt, let event) = IntakePlan.decide(job, existing: nil) else { Issue.record("not created"); return }
        #expect(receipt.targets.map(\.status) == [.queued] && event.type == "submitted" && event.payloadDigest == "d1" && event.id == "evt")
        #expect(IntakePlan.decide(job, existing: (id: "app_0", contentDigest: "d1")) == .repeatOf(id: "app_0"))
        #expect(IntakePlan.decide(job, existing: (id: "app_0", contentDigest: "d2")) == .conflict(existingID: "app_0"))
    }
}
