import Foundation
import GRDB
import TongbanCore
import TongbanCrypto
import TongbanStore

/// Adapter specs stored through the admin API, each version kept, and admin changes as
/// events of the audit chain (application_id NULL, source `admin:<actor>`).
extension SQLiteStore: AdminStore {
    public func saveAdapterSpec(adapterId: String, owner: String, text: String?, change: AdminChange,
                                keepingVersions: Int) async throws -> StoredAdapterSpec {
        try await write { db in
            let latest = try Int.fetchOne(db, sql: "SELECT MAX(version) FROM adapter_specs WHERE adapter_id = ?", arguments: [adapterId]) ?? 0
            let digest = text.map { Hex.encode(HashAlgorithm.sha256.digest(Array($0.utf8))) } ?? ""
            let spec = StoredAdapterSpec(adapterId: adapterId, version: latest + 1, owner: owner, text: text, digest: digest,
                                         actor: change.actor, createdAt: change.at)
            let eventId = try Self.insertAdminChange(change, digest: text == nil ? nil : "sha256:\(digest)", db)
            try db.execute(sql: """
                INSERT INTO adapter_specs (adapter_id, version, owner, text, digest, actor, created_at, event_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [adapterId, spec.version, owner, text, digest, change.actor, change.at.timeIntervalSince1970, eventId])
            // Older versions go; each one's digest stays in its audit event.
            try db.execute(sql: "DELETE FROM adapter_specs WHERE adapter_id = ? AND version <= ?",
                           arguments: [adapterId, spec.version - max(1, keepingVersions)])
            return spec
        }
    }

    public func adapterSpecHistory(adapterId: String) async throws -> [StoredAdapterSpec] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM adapter_specs WHERE adapter_id = ? ORDER BY version DESC", arguments: [adapterId])
                .map(Self.storedSpec)
        }
    }

    public func currentAdapterSpecs() async throws -> [StoredAdapterSpec] {
        try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT s.* FROM adapter_specs s
                WHERE s.version = (SELECT MAX(version) FROM adapter_specs WHERE adapter_id = s.adapter_id) AND s.text IS NOT NULL
                ORDER BY s.adapter_id
                """).map(Self.storedSpec)
        }
    }

    public func recordAdminChange(_ change: AdminChange) async throws {
        try await write { db in _ = try Self.insertAdminChange(change, digest: nil, db) }
    }

    public func adminChanges(limit: Int) async throws -> [AdminChange] {
        try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT type, subject, source, note, occurred_at FROM events WHERE application_id IS NULL ORDER BY seq DESC LIMIT ?
                """, arguments: [limit]).map { row in
                let type: String = row["type"], source: String = row["source"]
                return AdminChange(action: String(type.dropFirst("admin.".count)), subject: row["subject"],
                                   actor: String(source.dropFirst("admin:".count)), note: row["note"] ?? "",
                                   at: RFC3339.parse(row["occurred_at"]) ?? Date(timeIntervalSince1970: 0))
            }
        }
    }

    /// Appends the change to the chain inside the caller's transaction; returns the event id.
    static func insertAdminChange(_ change: AdminChange, digest: String?, _ db: Database) throws -> String {
        let id = RandomIdentifiers().next("evt_")
        let at = RFC3339.format(change.at)
        try insertEvent(EventRecord(
            id: id, applicationId: nil, targetId: nil, type: "admin.\(change.action)", from: nil, to: nil, source: "admin:\(change.actor)",
            occurredAt: at, recordedAt: at, externalId: nil, nativeStatus: nil, verdict: nil, moved: false, payloadDigest: digest,
            note: change.note, subject: change.subject), db)
        return id
    }

    private static func storedSpec(_ row: Row) -> StoredAdapterSpec {
        StoredAdapterSpec(adapterId: row["adapter_id"], version: row["version"], owner: row["owner"], text: row["text"], digest: row["digest"],
                          actor: row["actor"], createdAt: Date(timeIntervalSince1970: row["created_at"]))
    }
}
