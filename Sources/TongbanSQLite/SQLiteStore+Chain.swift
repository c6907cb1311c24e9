import Foundation
import GRDB
import TongbanCore
import TongbanCrypto
import TongbanStore

/// The audit chain's SQL: the rules (what is hashed, how links are checked) are `EventChain`'s.
extension SQLiteStore: AuditStore {
    /// The algorithm new chains use: `configured` for a new store, else what it was created with.
    public func chainAlgorithm() throws -> HashAlgorithm {
        try pool.read { db in
            let value = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'chain_algorithm'")
            return value.flatMap(HashAlgorithm.init(rawValue:)) ?? .sha256
        }
    }

    /// Walks the whole chain in order (`EventChain.Verifier`) and stops at the first broken row.
    public func verifyChain() throws -> ChainVerification {
        try pool.read { db in
            var verifier = EventChain.Verifier()
            let rows = try Row.fetchCursor(db, sql: """
                SELECT seq, id, application_id, target_id, type, from_status, to_status, source, occurred_at, recorded_at,
                       external_id, native_status, verdict, moved, payload_digest, note, subject, prev_hash, hash FROM events ORDER BY seq
                """)
            while let row = try rows.next() {
                let record = EventRecord(
                    id: row["id"], applicationId: row["application_id"], targetId: row["target_id"], type: row["type"], from: row["from_status"],
                    to: row["to_status"], source: row["source"], occurredAt: row["occurred_at"], recordedAt: row["recorded_at"],
                    externalId: row["external_id"], nativeStatus: row["native_status"], verdict: row["verdict"], moved: row["moved"],
                    payloadDigest: row["payload_digest"], note: row["note"], subject: row["subject"])
                guard verifier.check(seq: row["seq"], record: record, hash: row["hash"], link: row["prev_hash"]) else { break }
            }
            return verifier.result
        }
    }
}
