import Foundation
import TongbanCore
import TongbanStore
import TongbanTestSupport

/// Everything a store must do, whichever it is: each check takes a fresh, empty store and
/// asserts what the gateway relies on — every protocol method, leases and takeover,
/// idempotency, all-or-nothing writes, the chain. The in-memory store and SQLite run every
/// check (`TongbanStoreTests`, `TongbanSQLiteTests`); a new store adds its own line.
public typealias ConformingStore = GatewayStore

public struct StoreConformance: Sendable {
    public init() {}

    /// One check, named for the test report.
    public struct Check: Sendable, CustomStringConvertible {
        public var name: String
        public var run: @Sendable (any ConformingStore) async throws -> Void
        public var description: String { name }
    }

    public static let checks: [Check] = {
        let c = StoreConformance()
        return [
            Check(name: "intake is idempotent per portal case", run: c.intakeIsIdempotentPerPortalCase),
            Check(name: "the same case twice at once is one application", run: c.theSameCaseTwiceAtOnceIsOneApplication),
            Check(name: "a failing intake stores nothing", run: c.aFailingIntakeStoresNothing),
            Check(name: "claims are exclusive", run: c.intakeWritesOneDueDeliveryPerTargetAndClaimsAreExclusive),
            Check(name: "abandoned three times is set aside", run: c.aDeliveryAbandonedThreeTimesIsSetAsideAndCanBeReplayed),
            Check(name: "an expired lease is taken over", run: c.anExpiredLeaseIsTakenOverAndTheOldOwnerCannotFinish),
            Check(name: "retries, dead letters, replay", run: c.retriesWaitFailuresBecomeDeadLettersAndReplayRequeues),
            Check(name: "released deliveries are due again uncounted", run: c.releasedDeliveriesAreDueAgainUncounted),
            Check(name: "an unknown case while in flight", run: c.anUnknownCaseIsNotYetKnownWhileADeliveryIsInFlight),
            Check(name: "callbacks move targets and queue notifications", run: c.callbacksMoveTargetsAndQueueNotificationsInOrder),
            Check(name: "withdrawal stops and cancels", run: c.aWithdrawalStopsUndeliveredTargetsAndQueuesCancelsForDeliveredOnes),
            Check(name: "withdrawal without a cancel endpoint", run: c.withoutACancelEndpointTheTargetIsWithdrawnLocallyAndTheEventSaysSo),
            Check(name: "nothing to withdraw", run: c.aFinalApplicationHasNothingToWithdraw),
            Check(name: "supplements", run: c.supplementsGoOnlyToTargetsThatAskedAndAreIdempotent),
            Check(name: "actions on final targets are skipped", run: c.anActionForATargetThatBecameFinalIsSkippedNotSent),
            Check(name: "no replay after withdrawal", run: c.aWithdrawnApplicationsDeadDeliveryIsNotReplayed),
            Check(name: "nonces", run: c.noncesAreSingleUseUntilTheyExpire),
            Check(name: "adapter specs and admin changes", run: c.adapterSpecsKeepVersionsAndAdminChangesAreChained),
            Check(name: "anomalies are bounded", run: c.anomaliesAreKeptPerAdapterAndBounded),
            Check(name: "statistics rows", run: c.statisticsRowsCountWhatWasReceived),
        ]
    }()

    func at(_ seconds: Double) -> Date { Date(timeIntervalSince1970: seconds) }

    /// A new application of the unpaid-wages bundle (legal aid and mediation) with case `caseNo`:
    /// ids `app_<caseNo>`, `tgt_<caseNo>_a`, `tgt_<caseNo>_m` (with another `id`, the targets follow it).
    func job(_ caseNo: String, digest: String = "d", portal: String = "demo", id: String? = nil, received: Double = 1000) throws -> NewApplication {
        var application = try CanonicalJSON.decoder().decode(Application.self, from: Data(Fixtures.application("canonical/bundle-unpaid-wages.json")))
        application.portalCaseNo = caseNo
        application.source.portal = portal
        let due = CivilDate(year: 2026, month: 12, day: 9)!
        let id = id ?? "app_\(caseNo)", targets = id.hasPrefix("app_") ? String(id.dropFirst(4)) : id
        return NewApplication(
            id: id, application: application, contentDigest: digest, document: Array(try CanonicalJSON.encoder().encode(application)),
            receivedAt: at(received), dueDate: due,
            targets: [NewTarget(id: "tgt_\(targets)_a", service: .legalAid, adapterId: "legal-aid-sandbox", dueDate: due),
                      NewTarget(id: "tgt_\(targets)_m", service: .mediation, adapterId: "mediation-sandbox", dueDate: due)],
            eventID: "evt_\(id)")
    }

    func submit(_ store: any ConformingStore, _ caseNo: String) async throws -> Receipt {
        guard case .created(let receipt) = try await store.submit(job(caseNo)) else { throw ConformanceFailure("case \(caseNo) not created") }
        return receipt
    }

    func eventCount(_ store: any ConformingStore, _ applicationId: String) async throws -> Int {
        try await store.timeline(applicationId: applicationId, portal: "demo")?.count ?? 0
    }

    /// Delivers both targets of an application, with case references `R-<adapter>`.
    func deliverBoth(_ store: any ConformingStore, now: Double = 2000) async throws {
        for adapter in ["legal-aid-sandbox", "mediation-sandbox"] {
            let claimed = try await store.claimDeliveries(adapterId: adapter, limit: 1, owner: "w", now: at(now), leaseSeconds: 30)
            guard let first = claimed.first else { throw ConformanceFailure("nothing to claim for \(adapter)") }
            try await store.finishDelivery(.init(targetId: first.targetId, owner: "w", outcome: .delivered(backendRef: "R-\(adapter)"), now: at(now + 1)))
        }
    }
}

struct ConformanceFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
