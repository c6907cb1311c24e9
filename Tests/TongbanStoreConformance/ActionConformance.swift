import Foundation
import Testing
import TongbanCore
import TongbanStore
import TongbanTestSupport

/// Citizen actions: what a withdrawal does to each target depending on its delivery, the
/// action outbox's claims, skips, dead letters and replay, and the idempotency of both requests.
extension StoreConformance {
    func withdraw(_ store: any ConformingStore, _ id: String, cancellable: Set<String>, at time: Double) async throws -> WithdrawalOutcome {
        try await store.requestWithdrawal(WithdrawalRequest(applicationId: id, portal: "demo", reason: "不再需要", cancellable: cancellable, now: at(time)))
    }

    func aWithdrawalStopsUndeliveredTargetsAndQueuesCancelsForDeliveredOnes(_ store: any ConformingStore) async throws {
        _ = try await submit(store, "A")
        // Legal aid delivered; mediation still waiting in the outbox.
        _ = try await store.claimDeliveries(adapterId: "legal-aid-sandbox", limit: 1, owner: "w", now: at(2000), leaseSeconds: 30)
        try await store.finishDelivery(.init(targetId: "tgt_A_a", owner: "w", outcome: .delivered(backendRef: "FY-1"), now: at(2001)))
        let outcome = try await withdraw(store, "app_A", cancellable: ["legal-aid-sandbox"], at: 2100)
        #expect(outcome == .accepted([
            .init(targetId: "tgt_A_a", step: .cancelThroughBackEnd),
            .init(targetId: "tgt_A_m", step: .stopDelivery(note: "withdrawn before it reached the back end; the delivery was stopped")),
        ]))
        // The stopped delivery is never claimed; the target is withdrawn; legal aid waits for its back end.
        #expect(try await store.claimDeliveries(adapterId: "mediation-sandbox", limit: 5, owner: "w", now: at(2200), leaseSeconds: 30).isEmpty)
        var stored = try #require(try await store.application(id: "app_A", portal: "demo"))
        #expect(stored.receipt.targets.map(\.status) == [.delivered, .withdrawn])
        #expect(stored.withdrawalRequestedAt == at(2100) && stored.actions.map(\.kind) == [.cancel])
        // A repeat changes nothing.
        let events = try await eventCount(store, "app_A")
        #expect(try await withdraw(store, "app_A", cancellable: ["legal-aid-sandbox"], at: 2150) == .repeated(requestedAt: at(2100)))
        #expect(try await eventCount(store, "app_A") == events)
        // The cancel goes out and is confirmed: the application is withdrawn.
        let claimed = try await store.claimActions(adapterId: "legal-aid-sandbox", limit: 5, owner: "w", now: at(2200), leaseSeconds: 30)
        #expect(claimed.map(\.caseRef) == ["FY-1"] && claimed.map(\.kind) == [.cancel])
        #expect(String(decoding: claimed[0].document, as: UTF8.self) == #"{"reason":"不再需要"}"#)
        #expect(try await store.finishAction(.init(id: claimed[0].id, owner: "w", outcome: .done, now: at(2201))))
        stored = try #require(try await store.application(id: "app_A", portal: "demo"))
        #expect(stored.receipt.targets.map(\.status) == [.withdrawn, .withdrawn] && stored.receipt.status == .withdrawn)
        #expect(stored.actions.map(\.state) == ["done"])
        let timeline = try #require(try await store.timeline(applicationId: "app_A", portal: "demo"))
        let notes = timeline.compactMap { $0.type == "withdrawal" || $0.type == "cancel" ? "\($0.type):\($0.note ?? "")" : nil }
        #expect(notes == ["withdrawal:不再需要", "withdrawal:withdrawn before it reached the back end; the delivery was stopped",
                          "cancel:the back end confirmed the cancellation"])
        // Notes are part of the hash chain.
        guard case .intact(let count, _) = try await store.verifyChain() else { Issue.record("chain broken"); return }
        #expect(count == timeline.count)
    }

    func withoutACancelEndpointTheTargetIsWithdrawnLocallyAndTheEventSaysSo(_ store: any ConformingStore) async throws {
        _ = try await submit(store, "B")
        for adapter in ["legal-aid-sandbox", "mediation-sandbox"] {
            let claimed = try await store.claimDeliveries(adapterId: adapter, limit: 1, owner: "w", now: at(2000), leaseSeconds: 30)
            try await store.finishDelivery(.init(targetId: claimed[0].targetId, owner: "w", outcome: .delivered(backendRef: "R-\(adapter)"), now: at(2001)))
        }
        let outcome = try await withdraw(store, "app_B", cancellable: [], at: 2100)
        let note = "the back end was not told: its adapter declares no cancel endpoint"
        #expect(outcome == .accepted([.init(targetId: "tgt_B_a", step: .withdrawLocally(note: note)), .init(targetId: "tgt_B_m", step: .withdrawLocally(note: note))]))
        let stored = try #require(try await store.application(id: "app_B", portal: "demo"))
        #expect(stored.receipt.status == .withdrawn && stored.actions.isEmpty)
        // Nothing is left to withdraw from a final application — but a repeat is still a repeat.
        #expect(try await withdraw(store, "app_B", cancellable: [], at: 2200) == .repeated(requestedAt: at(2100)))
        #expect(try await withdraw(store, "app_nope", cancellable: [], at: 2200) == .notFound)
    }

    func aFinalApplicationHasNothingToWithdraw(_ store: any ConformingStore) async throws {
        _ = try await submit(store, "C")
        for adapter in ["legal-aid-sandbox", "mediation-sandbox"] {
            let claimed = try await store.claimDeliveries(adapterId: adapter, limit: 1, owner: "w", now: at(2000), leaseSeconds: 30)
            try await store.finishDelivery(.init(targetId: claimed[0].targetId, owner: "w", outcome: .refused(reason: "no"), now: at(2001)))
        }
        let events = try await eventCount(store, "app_C")
        #expect(try await withdraw(store, "app_C", cancellable: [], at: 2100) == .nothingToWithdraw(.rejected))
        #expect(try await eventCount(store, "app_C") == events)
        #expect(try await store.application(id: "app_C", portal: "demo")?.withdrawalRequestedAt == nil)
    }

    func supplement(_ store: any ConformingStore, _ app: String, id: String, digest: String, accepting: Set<String>, target: String? = nil) async throws -> SupplementOutcome {
        try await store.requestSupplement(SupplementRequest(applicationId: app, portal: "demo", supplementId: id, targetId: target,
                                                            document: Array(#"{"supplementId":"\#(id)"}"#.utf8), digest: digest,
                                                            accepting: accepting, now: at(3000)))
    }

    func supplementsGoOnlyToTargetsThatAskedAndAreIdempotent(_ store: any ConformingStore) async throws {
        _ = try await submit(store, "D")
        for adapter in ["legal-aid-sandbox", "mediation-sandbox"] {
            let claimed = try await store.claimDeliveries(adapterId: adapter, limit: 1, owner: "w", now: at(2000), leaseSeconds: 30)
            try await store.finishDelivery(.init(targetId: claimed[0].targetId, owner: "w", outcome: .delivered(backendRef: "R-\(adapter)"), now: at(2001)))
        }
        // Nobody asked yet.
        guard case .refused(let reasons) = try await supplement(store, "app_D", id: "S1", digest: "x", accepting: ["legal-aid-sandbox"]) else {
            Issue.record("expected a refusal"); return
        }
        #expect(reasons.count == 1 && reasons[0].hasPrefix("no target is waiting for supplements"))
        // Legal aid asks.
        let asked = BackendEvent(adapterId: "legal-aid-sandbox", eventId: "E1", caseRef: "R-legal-aid-sandbox", nativeStatus: "补充材料",
                                 status: .supplementRequired, occurredAt: at(2500), receivedAt: at(2500), payloadDigest: "p")
        _ = try await store.applyBackendEvent(asked, calendar: WorkingCalendar(years: []))
        // An adapter without a supplement endpoint cannot take it: refused, nothing queued.
        guard case .refused(let why) = try await supplement(store, "app_D", id: "S1", digest: "x", accepting: []) else {
            Issue.record("expected a refusal"); return
        }
        #expect(why == ["target tgt_D_a (legal-aid-sandbox): its adapter declares no supplement endpoint"])
        guard case .queued(let ids) = try await supplement(store, "app_D", id: "S1", digest: "x", accepting: ["legal-aid-sandbox"]) else {
            Issue.record("expected it queued"); return
        }
        #expect(ids.count == 1)
        #expect(try await supplement(store, "app_D", id: "S1", digest: "x", accepting: ["legal-aid-sandbox"]) == .repeated(ids))
        #expect(try await supplement(store, "app_D", id: "S1", digest: "other", accepting: ["legal-aid-sandbox"]) == .conflict)
        // Sent, refused by the back end for good: a dead letter, replayable; the target keeps its status.
        var claimed = try await store.claimActions(adapterId: "legal-aid-sandbox", limit: 5, owner: "w", now: at(3001), leaseSeconds: 30)
        #expect(claimed.map(\.id) == ids && claimed[0].kind == .supplement)
        try await store.finishAction(.init(id: ids[0], owner: "w", outcome: .failed(reason: "HTTP 409: not waiting"), now: at(3002)))
        #expect(try await store.actionDeadLetters(limit: 10).map(\.id) == ids)
        #expect(try await store.application(id: "app_D", portal: "demo")?.receipt.targets.first?.status == .supplementRequired)
        #expect(try await store.replayAction(id: ids[0], now: at(3100)))
        #expect(try await store.replayAction(id: ids[0], now: at(3100)) == false)
        claimed = try await store.claimActions(adapterId: "legal-aid-sandbox", limit: 5, owner: "w", now: at(3101), leaseSeconds: 30)
        #expect(claimed.map(\.attempt) == [1])
        try await store.finishAction(.init(id: ids[0], owner: "w", outcome: .done, now: at(3102)))
        #expect(try await store.actionDeadLetters(limit: 10).isEmpty)
    }

    func anActionForATargetThatBecameFinalIsSkippedNotSent(_ store: any ConformingStore) async throws {
        _ = try await submit(store, "E")
        // Legal aid is being delivered when the withdrawal arrives: a cancel waits for the answer.
        _ = try await store.claimDeliveries(adapterId: "legal-aid-sandbox", limit: 1, owner: "w", now: at(2000), leaseSeconds: 30)
        _ = try await withdraw(store, "app_E", cancellable: ["legal-aid-sandbox"], at: 2001)
        #expect(try await store.claimActions(adapterId: "legal-aid-sandbox", limit: 5, owner: "w", now: at(2002), leaseSeconds: 30).isEmpty)
        // The back end refuses the submission: the target is final, the cancel is skipped.
        try await store.finishDelivery(.init(targetId: "tgt_E_a", owner: "w", outcome: .refused(reason: "不予受理"), now: at(2003)))
        #expect(try await store.claimActions(adapterId: "legal-aid-sandbox", limit: 5, owner: "w", now: at(2004), leaseSeconds: 30).isEmpty)
        let actions = try await store.actions(applicationId: "app_E")
        #expect(actions.map(\.state) == ["skipped"] && actions[0].lastError == "cancel not sent: the target is already rejected")
    }

    func aWithdrawnApplicationsDeadDeliveryIsNotReplayed(_ store: any ConformingStore) async throws {
        _ = try await submit(store, "F")
        var claimed = try await store.claimDeliveries(adapterId: "mediation-sandbox", limit: 1, owner: "w", now: at(2000), leaseSeconds: 30)
        try await store.finishDelivery(.init(targetId: claimed[0].targetId, owner: "w", outcome: .failed(reason: "HTTP 400"), now: at(2001)))
        claimed = try await store.claimDeliveries(adapterId: "legal-aid-sandbox", limit: 1, owner: "w", now: at(2000), leaseSeconds: 30)
        try await store.finishDelivery(.init(targetId: claimed[0].targetId, owner: "w", outcome: .delivered(backendRef: "FY-9"), now: at(2001)))
        _ = try await withdraw(store, "app_F", cancellable: [], at: 2100)
        let events = try await eventCount(store, "app_F")
        await #expect(throws: ReplayRefused.self) { try await store.replay(targetId: "tgt_F_m", now: at(2200)) }
        #expect(try await store.deadLetters(limit: 10).map(\.targetId) == ["tgt_F_m"])
        #expect(try await eventCount(store, "app_F") == events)
    }
}
