import Foundation
import Testing
import GRDB
import TongbanStore
@testable import TongbanSQLite

/// What the store keeps for the trust boundaries: replay nonces until their window ends,
/// and anomalies bounded per adapter.
@Suite struct TrustStoreTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("trust-store-\(UUID().uuidString)")
    var path: String { directory.appendingPathComponent("t.sqlite").path }

    @Test func noncesAreRememberedUntilTheirWindowEndsAndAcrossAReopen() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        var store = try SQLiteStore(path: path)
        #expect(try await store.rememberNonce(scope: "portal:a", nonce: "n1", expiresAt: 1_000, now: 700))
        #expect(try await !store.rememberNonce(scope: "portal:a", nonce: "n1", expiresAt: 1_000, now: 800))
        #expect(try await store.rememberNonce(scope: "portal:b", nonce: "n1", expiresAt: 1_000, now: 800))
        store = try SQLiteStore(path: path)
        #expect(try await !store.rememberNonce(scope: "portal:a", nonce: "n1", expiresAt: 1_100, now: 900))
        // After its window it may be used again, and expired rows are purged.
        #expect(try await store.rememberNonce(scope: "portal:a", nonce: "n1", expiresAt: 1_400, now: 1_001))
        let count = try await store.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM nonces WHERE expires_at < 1001") ?? -1 }
        #expect(count == 0)
    }

    @Test func anomaliesAreBoundedPerAdapter() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: path)
        func anomaly(_ adapter: String, _ n: Int) -> CallbackAnomaly {
            CallbackAnomaly(adapterId: adapter, eventId: "E\(n)", caseRef: "C", nativeStatus: "X", reason: "unknown case", payloadDigest: "d", receivedAt: Date())
        }
        try await store.recordAnomaly(anomaly("quiet", 0), keeping: 100)
        for n in 0..<125 { try await store.recordAnomaly(anomaly("noisy", n), keeping: 100) }
        let counts = try await store.pool.read { db in
            try [String: Int](uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT adapter_id, COUNT(*) AS n FROM anomalies GROUP BY adapter_id")
                .map { ($0["adapter_id"], $0["n"]) })
        }
        #expect(counts == ["noisy": 100, "quiet": 1])
        #expect(try await store.anomalies(limit: 1).first?.eventId == "E124")
    }
}
