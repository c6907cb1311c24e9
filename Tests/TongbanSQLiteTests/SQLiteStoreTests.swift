import Foundation
import Testing
import TongbanCore
import TongbanStore
import TongbanTestSupport
@testable import TongbanSQLite

@Suite struct SQLiteStoreTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sqlite-\(UUID().uuidString)")
    var path: String { directory.appendingPathComponent("t.sqlite").path }

    func job(_ caseNo: String, digest: String = "d1", portal: String = "demo") throws -> NewApplication {
        var application = try CanonicalJSON.decoder().decode(Application.self, from: Data(Fixtures.application("canonical/bundle-unpaid-wages.json")))
        application.portalCaseNo = caseNo
        application.source.portal = portal
        let due = CivilDate(year: 2026, month: 12, day: 9)!
        return NewApplication(
            id: "app_\(UUID().uuidString)", application: application, contentDigest: digest,
            document: Array(try CanonicalJSON.encoder().encode(application)), receivedAt: Date(), dueDate: due,
            targets: [NewTarget(id: "tgt_\(UUID().uuidString)", service: .legalAid, adapterId: "legal-aid-sandbox", dueDate: due),
                      NewTarget(id: "tgt_\(UUID().uuidString)", service: .mediation, adapterId: "mediation-sandbox", dueDate: due)],
            eventID: "evt_\(UUID().uuidString)")
    }

    @Test func durabilitySettingsAreInForce() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: path)
        #expect(try store.effectiveSynchronous() == 2) // FULL, not the NORMAL GRDB sets with WAL
        #expect(try store.journalMode() == "wal")
    }

    @Test func concurrentSubmissionsShareCommitsAndAllArrive() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: path)
        let jobs = try (0..<400).map { try job("CASE-\($0)") }
        let outcomes = try await withThrowingTaskGroup(of: IntakeOutcome.self) { group in
            for job in jobs { group.addTask { try await store.submit(job) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let created = outcomes.compactMap { if case .created(let r) = $0 { r.id } else { nil } }
        #expect(Set(created).count == 400)
        #expect(try await store.applicationCount() == 400)
        #expect(store.intakeCommitCount < 400, "commits: \(store.intakeCommitCount)")
        let stored = try #require(try await store.application(portal: "demo", caseNo: "CASE-7"))
        #expect(stored.receipt.targets.map(\.service) == [.legalAid, .mediation])
        #expect(stored.receipt.targets.allSatisfy { $0.status == .queued })
        #expect(try await store.eventCount(applicationID: stored.receipt.id) == 1)
    }

    @Test func applicationsSurviveReopening() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        var id = ""
        do {
            let store = try SQLiteStore(path: path)
            guard case .created(let receipt) = try await store.submit(job("KEEP")) else { throw CancellationError() }
            id = receipt.id
        }
        let reopened = try SQLiteStore(path: path)
        let stored = try #require(try await reopened.application(id: id, portal: "demo"))
        #expect(stored.receipt.portalCaseNo == "KEEP")
        let application = try CanonicalJSON.decoder().decode(Application.self, from: Data(stored.document))
        #expect(application.form.services == [.legalAid, .mediation])
    }
}
