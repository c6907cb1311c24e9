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
            let record = EventRecord(
                id: row["id"], applicationId: row["application_id"], targetId: row["target_id"], type: row["type"], from: row["from_status"],
                to: "completed", source: row["source"], occurredAt: row["occurred_at"], recordedAt: row["recorded_at"],
                externalId: row["external_id"], nativeStatus: row["native_status"], verdict: row["verdict"], moved: row["moved"],
                payloadDigest: row["payload_digest"])
            let hash = EventChain.hash(record.content(previous: row["prev_hash"]), algorithm: .sha256)
            try db.execute(sql: "UPDATE events SET to_status = 'completed', hash = ? WHERE seq = 6", arguments: [hash])
        }
        guard case .broken(let link) = try store.verifyChain() else { Issue.record("not detected"); return }
        #expect(link.seq == 7 && link.verifiedBefore == 6 && link.reason.contains("link"), "\(link)")
    }

    /// v9 rebuilds the events table: every row, seq and hash of a v8 file comes through,
    /// the chain verifies as before, and admin changes extend it.
    @Test func migratingToV9KeepsEveryEventAndTheChain() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try await populated()
        guard case .intact(let count, let head) = try store.verifyChain() else { Issue.record("broken before"); return }
        // Put the file back as v8 left it: events without subject, application_id required,
        // no adapter_specs, v9 not applied.
        let path = directory.appendingPathComponent("sha256.sqlite").path
        try await DatabaseQueue(path: path).write { db in
            try db.execute(sql: """
                CREATE TABLE events_v8 (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,
                    application_id TEXT NOT NULL REFERENCES applications(id), target_id TEXT, type TEXT NOT NULL, from_status TEXT,
                    to_status TEXT, source TEXT NOT NULL, payload_digest TEXT, occurred_at TEXT NOT NULL, recorded_at TEXT NOT NULL,
                    external_id TEXT, native_status TEXT, verdict TEXT, moved INTEGER NOT NULL DEFAULT 1, prev_hash TEXT, hash TEXT, note TEXT);
                INSERT INTO events_v8 SELECT seq, id, application_id, target_id, type, from_status, to_status, source, payload_digest,
                    occurred_at, recorded_at, external_id, native_status, verdict, moved, prev_hash, hash, note FROM events;
                DROP TABLE events;
                ALTER TABLE events_v8 RENAME TO events;
                CREATE INDEX events_by_application ON events(application_id, seq);
                CREATE UNIQUE INDEX events_external ON events(source, external_id) WHERE external_id IS NOT NULL;
                DROP TABLE adapter_specs;
                DELETE FROM grdb_migrations WHERE identifier = 'v9-admin-changes';
                """)
        }
        let migrated = try SQLiteStore(path: path)
        #expect(try migrated.verifyChain() == .intact(events: count, head: head))
        try await migrated.recordAdminChange(AdminChange(action: "drain.on", actor: "operator", note: "test", at: Date()))
        guard case .intact(let after, _) = try migrated.verifyChain() else { Issue.record("broken after an admin change"); return }
        #expect(after == count + 1)
        // An edited admin change breaks the chain at its row.
        try await migrated.pool.write { db in try db.execute(sql: "UPDATE events SET source = 'admin:agency:X' WHERE application_id IS NULL") }
        guard case .broken(let found) = try migrated.verifyChain() else { Issue.record("an edited admin change went unnoticed"); return }
        #expect(found.verifiedBefore == count)
    }
}
