import Foundation
import GRDB
import TongbanCore
import TongbanCrypto
import TongbanStore

/// Tamper evidence (DESIGN 6): every event row carries the hash of its own content and of
/// the row before it, so editing, inserting or deleting a row breaks the chain from there.
/// The algorithm (SHA-256 or SM3) is fixed when the store is created (`meta.chain_algorithm`)
/// and written into each hash (`sm3:…`), so a chain stays verifiable whatever the
/// configuration says later.
extension SQLiteStore {
    /// One row of `events`, all of whose columns are hashed.
    struct EventRecord {
        var id: String
        /// Nil for an admin change.
        var applicationId: String?
        var targetId: String?
        var type: String
        var from: String?
        var to: String?
        var source: String
        var occurredAt: String
        var recordedAt: String
        var externalId: String?
        var nativeStatus: String?
        var verdict: String?
        var moved: Bool
        var payloadDigest: String?
        var note: String?
        /// What an admin change was done to (added in v9).
        var subject: String? = nil

        /// The bytes hashed: every field in a fixed order, absent ones empty, separated by
        /// the unit separator (which no field may contain unescaped: ids, codes and times);
        /// the note (free text, added in v7) and then the subject (v9) last and only when
        /// there is one, so rows from before them hash as they did.
        func content(previous: String) -> [UInt8] {
            var fields = [previous, id, applicationId ?? "", targetId ?? "", type, from ?? "", to ?? "", source, occurredAt, recordedAt,
                          externalId ?? "", nativeStatus ?? "", verdict ?? "", moved ? "1" : "0", payloadDigest ?? ""]
            if note != nil || subject != nil { fields.append((note ?? "").replacingOccurrences(of: "\u{1F}", with: " ")) }
            if let subject { fields.append(subject.replacingOccurrences(of: "\u{1F}", with: " ")) }
            return Array(fields.joined(separator: "\u{1F}").utf8)
        }

        static func hash(_ content: [UInt8], algorithm: HashAlgorithm) -> String {
            "\(algorithm.rawValue):" + Hex.encode(algorithm.digest(content))
        }
    }

    /// Appends one event to the chain, inside the caller's transaction (the single writer
    /// makes the order of the chain the order of `seq`).
    static func insertEvent(_ record: EventRecord, _ db: Database) throws {
        let previous = try String.fetchOne(db.cachedStatement(sql: "SELECT hash FROM events ORDER BY seq DESC LIMIT 1")) ?? ""
        let algorithm = try chainAlgorithm(previous: previous, db)
        let hash = EventRecord.hash(record.content(previous: previous), algorithm: algorithm)
        try db.cachedStatement(sql: """
            INSERT INTO events (id, application_id, target_id, type, from_status, to_status, source, occurred_at, recorded_at,
                                external_id, native_status, verdict, moved, payload_digest, note, subject, prev_hash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [record.id, record.applicationId, record.targetId, record.type, record.from, record.to, record.source,
                                     record.occurredAt, record.recordedAt, record.externalId, record.nativeStatus, record.verdict,
                                     record.moved, record.payloadDigest, record.note, record.subject, previous, hash])
    }

    private static func chainAlgorithm(previous: String, _ db: Database) throws -> HashAlgorithm {
        if let name = previous.split(separator: ":").first, let algorithm = HashAlgorithm(rawValue: String(name)) { return algorithm }
        let configured = try String.fetchOne(db.cachedStatement(sql: "SELECT value FROM meta WHERE key = 'chain_algorithm'"))
        return configured.flatMap(HashAlgorithm.init(rawValue:)) ?? .sha256
    }

    /// The algorithm new chains use: `configured` for a new store, else what it was created with.
    public func chainAlgorithm() throws -> HashAlgorithm {
        try pool.read { db in
            let value = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'chain_algorithm'")
            return value.flatMap(HashAlgorithm.init(rawValue:)) ?? .sha256
        }
    }

    /// Walks the whole chain in order and stops at the first row whose hash does not match
    /// its content or whose link does not match the row before it.
    public func verifyChain() throws -> ChainVerification {
        try pool.read { db in
            var previous = ""
            var count = 0
            let rows = try Row.fetchCursor(db, sql: """
                SELECT seq, id, application_id, target_id, type, from_status, to_status, source, occurred_at, recorded_at,
                       external_id, native_status, verdict, moved, payload_digest, note, subject, prev_hash, hash FROM events ORDER BY seq
                """)
            while let row = try rows.next() {
                let seq: Int = row["seq"], id: String = row["id"]
                let stored: String? = row["hash"], link: String? = row["prev_hash"]
                guard let stored else {
                    return .broken(ChainBreak(seq: seq, eventId: id, reason: "the row has no hash", verifiedBefore: count))
                }
                guard link == previous else {
                    return .broken(ChainBreak(seq: seq, eventId: id, reason: "its link does not match the hash of the row before it (a row was removed, inserted or edited before it)", verifiedBefore: count))
                }
                let record = EventRecord(
                    id: id, applicationId: row["application_id"], targetId: row["target_id"], type: row["type"], from: row["from_status"],
                    to: row["to_status"], source: row["source"], occurredAt: row["occurred_at"], recordedAt: row["recorded_at"],
                    externalId: row["external_id"], nativeStatus: row["native_status"], verdict: row["verdict"], moved: row["moved"],
                    payloadDigest: row["payload_digest"], note: row["note"], subject: row["subject"])
                guard let name = stored.split(separator: ":").first, let algorithm = HashAlgorithm(rawValue: String(name)) else {
                    return .broken(ChainBreak(seq: seq, eventId: id, reason: "unknown hash algorithm in '\(stored)'", verifiedBefore: count))
                }
                guard EventRecord.hash(record.content(previous: previous), algorithm: algorithm) == stored else {
                    return .broken(ChainBreak(seq: seq, eventId: id, reason: "its content does not match its hash (the row was edited)", verifiedBefore: count))
                }
                previous = stored
                count += 1
            }
            return .intact(events: count, head: previous)
        }
    }
}

/// What `verifyChain` found.
public enum ChainVerification: Sendable, Equatable {
    /// Every row checked; `head` is the last hash (empty for an empty store).
    case intact(events: Int, head: String)
    case broken(ChainBreak)
}

/// The first broken link.
public struct ChainBreak: Sendable, Equatable, CustomStringConvertible {
    public var seq: Int
    public var eventId: String
    public var reason: String
    /// Rows verified before this one.
    public var verifiedBefore: Int
    public var description: String { "event seq \(seq) (\(eventId)): \(reason); \(verifiedBefore) events before it verified" }
}
