import Foundation
import GRDB
import TongbanCore
import TongbanStore

extension SQLiteStore: DispatchStore {
    /// Due rows of one adapter: two range scans of the active-row indexes (due pending rows;
    /// leases that ran out), never a scan of every row. Arguments: adapter, now, limit,
    /// adapter, now, limit, limit.
    static let claimSQL = """
        SELECT d.target_id, d.application_id, d.attempts, d.state, d.abandoned, a.document, a.received_at, a.traceparent, t.due_date
        FROM (SELECT target_id FROM (SELECT target_id, due_at FROM deliveries WHERE adapter_id = ? AND state = 'pending' AND due_at <= ?
                                     ORDER BY due_at LIMIT ?)
              UNION ALL
              SELECT target_id FROM (SELECT target_id FROM deliveries WHERE adapter_id = ? AND state = 'leased' AND lease_until < ? LIMIT ?)) c
        JOIN deliveries d ON d.target_id = c.target_id
        JOIN applications a ON a.id = d.application_id JOIN targets t ON t.id = d.target_id
        ORDER BY d.due_at LIMIT ?
        """

    /// SQLite's plan for the claim query (a test checks it uses the indexes).
    func claimQueryPlan() throws -> [String] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + Self.claimSQL, arguments: ["a", 0, 1, "a", 0, 1, 1]).map { $0["detail"] as String }
        }
    }

    public func claimDeliveries(adapterId: String, limit: Int, owner: String, now: Date, leaseSeconds: Double) async throws -> [ClaimedDelivery] {
        let t = now.timeIntervalSince1970, poisonAfter = poisonAfter, ids = ids
        let (claimed, setAside) = try await write { db in
            let rows = try Row.fetchAll(db.cachedStatement(sql: Self.claimSQL), arguments: [adapterId, t, limit, adapterId, t, limit, limit])
            var claimed: [ClaimedDelivery] = [], setAside = 0
            for row in rows {
                let targetId: String = row["target_id"]
                let standing = OutboxStanding(state: try Self.enumValue(row["state"]), attempts: row["attempts"])
                switch OutboxClaim.decide(standing, abandoned: row["abandoned"], poisonAfter: poisonAfter, what: OutboxQueue.deliveries.itemName) {
                case .setAside(let reason):
                    // Taken over from the lost holder and failed the way any failure is: target
                    // `failed`, a dead letter with the reason.
                    try Self.takeOver(.deliveries, id: targetId, owner: owner, db)
                    _ = try Self.apply(DeliveryResult(targetId: targetId, owner: owner, outcome: .failed(reason: reason), now: now), db, ids: ids)
                    setAside += 1
                case .claim(let attempt, let abandoned):
                    try Self.lease(.deliveries, id: targetId, owner: owner, until: now.addingTimeInterval(leaseSeconds), attempt: attempt,
                                   abandoned: abandoned, at: now, db)
                    let document: String = row["document"]
                    claimed.append(ClaimedDelivery(
                        targetId: targetId, applicationId: row["application_id"], adapterId: adapterId, attempt: attempt,
                        document: Array(document.utf8), dueDate: CivilDate(iso: row["due_date"]) ?? CivilDate(dayNumber: 0),
                        receivedAt: RFC3339.parse(row["received_at"]) ?? now, traceparent: row["traceparent"]))
                }
            }
            return (claimed, setAside)
        }
        for _ in 0..<setAside { faults.setAside(queue: "deliveries") }
        return claimed
    }

    @discardableResult
    public func finishDelivery(_ result: DeliveryResult) async throws -> Bool {
        try await finishes.submit(result)
    }

    /// Applies one outcome (`DeliveryPlan`); false when `owner` no longer holds the lease.
    /// Outcomes are applied one after another on the single writer, many to a commit (see `finishes`).
    static func apply(_ result: DeliveryResult, _ db: Database, ids: any IdentifierSource) throws -> Bool {
        guard let row = try finish(.deliveries, id: result.targetId, owner: result.owner, result.outcome.transition(at: result.now),
                                   returning: "application_id, adapter_id, attempts", db) else { return false }
        let application = try requireState(db, applicationId: row["application_id"])
        try write(DeliveryPlan.effects(of: result, adapterId: row["adapter_id"], attempts: row["attempts"], in: application, ids: ids), db)
        return true
    }

    public func releaseDeliveries(targetIds: [String], owner: String, now: Date) async throws {
        try await release(.deliveries, ids: targetIds, owner: owner, now: now)
    }

    public func deadLetters(limit: Int) async throws -> [DeadLetter] {
        try await read { db in
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
        let ids = ids
        return try await write { db in
            guard let applicationId = try String.fetchOne(db, sql: "SELECT application_id FROM deliveries WHERE target_id = ? AND state = 'dead'",
                                                          arguments: [targetId]) else { return false }
            try Self.write(DeliveryPlan.replay(targetId: targetId, in: try Self.requireState(db, applicationId: applicationId), now: now, ids: ids).get(), db)
            return true
        }
    }

    public func deliveryCounts() async throws -> [DeliveryCount] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT adapter_id, state, COUNT(*) AS n FROM deliveries GROUP BY adapter_id, state ORDER BY adapter_id, state")
                .map { DeliveryCount(adapterId: $0["adapter_id"], state: $0["state"], count: $0["n"]) }
        }
    }
}
