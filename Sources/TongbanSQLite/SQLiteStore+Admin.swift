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
        let ids = ids
        return try await write { db in
            let latest = try Int.fetchOne(db, sql: "SELECT MAX(version) FROM adapter_specs WHERE adapter_id = ?", arguments: [adapterId]) ?? 0
            let plan = AdminPlan.saveSpec(adapterId: adapterId, owner: owner, text: text, change: change, latest: latest,
                                          keepingVersions: keepingVersions, ids: ids)
            try Self.insertEvent(plan.event, db)
            try db.execute(sql: """
                INSERT INTO adapter_specs (adapter_id, version, owner, text, digest, actor, created_at, event_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [adapterId, plan.spec.version, owner, text, plan.spec.digest, change.actor, change.at.timeIntervalSince1970,
                                 plan.event.id])
            try db.execute(sql: "DELETE FROM adapter_specs WHERE adapter_id = ? AND version <= ?", arguments: [adapterId, plan.dropThrough])
            return plan.spec
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
        let ids = ids
        try await write { db in try Self.insertEvent(AdminPlan.event(change, payloadDigest: nil, ids: ids), db) }
    }

    public func adminChanges(limit: Int) async throws -> [AdminChange] {
        try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT type, subject, source, note, occurred_at FROM events WHERE application_id IS NULL ORDER BY seq DESC LIMIT ?
                """, arguments: [limit]).map { row in
                AdminPlan.change(type: row["type"], subject: row["subject"], source: row["source"], note: row["note"], occurredAt: row["occurred_at"])
            }
        }
    }

    private static func storedSpec(_ row: Row) -> StoredAdapterSpec {
        StoredAdapterSpec(adapterId: row["adapter_id"], version: row["version"], owner: row["owner"], text: row["text"], digest: row["digest"],
                          actor: row["actor"], createdAt: Date(timeIntervalSince1970: row["created_at"]))
    }
}
