import Foundation
import GRDB
import Testing
import TongbanCore
import TongbanCrypto
import TongbanStore
import TongbanTestSupport
@testable import TongbanSQLite

/// The event hash chain on a real SQLite file: intact after intake, deliveries and
/// callbacks; broken at the right row after one row is edited or removed by hand.
@Suite struct EventChainTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("chain-\(UUID().uuidString)")

    /// A store with two applications, their deliveries recorded and a callback applied: 2
    /// submitted + 4 delivery + 1 callback + 1 status events.
    func populated(_ algorithm: HashAlgorithm = .sha256) async throws -> SQLiteStore {
        let store = try SQLiteStore(path: directory.appendingPathComponent("\(algorithm).sqlite").path, chainAlgorithm: algorithm)
        let tests = DispatchStoreTests()
        for caseNo in ["A", "B"] { _ = try await tests.submit(store, caseNo) }
        for adapter in ["legal-aid-sandbox", "mediation-sandbox"] {
            for claimed in try await store.claimDeliveries(adapterId: adapter, limit: 10, owner: "w", now: Date(), leaseSeconds: 30) {
                try await store.finishDelivery(DeliveryResult(targetId: claimed.targetId, owner: "w", outcome: .delivered(backendRef: "REF-\(claimed.targetId)"), now: Date()))
            }
        }
        let outcome = try await store.applyBackendEvent(
            BackendEvent(adapterId: "legal-aid-sandbox", eventId: "E1", caseRef: "REF-tgt_A_a", nativeStatus: "已受理", status: .accepted,
                         occurredAt: Date(), receivedAt: Date(), payloadDigest: "p"),
            calendar: try Fixtures.configuration().calendar)
        guard case .recorded(let applied) = outcome, applied.verdict == .moved, applied.overallStatus == .inProgress else {
            throw ProcessError("callback not applied: \(outcome)")
        }
        return store
    }

    @Test(arguments: [HashAlgorithm.sha256, .sm3])
    func theChainIsIntactAndNamesItsAlgorithm(_ algorithm: HashAlgorithm) async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try await populated(algorithm)
        guard case .intact(let count, let head) = try store.verifyChain() else { Issue.record("broken: \(try store.verifyChain())"); return }
        #expect(count == 8)
        #expect(head.hasPrefix("\(algorithm.rawValue):") && head.count == algorithm.rawValue.count + 1 + 64)
        #expect(try store.chainAlgorithm() == algorithm)
    }

    @Test func anEditedRowBreaksTheChainAtThatRow() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try await populated()
        try await store.pool.write { db in try db.execute(sql: "UPDATE events SET to_status = 'completed' WHERE seq = 5") }
        guard case .broken(let link) = try store.verifyChain() else { Issue.record("edit not detected"); return }
        #expect(link.seq == 5 && link.verifiedBefore == 4 && link.reason.contains("content"), "\(link)")
    }

    @Test func aRemovedRowBreaksTheLinkOfTheNextOne() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try await populated()
        try await store.pool.write { db in try db.execute(sql: "DELETE FROM events WHERE seq = 3") }
        guard case .broken(let link) = try store.verifyChain() else { Issue.record("deletion not detected"); return }
        #expect(link.seq == 4 && link.verifiedBefore == 2 && link.reason.contains("link"), "\(link)")
    }

    @Test func aForgerWhoRehashesTheEditedRowIsCaughtAtTheNextLink() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try await populated()
        // Edit row 6 and give it the hash its new content deserves: row 6 now checks out, but
        // row 7 still links to the old hash.
        try await store.pool.write { db in
            let row = try #require(try Row.fetchOne(db, sql: "SELECT * FROM events WHERE seq = 6"))
            let record = SQLiteStore.EventRecord(
                id: row["id"], applicationId: row["application_id"], targetId: row["target_id"], type: row["type"], from: row["from_status"],
                to: "completed", source: row["source"], occurredAt: row["occurred_at"], recordedAt: row["recorded_at"],
                externalId: row["external_id"], nativeStatus: row["native_status"], verdict: row["verdict"], moved: row["moved"],
                payloadDigest: row["payload_digest"])
            let hash = SQLiteStore.EventRecord.hash(record.content(previous: row["prev_hash"]), algorithm: .sha256)
            try db.execute(sql: "UPDATE events SET to_status = 'completed', hash = ? WHERE seq = 6", arguments: [hash])
        }
        guard case .broken(let link) = try store.verifyChain() else { Issue.record("not detected"); return }
        #expect(link.seq == 7 && link.verifiedBefore == 6 && link.reason.contains("link"), "\(link)")
    }
}
