import Foundation
import Testing
import TongbanCore
import TongbanStore
import TongbanTestSupport
@testable import TongbanSQLite

/// What only SQLite must show about its outbox: the claim query's plan. The outbox's
/// behaviour is the conformance suite's (`SQLiteConformanceTests`).
@Suite struct DispatchStoreTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dispatch-\(UUID().uuidString)")

    func store() throws -> SQLiteStore { try SQLiteStore(path: directory.appendingPathComponent("d.sqlite").path) }

    func submit(_ store: SQLiteStore, _ caseNo: String) async throws -> Receipt {
        var application = try CanonicalJSON.decoder().decode(Application.self, from: Data(Fixtures.application("canonical/bundle-unpaid-wages.json")))
        application.portalCaseNo = caseNo
        application.source.portal = "demo"
        let due = CivilDate(year: 2026, month: 12, day: 9)!
        let job = NewApplication(
            id: "app_\(caseNo)", application: application, contentDigest: "d", document: Array(try CanonicalJSON.encoder().encode(application)),
            receivedAt: Date(timeIntervalSince1970: 1000), dueDate: due,
            targets: [NewTarget(id: "tgt_\(caseNo)_a", service: .legalAid, adapterId: "legal-aid-sandbox", dueDate: due),
                      NewTarget(id: "tgt_\(caseNo)_m", service: .mediation, adapterId: "mediation-sandbox", dueDate: due)],
            eventID: "evt_\(caseNo)")
        guard case .created(let receipt) = try await store.submit(job) else { throw CancellationError() }
        return receipt
    }

    func at(_ seconds: Double) -> Date { Date(timeIntervalSince1970: seconds) }

    /// Claims must stay index range scans over the active rows: a scan of every delivery
    /// (done ones included) made dispatch slower the longer the gateway ran.
    @Test func claimsReadOnlyTheActiveRowIndexes() throws {
        let plan = try store().claimQueryPlan()
        #expect(plan.contains { $0.contains("USING INDEX deliveries_pending") }, "\(plan)")
        #expect(plan.contains { $0.contains("USING INDEX deliveries_leased") }, "\(plan)")
        #expect(!plan.contains { $0.hasPrefix("SCAN deliveries") }, "\(plan)")
    }
}
