import Foundation
import Testing
import TongbanCore
import TongbanStore

/// Intake, callbacks, notifications, nonces, admin records, anomalies and statistics.
extension StoreConformance {
    func intakeIsIdempotentPerPortalCase(_ store: any ConformingStore) async throws {
        let first = try await submit(store, "X")
        #expect(first.status == .submitted && first.targets.map(\.status) == [.queued, .queued])
        #expect(try await store.submit(job("X")) == .duplicate(first))
        #expect(try await store.submit(job("X", digest: "other", id: "app_X2")) == .conflict(existingID: "app_X"))
        // Case numbers are per portal, and a portal reads only its own.
        guard case .created = try await store.submit(job("X", portal: "sfj-app", id: "app_X3")) else {
            Issue.record("another portal may use case X"); return
        }
        #expect(try await store.application(id: "app_X", portal: "demo")?.receipt == first)
        #expect(try await store.application(id: "app_X", portal: "sfj-app") == nil)
        #expect(try await store.application(portal: "sfj-app", caseNo: "X")?.receipt.id == "app_X3")
        #expect(try await store.portal(ofApplication: "app_X3") == "sfj-app")
        #expect(try await store.applicationCountsByStatus() == ["submitted": 2])
        #expect(try await store.recentApplications(limit: 10).map(\.id) == ["app_X3", "app_X"])
        let stored = try #require(try await store.application(portal: "demo", caseNo: "X"))
        let application = try CanonicalJSON.decoder().decode(Application.self, from: Data(stored.document))
        #expect(application.form.services == [.legalAid, .mediation] && stored.statusVersion == 1)
    }

    func theSameCaseTwiceAtOnceIsOneApplication(_ store: any ConformingStore) async throws {
        let first = try job("SAME", id: "app_1"), second = try job("SAME", id: "app_2"), different = try job("SAME", digest: "d2", id: "app_3")
        async let a = store.submit(first)
        async let b = store.submit(second)
        async let c = store.submit(different)
        let outcomes = try await [a, b, c]
        let ids = outcomes.compactMap { outcome -> String? in
            switch outcome {
            case .created(let r), .duplicate(let r): r.id
            case .conflict: nil
            }
        }
        #expect(Set(ids).count == 1)
        #expect(outcomes.contains { if case .conflict(let existing) = $0 { existing == ids[0] } else { false } })
        #expect(try await store.applicationCountsByStatus() == ["submitted": 1])
    }

    /// A write that fails part-way leaves nothing of itself: here an application whose second
    /// target reuses another application's target id.
    func aFailingIntakeStoresNothing(_ store: any ConformingStore) async throws {
        _ = try await submit(store, "A")
        var clash = try job("B")
        clash.targets[1].id = "tgt_A_m"
        await #expect(throws: (any Error).self) { try await store.submit(clash) }
        #expect(try await store.application(portal: "demo", caseNo: "B") == nil)
        #expect(try await store.deliveryCounts().map(\.count).reduce(0, +) == 2)
        #expect(try await chainLength(store) == 1)
        // The store goes on: the same case with its own targets is taken.
        _ = try await submit(store, "B")
    }

    /// Events in the chain, or nil when it is broken.
    private func chainLength(_ store: any ConformingStore) async throws -> Int? {
        guard case .intact(let count, _) = try await store.verifyChain() else { return nil }
        return count
    }

    func releasedDeliveriesAreDueAgainUncounted(_ store: any ConformingStore) async throws {
        _ = try await submit(store, "R")
        let claimed = try await store.claimDeliveries(adapterId: "legal-aid-sandbox", limit: 5, owner: "w1", now: at(2000), leaseSeconds: 30)
        #expect(claimed.map(\.attempt) == [1])
        try await store.releaseDeliveries(targetIds: ["tgt_R_a"], owner: "someone-else", now: at(2001))
        #expect(try await store.claimDeliveries(adapterId: "legal-aid-sandbox", limit: 5, owner: "w2", now: at(2002), leaseSeconds: 30).isEmpty)
        try await store.releaseDeliveries(targetIds: ["tgt_R_a"], owner: "w1", now: at(2003))
        let again = try await store.claimDeliveries(adapterId: "legal-aid-sandbox", limit: 5, owner: "w2", now: at(2004), leaseSeconds: 30)
        #expect(again.map(\.attempt) == [1])
    }

    func callbacksMoveTargetsAndQueueNotificationsInOrder(_ store: any ConformingStore) async throws {
        _ = try await submit(store, "C")
        try await deliverBoth(store)
        let calendar = WorkingCalendar(years: [])
        func event(_ id: String, _ adapter: String, _ status: TargetStatus, at time: Double) -> BackendEvent {
            BackendEvent(adapterId: adapter, eventId: id, caseRef: "R-\(adapter)", nativeStatus: status.rawValue, status: status,
                         occurredAt: at(time), receivedAt: at(time), payloadDigest: "p-\(id)", note: id == "E3" ? "办结" : nil)
        }
        guard case .recorded(let accepted) = try await store.applyBackendEvent(event("E1", "legal-aid-sandbox", .accepted, at: 2100), calendar: calendar) else {
            Issue.record("not recorded"); return
        }
        #expect(accepted.verdict == .moved && accepted.overallStatus == .inProgress && accepted.statusVersion == 2)
        #expect(try await store.applyBackendEvent(event("E1", "legal-aid-sandbox", .accepted, at: 2100), calendar: calendar) == .duplicate)
        guard case .recorded(let repeated) = try await store.applyBackendEvent(event("E2", "legal-aid-sandbox", .accepted, at: 2101), calendar: calendar) else {
            Issue.record("not recorded"); return
        }
        #expect(repeated.verdict == .unchanged && repeated.statusVersion == 2)
        _ = try await store.applyBackendEvent(event("E3", "legal-aid-sandbox", .completed, at: 2200), calendar: calendar)
        _ = try await store.applyBackendEvent(event("E4", "mediation-sandbox", .completed, at: 2300), calendar: calendar)
        let stored = try #require(try await store.application(id: "app_C", portal: "demo"))
        // in_progress (v2); legal aid completed beside a mediation only delivered is `submitted` (v3); both completed (v4).
        #expect(stored.receipt.status == .completed && stored.statusVersion == 4)
        // Notifications: one at a time per application, in status-version order.
        let first = try await store.claimNotifications(limit: 10, owner: "n", now: at(3000), leaseSeconds: 30)
        #expect(first.map(\.statusVersion) == [2] && first[0].portalId == "demo")
        let body = try JSONDecoder().decode(StatusNotification.self, from: Data(first[0].body))
        #expect(body.data.status == .inProgress && body.data.previousStatus == .submitted && body.data.targets.count == 2)
        #expect(try await store.claimNotifications(limit: 10, owner: "n", now: at(3000), leaseSeconds: 30).isEmpty)
        #expect(try await store.finishNotification(id: first[0].id, owner: "other", outcome: .sent, now: at(3001)) == false)
        #expect(try await store.finishNotification(id: first[0].id, owner: "n", outcome: .sent, now: at(3001)))
        let second = try await store.claimNotifications(limit: 10, owner: "n", now: at(3002), leaseSeconds: 30)
        #expect(second.map(\.statusVersion) == [3])
        #expect(try JSONDecoder().decode(StatusNotification.self, from: Data(second[0].body)).data.note == "办结")
        try await store.finishNotification(id: second[0].id, owner: "n", outcome: .failed(reason: "HTTP 410"), now: at(3003))
        #expect(try await store.notificationDeadLetters(limit: 5).map(\.id) == [second[0].id])
        #expect(try await store.replayNotification(id: second[0].id, now: at(3004)))
        #expect(try await store.replayNotification(id: second[0].id, now: at(3004)) == false)
        #expect(try await store.claimNotifications(limit: 10, owner: "n", now: at(3005), leaseSeconds: 30).map { [$0.statusVersion, $0.attempt] } == [[3, 1]])
        // The timeline has every callback, the chain every event.
        let timeline = try #require(try await store.timeline(applicationId: "app_C", portal: "demo"))
        #expect(timeline.filter { $0.type == "callback" }.map { $0.verdict ?? "" } == ["moved", "unchanged", "moved", "moved"])
        #expect(timeline.first { $0.externalId == "E3" }?.note == "办结")
        #expect(try await store.timeline(applicationId: "app_C", portal: "sfj-app") == nil)
        guard case .intact(let count, _) = try await store.verifyChain() else { Issue.record("chain broken"); return }
        #expect(count == timeline.count)
    }

    func noncesAreSingleUseUntilTheyExpire(_ store: any ConformingStore) async throws {
        #expect(try await store.rememberNonce(scope: "portal:demo", nonce: "n1", expiresAt: 1300, now: 1000))
        #expect(try await store.rememberNonce(scope: "portal:demo", nonce: "n1", expiresAt: 1300, now: 1100) == false)
        #expect(try await store.rememberNonce(scope: "callback:x", nonce: "n1", expiresAt: 1300, now: 1100))
        #expect(try await store.rememberNonce(scope: "portal:demo", nonce: "n1", expiresAt: 1700, now: 1400))
    }

    func adapterSpecsKeepVersionsAndAdminChangesAreChained(_ store: any ConformingStore) async throws {
        func change(_ action: String, _ at: Double) -> AdminChange {
            AdminChange(action: action, subject: "a1", actor: "operator", note: "\(action) a1", at: self.at(at))
        }
        for version in 1...3 {
            let spec = try await store.saveAdapterSpec(adapterId: "a1", owner: "CC", text: "id: a1 # v\(version)", change: change("adapter.put", Double(version)),
                                                       keepingVersions: 2)
            #expect(spec.version == version && spec.digest.count == 64)
        }
        #expect(try await store.adapterSpecHistory(adapterId: "a1").map(\.version) == [3, 2])
        #expect(try await store.currentAdapterSpecs().map(\.text) == ["id: a1 # v3"])
        _ = try await store.saveAdapterSpec(adapterId: "a1", owner: "CC", text: nil, change: change("adapter.delete", 4), keepingVersions: 2)
        #expect(try await store.currentAdapterSpecs().isEmpty)
        try await store.recordAdminChange(AdminChange(action: "drain.on", actor: "operator", note: "draining", at: at(5)))
        let changes = try await store.adminChanges(limit: 3)
        #expect(changes.map(\.action) == ["drain.on", "adapter.delete", "adapter.put"] && changes[0].at == at(5) && changes[1].subject == "a1")
        #expect(try await chainLength(store) == 5)
    }

    func anomaliesAreKeptPerAdapterAndBounded(_ store: any ConformingStore) async throws {
        for i in 0..<5 {
            try await store.recordAnomaly(CallbackAnomaly(adapterId: "a", eventId: "E\(i)", caseRef: nil, nativeStatus: nil, reason: "unknown case",
                                                          payloadDigest: "p", receivedAt: at(Double(i))), keeping: 3)
        }
        try await store.recordAnomaly(CallbackAnomaly(adapterId: "b", eventId: "B", caseRef: nil, nativeStatus: nil, reason: "r", payloadDigest: "p",
                                                      receivedAt: at(9)), keeping: 3)
        #expect(try await store.anomalies(limit: 10).map { $0.eventId ?? "" } == ["B", "E4", "E3", "E2"])
    }

    func statisticsRowsCountWhatWasReceived(_ store: any ConformingStore) async throws {
        _ = try await submit(store, "S")
        try await deliverBoth(store)
        _ = try await store.applyBackendEvent(BackendEvent(adapterId: "legal-aid-sandbox", eventId: "E1", caseRef: "R-legal-aid-sandbox",
                                                           nativeStatus: "办结", status: .completed, occurredAt: at(5000), receivedAt: at(5000),
                                                           payloadDigest: "p"), calendar: WorkingCalendar(years: []))
        let rows = try await store.statisticsRows(from: at(0), to: at(10_000))
        #expect(rows.applications.map(\.channel) == ["online"] && rows.applications.map(\.status) == [Aggregation.overall([.completed, .delivered])])
        let legalAid = try #require(rows.targets.first { $0.service == "legal-aid" })
        #expect(legalAid.status == .completed && legalAid.completedAt == at(5000) && legalAid.acceptedAt == at(5000) && legalAid.finishedAt == at(5000))
        #expect(try await store.statisticsRows(from: at(2000), to: at(10_000)).applications.isEmpty)
        let open = try await store.openTargetClocks(dueBefore: CivilDate(year: 2027, month: 1, day: 1)!)
        #expect(open.map(\.service) == ["mediation"])
    }
}
