import Foundation
import GRDB
import TongbanCore
import TongbanStore

extension SQLiteStore: DispatchStore {
    public func claimDeliveries(adapterId: String, limit: Int, owner: String, now: Date, leaseSeconds: Double) async throws -> [ClaimedDelivery] {
        let t = now.timeIntervalSince1970
        return try await pool.write { db in
            // Two index range scans (due pending rows; leases that ran out) rather than one OR
            // that would scan every row of the adapter, done ones included.
            let rows = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT d.target_id, d.application_id, d.attempts, a.document, a.received_at, t.due_date
                FROM (SELECT target_id FROM (SELECT target_id, due_at FROM deliveries WHERE adapter_id = ? AND state = 'pending' AND due_at <= ?
                                             ORDER BY due_at LIMIT ?)
                      UNION ALL
                      SELECT target_id FROM (SELECT target_id FROM deliveries WHERE adapter_id = ? AND state = 'leased' AND lease_until < ? LIMIT ?)) c
                JOIN deliveries d ON d.target_id = c.target_id
                JOIN applications a ON a.id = d.application_id JOIN targets t ON t.id = d.target_id
                ORDER BY d.due_at LIMIT ?
                """), arguments: [adapterId, t, limit, adapterId, t, limit, limit])
            return try rows.map { row in
                let targetId: String = row["target_id"]
                let attempt = (row["attempts"] as Int) + 1
                try db.cachedStatement(sql: """
                    UPDATE deliveries SET state = 'leased', lease_owner = ?, lease_until = ?, attempts = ?, updated_at = ? WHERE target_id = ?
                    """).execute(arguments: [owner, t + leaseSeconds, attempt, t, targetId])
                let document: String = row["document"]
                return ClaimedDelivery(
                    targetId: targetId, applicationId: row["application_id"], adapterId: adapterId, attempt: attempt,
                    document: Array(document.utf8), dueDate: CivilDate(iso: row["due_date"]) ?? CivilDate(dayNumber: 0),
                    receivedAt: RFC3339.parse(row["received_at"]) ?? now)
            }
        }
    }

    @discardableResult
    public func finishDelivery(_ result: DeliveryResult) async throws -> Bool {
        try await finishes.submit(result)
    }

    /// Applies one outcome inside a shared transaction (see `finishes`), in its own savepoint.
    static func finish(_ result: DeliveryResult, _ db: Database) -> Result<Bool, any Error> {
        Result {
            var applied = false
            try db.inSavepoint {
                applied = try apply(result, db)
                return .commit
            }
            return applied
        }
    }

    private static func apply(_ result: DeliveryResult, _ db: Database) throws -> Bool {
        let t = result.now.timeIntervalSince1970
        // Cached statements throughout: outcomes are applied one after another on the single
        // writer, so parsing SQL each time would be the dispatcher's bottleneck.
        guard let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT d.application_id, d.adapter_id, t.status FROM deliveries d JOIN targets t ON t.id = d.target_id
            WHERE d.target_id = ? AND d.state = 'leased' AND d.lease_owner = ?
            """), arguments: [result.targetId, result.owner]) else { return false }
        let applicationId: String = row["application_id"], adapterId: String = row["adapter_id"]
        let from: String = row["status"]
        var to: TargetStatus?
        switch result.outcome {
        case .delivered(let ref):
            try db.cachedStatement(sql: "UPDATE deliveries SET state = 'done', lease_owner = NULL, lease_until = NULL, last_error = NULL, updated_at = ? WHERE target_id = ?").execute(arguments: [t, result.targetId])
            try db.cachedStatement(sql: "UPDATE targets SET backend_ref = COALESCE(?, backend_ref) WHERE id = ?").execute(arguments: [ref, result.targetId])
            to = .delivered
        case .refused(let reason):
            try db.cachedStatement(sql: "UPDATE deliveries SET state = 'done', lease_owner = NULL, lease_until = NULL, last_error = ?, updated_at = ? WHERE target_id = ?").execute(arguments: [reason, t, result.targetId])
            to = .rejected
        case .retry(let at, let reason):
            try db.cachedStatement(sql: "UPDATE deliveries SET state = 'pending', lease_owner = NULL, lease_until = NULL, due_at = ?, last_error = ?, updated_at = ? WHERE target_id = ?").execute(arguments: [at.timeIntervalSince1970, reason, t, result.targetId])
        case .failed(let reason):
            try db.cachedStatement(sql: "UPDATE deliveries SET state = 'dead', lease_owner = NULL, lease_until = NULL, last_error = ?, updated_at = ? WHERE target_id = ?").execute(arguments: [reason, t, result.targetId])
            to = .failed
        }
        try db.cachedStatement(sql: "UPDATE targets SET attempts = (SELECT attempts FROM deliveries WHERE target_id = ?), updated_at = ? WHERE id = ?").execute(arguments: [result.targetId, RFC3339.format(result.now), result.targetId])
        if let to, to.rawValue != from {
            try db.cachedStatement(sql: "UPDATE targets SET status = ? WHERE id = ?").execute(arguments: [to.rawValue, result.targetId])
            try Self.appendEvent(db, applicationId: applicationId, targetId: result.targetId, type: "delivery", from: from, to: to.rawValue,
                                 source: "adapter:\(adapterId)", at: result.now)
        }
        return true
    }

    public func releaseDeliveries(targetIds: [String], owner: String, now: Date) async throws {
        guard !targetIds.isEmpty else { return }
        try await pool.write { db in
            for id in targetIds {
                try db.execute(sql: """
                    UPDATE deliveries SET state = 'pending', lease_owner = NULL, lease_until = NULL, attempts = attempts - 1, updated_at = ?
                    WHERE target_id = ? AND state = 'leased' AND lease_owner = ?
                    """, arguments: [now.timeIntervalSince1970, id, owner])
            }
        }
    }

    public func deadLetters(limit: Int) async throws -> [DeadLetter] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT target_id, application_id, adapter_id, attempts, last_error, updated_at FROM deliveries
                WHERE state = 'dead' ORDER BY updated_at DESC LIMIT ?
                """, arguments: [limit]).map { row in
                DeadLetter(targetId: row["target_id"], applicationId: row["application_id"], adapterId: row["adapter_id"],
                           attempts: row["attempts"], lastError: row["last_error"] ?? "", failedAt: Date(timeIntervalSince1970: row["updated_at"]))
            }
        }
    }

    public func replay(targetId: String, now: Date) async throws -> Bool {
        let t = now.timeIntervalSince1970
        return try await pool.write { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT d.application_id, d.adapter_id, t.status FROM deliveries d JOIN targets t ON t.id = d.target_id
                WHERE d.target_id = ? AND d.state = 'dead'
                """, arguments: [targetId]) else { return false }
            try db.execute(sql: "UPDATE deliveries SET state = 'pending', attempts = 0, due_at = ?, updated_at = ? WHERE target_id = ?", arguments: [t, t, targetId])
            try db.execute(sql: "UPDATE targets SET status = 'queued', updated_at = ? WHERE id = ?", arguments: [RFC3339.format(now), targetId])
            try Self.appendEvent(db, applicationId: row["application_id"], targetId: targetId, type: "replay", from: row["status"],
                                 to: TargetStatus.queued.rawValue, source: "gateway", at: now)
            return true
        }
    }

    public func deliveryCounts() async throws -> [DeliveryCount] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT adapter_id, state, COUNT(*) AS n FROM deliveries GROUP BY adapter_id, state ORDER BY adapter_id, state")
                .map { DeliveryCount(adapterId: $0["adapter_id"], state: $0["state"], count: $0["n"]) }
        }
    }

    static func appendEvent(_ db: Database, applicationId: String, targetId: String?, type: String, from: String?, to: String?,
                            source: String, at: Date) throws {
        let time = RFC3339.format(at)
        try db.cachedStatement(sql: """
            INSERT INTO events (id, application_id, target_id, type, from_status, to_status, source, occurred_at, recorded_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: ["evt_\(UUID().uuidString.lowercased())", applicationId, targetId, type, from, to, source, time, time])
    }
}
