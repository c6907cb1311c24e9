import Foundation
import Testing
import TongbanCore
import TongbanStore
import TongbanTestSupport

/// The outbox: rows written at intake, claims under leases, takeover of an expired lease,
/// outcomes, dead letters and replay.
extension StoreConformance {
    func intakeWritesOneDueDeliveryPerTargetAndClaimsAreExclusive(_ store: any ConformingStore) async throws {
        _ = try await submit(store, "A")
        _ = try await submit(store, "B")
        #expect(try await store.deliveryCounts() == [
            DeliveryCount(adapterId: "legal-aid-sandbox", state: "pending", count: 2), DeliveryCount(adapterId: "mediation-sandbox", state: "pending", count: 2),
        ])
        let first = try await store.claimDeliveries(adapterId: "legal-aid-sandbox", limit: 1, owner: "w1", now: at(2000), leaseSeconds: 30)
        #expect(first.map(\.targetId) == ["tgt_A_a"] && first[0].attempt == 1 && !first[0].document.isEmpty)
        let second = try await store.claimDeliveries(adapterId: "legal-aid-sandbox", limit: 5, owner: "w2", now: at(2000), leaseSeconds: 30)
        #expect(second.map(\.targetId) == ["tgt_B_a"]) // A is leased to w1
        #expect(try await store.claimDeliveries(adapterId: "legal-aid-sandbox", limit: 5, owner: "w3", now: at(2010), leaseSeconds: 30).isEmpty)
    }

    /// A delivery whose lease runs out three times with no outcome (the gateway died holding
    /// it each time) is set aside: not claimed again, its target failed, a dead letter with
    /// the reason, counted; a replay gives it a fresh start. Leases that end with an outcome
    /// count nothing.
    func aDeliveryAbandonedThreeTimesIsSetAsideAndCanBeReplayed(_ store: any ConformingStore) async throws {
        let setAside = Locked([String]())
        store.faults.observeSetAside { queue in setAside.withLock { $0.append(queue) } }
        _ = try await submit(store, "P")
        // A retry outcome is not an abandoned lease.
        _ = try await store.claimDeliveries(adapterId: "mediation-sandbox", limit: 1, owner: "w0", now: at(1000), leaseSeconds: 30)
        #expect(try await store.finishDelivery(.init(targetId: "tgt_P_m", owner: "w0", outcome: .retry(at: at(1500), reason: "HTTP 503"), now: at(1001))))
        var now = 1500.0
        for crash in 1...2 {
            let claimed = try await store.claimDeliveries(adapterId: "mediation-sandbox", limit: 1, owner: "w\(crash)", now: at(now), leaseSeconds: 30)
            #expect(claimed.map(\.targetId) == ["tgt_P_m"], "claim \(crash)")
            now += 31
        }
        let third = try await store.claimDeliveries(adapterId: "mediation-sandbox", limit: 1, owner: "w3", now: at(now), leaseSeconds: 30)
        #expect(third.map(\.targetId) == ["tgt_P_m"], "two abandoned leases are not yet poison")
        now += 31
        #expect(try await store.claimDeliveries(adapterId: "mediation-sandbox", limit: 1, owner: "w4", now: at(now), leaseSeconds: 30).isEmpty)
        #expect(setAside.withLock { $0 } == ["deliveries"])
        let letter = try #require(try await store.deadLetters(limit: 10).first { $0.targetId == "tgt_P_m" })
        #expect(letter.lastError.contains("poison") && letter.lastError.contains("3 times"), "\(letter.lastError)")
        let stored = try #require(try await store.application(id: "app_P", portal: "demo"))
        #expect(stored.receipt.targets.first { $0.id == "tgt_P_m" }?.status == .failed)
        #expect(try await store.replay(targetId: "tgt_P_m", now: at(now + 1)))
        let again = try await store.claimDeliveries(adapterId: "mediation-sandbox", limit: 1, owner: "w5", now: at(now + 2), leaseSeconds: 30)
        #expect(again.map(\.targetId) == ["tgt_P_m"] && again[0].attempt == 1)
    }

    func anExpiredLeaseIsTakenOverAndTheOldOwnerCannotFinish(_ store: any ConformingStore) async throws {
        _ = try await submit(store, "A")
        _ = try await store.claimDeliveries(adapterId: "mediation-sandbox", limit: 1, owner: "dead-worker", now: at(2000), leaseSeconds: 30)
        let taken = try await store.claimDeliveries(adapterId: "mediation-sandbox", limit: 1, owner: "w2", now: at(2031), leaseSeconds: 30)
        #expect(taken.map(\.targetId) == ["tgt_A_m"] && taken[0].attempt == 2)
        #expect(try await store.finishDelivery(.init(targetId: "tgt_A_m", owner: "dead-worker", outcome: .delivered(backendRef: "X"), now: at(2032))) == false)
        #expect(try await store.finishDelivery(.init(targetId: "tgt_A_m", owner: "w2", outcome: .delivered(backendRef: "TJ-1"), now: at(2032))))
        let stored = try #require(try await store.application(id: "app_A", portal: "demo"))
        let target = try #require(stored.receipt.targets.first { $0.id == "tgt_A_m" })
        #expect(target.status == .delivered && target.backendRef == "TJ-1" && target.attempts == 2)
        #expect(try await eventCount(store, "app_A") == 2) // submitted, delivered
    }

    func retriesWaitFailuresBecomeDeadLettersAndReplayRequeues(_ store: any ConformingStore) async throws {
        _ = try await submit(store, "A")
        _ = try await store.claimDeliveries(adapterId: "legal-aid-sandbox", limit: 1, owner: "w", now: at(2000), leaseSeconds: 30)
        try await store.finishDelivery(.init(targetId: "tgt_A_a", owner: "w", outcome: .retry(at: at(2100), reason: "HTTP 503"), now: at(2001)))
        #expect(try await store.claimDeliveries(adapterId: "legal-aid-sandbox", limit: 1, owner: "w", now: at(2099), leaseSeconds: 30).isEmpty)
        let again = try await store.claimDeliveries(adapterId: "legal-aid-sandbox", limit: 1, owner: "w", now: at(2100), leaseSeconds: 30)
        #expect(again.first?.attempt == 2)
        try await store.finishDelivery(.init(targetId: "tgt_A_a", owner: "w", outcome: .failed(reason: "HTTP 400: bad field"), now: at(2101)))
        let dead = try await store.deadLetters(limit: 10)
        #expect(dead.map(\.targetId) == ["tgt_A_a"] && dead[0].lastError == "HTTP 400: bad field" && dead[0].attempts == 2)
        #expect(try await store.application(id: "app_A", portal: "demo")?.receipt.targets.first?.status == .failed)

        #expect(try await store.replay(targetId: "tgt_A_a", now: at(3000)))
        #expect(try await store.replay(targetId: "tgt_A_a", now: at(3000)) == false) // no longer dead
        #expect(try await store.deadLetters(limit: 10).isEmpty)
        #expect(try await store.application(id: "app_A", portal: "demo")?.receipt.targets.first?.status == .queued)
        let replayed = try await store.claimDeliveries(adapterId: "legal-aid-sandbox", limit: 1, owner: "w", now: at(3000), leaseSeconds: 30)
        #expect(replayed.first?.attempt == 1)
    }

    /// A callback about a case the gateway has not recorded: an anomaly, unless a delivery of
    /// that adapter is still in flight (its answer may carry that very case number).
    func anUnknownCaseIsNotYetKnownWhileADeliveryIsInFlight(_ store: any ConformingStore) async throws {
        _ = try await submit(store, "A")
        let event = BackendEvent(adapterId: "mediation-sandbox", eventId: "E1", caseRef: "TJ-9", nativeStatus: "accepted", status: .accepted,
                                 occurredAt: at(2001), receivedAt: at(2001), payloadDigest: "p")
        #expect(try await store.applyBackendEvent(event, calendar: WorkingCalendar(years: [])) == .unknownCase)
        _ = try await store.claimDeliveries(adapterId: "mediation-sandbox", limit: 1, owner: "w", now: at(2000), leaseSeconds: 30)
        #expect(try await store.applyBackendEvent(event, calendar: WorkingCalendar(years: [])) == .notYetKnown)
        try await store.finishDelivery(.init(targetId: "tgt_A_m", owner: "w", outcome: .delivered(backendRef: "TJ-9"), now: at(2002)))
        guard case .recorded(let applied) = try await store.applyBackendEvent(event, calendar: WorkingCalendar(years: [])) else {
            Issue.record("expected the event applied once the answer is recorded"); return
        }
        #expect(applied.targetStatus == .accepted)
    }
}
