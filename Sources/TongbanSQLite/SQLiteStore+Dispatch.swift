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
        let t = now.timeIntervalSince1970, poisonAfter = poisonAfter
        let (claimed, setAside) = try await write { db in
            let rows = try Row.fetchAll(db.cachedStatement(sql: Self.claimSQL), arguments: [adapterId, t, limit, adapterId, t, limit, limit])
            var claimed: [ClaimedDelivery] = [], setAside = 0
            for row in rows {
                let targetId: String = row["target_id"]
                let attempt = (row["attempts"] as Int) + 1
                switch PoisonRule.verdict(abandoned: row["abandoned"], leaseRanOut: row["state"] == "leased", limit: poisonAfter, what: "delivery") {
                case .setAside(let reason):
                    // Taken over from the lost holder and failed the way any failure is: target
                    // `failed`, a dead letter with the reason.
                    try db.cachedStatement(sql: "UPDATE deliveries SET lease_owner = ?, abandoned = abandoned + 1 WHERE target_id = ?")
                        .execute(arguments: [owner, targetId])
                    _ = try Self.apply(DeliveryResult(targetId: targetId, owner: owner, outcome: .failed(reason: reason), now: now), db)
                    setAside += 1
                case .claim(let abandoned):
                    try db.cachedStatement(sql: """
                        UPDATE deliveries SET state = 'leased', lease_owner = ?, lease_until = ?, attempts = ?, abandoned = ?, updated_at = ? WHERE target_id = ?
                        """).execute(arguments: [owner, t + leaseSeconds, attempt, abandoned, t, targetId])
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

    public func recordDelivery(_ result: DeliveryResult, done: @escaping @Sendable (Result<Bool, any Error>) -> Void) {
        finishes.enqueue(result, done: done)
    }

    /// Applies one outcome; returns false when `owner` no longer holds the lease. Outcomes
    /// are applied one after another on the single writer, many to a commit (see
    /// `finishes`), so this keeps to four cached statements.
    static func apply(_ result: DeliveryResult, _ db: Database) throws -> Bool {
        let t = result.now.timeIntervalSince1970
        let state: String, dueAt: Double?, error: String?, to: TargetStatus?, ref: String?
        switch result.outcome {
        case .delivered(let backendRef): (state, dueAt, error, to, ref) = ("done", nil, nil, .delivered, backendRef)
        case .refused(let reason): (state, dueAt, error, to, ref) = ("done", nil, reason, .rejected, nil)
        case .retry(let at, let reason): (state, dueAt, error, to, ref) = ("pending", at.timeIntervalSince1970, reason, nil, nil)
        case .failed(let reason): (state, dueAt, error, to, ref) = ("dead", nil, reason, .failed, nil)
        }
        guard let row = try Row.fetchOne(db.cachedStatement(sql: """
            UPDATE deliveries SET state = ?, lease_owner = NULL, lease_until = NULL, due_at = COALESCE(?, due_at), last_error = ?, updated_at = ?
            WHERE target_id = ? AND state = 'leased' AND lease_owner = ?
            RETURNING application_id, adapter_id, attempts
            """), arguments: [state, dueAt, error, t, result.targetId, result.owner]) else { return false }
        let applicationId: String = row["application_id"], adapterId: String = row["adapter_id"], attempts: Int = row["attempts"]
        let from = try String.fetchOne(db.cachedStatement(sql: "SELECT status FROM targets WHERE id = ?"), arguments: [result.targetId]) ?? ""
        // A delivery outcome moves only a target still waiting for it; a back end's callback
        // may already have moved it further.
        let moved = to.flatMap { from == TargetStatus.queued.rawValue && $0.rawValue != from ? $0 : nil }
        try db.cachedStatement(sql: """
            UPDATE targets SET status = COALESCE(?, status), backend_ref = COALESCE(?, backend_ref), attempts = ?, updated_at = ?,
                               last_moved_at = CASE WHEN ? IS NULL THEN last_moved_at ELSE ? END WHERE id = ?
            """).execute(arguments: [moved?.rawValue, ref, attempts, RFC3339.format(result.now), moved?.rawValue, t, result.targetId])
        if let moved {
            let note = result.outcome.note
            try Self.appendEvent(db, applicationId: applicationId, targetId: result.targetId, type: "delivery", from: from, to: moved.rawValue,
                                 source: "adapter:\(adapterId)", at: result.now, note: note)
            // queued → delivered never changes the overall status; a refusal or a failure may.
            if moved != .delivered { _ = try reaggregate(db, applicationId: applicationId, at: result.now, source: "adapter:\(adapterId)", note: note) }
        }
        return true
    }

    public func releaseDeliveries(targetIds: [String], owner: String, now: Date) async throws {
        guard !targetIds.isEmpty else { return }
        try await write { db in
            for id in targetIds {
                try db.execute(sql: """
                    UPDATE deliveries SET state = 'pending', lease_owner = NULL, lease_until = NULL, attempts = attempts - 1, updated_at = ?
                    WHERE target_id = ? AND state = 'leased' AND lease_owner = ?
                    """, arguments: [now.timeIntervalSince1970, id, owner])
            }
        }
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
        let t = now.timeIntervalSince1970
        return try await write { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT d.application_id, d.adapter_id, t.status, a.withdrawal_requested_at FROM deliveries d
                JOIN targets t ON t.id = d.target_id JOIN applications a ON a.id = d.application_id
                WHERE d.target_id = ? AND d.state = 'dead'
                """, arguments: [targetId]) else { return false }
            if row["withdrawal_requested_at"] as Double? != nil {
                throw ReplayRefused(reason: "the applicant withdrew application \(row["application_id"] as String); its delivery stays dead")
            }
            try db.execute(sql: "UPDATE deliveries SET state = 'pending', attempts = 0, abandoned = 0, due_at = ?, updated_at = ? WHERE target_id = ?", arguments: [t, t, targetId])
            try db.execute(sql: "UPDATE targets SET status = 'queued', updated_at = ? WHERE id = ?", arguments: [RFC3339.format(now), targetId])
            try Self.appendEvent(db, applicationId: row["application_id"], targetId: targetId, type: "replay", from: row["status"],
                                 to: TargetStatus.queued.rawValue, source: "gateway", at: now)
            _ = try Self.reaggregate(db, applicationId: row["application_id"], at: now, source: "gateway")
            return true
        }
    }

    public func deliveryCounts() async throws -> [DeliveryCount] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT adapter_id, state, COUNT(*) AS n FROM deliveries GROUP BY adapter_id, state ORDER BY adapter_id, state")
                .map { DeliveryCount(adapterId: $0["adapter_id"], state: $0["state"], count: $0["n"]) }
        }
    }

    static func appendEvent(_ db: Database, applicationId: String, targetId: String?, type: String, from: String?, to: String?,
                            source: String, at: Date, recordedAt: Date? = nil, externalId: String? = nil, nativeStatus: String? = nil,
                            verdict: String? = nil, moved: Bool = true, payloadDigest: String? = nil, note: String? = nil) throws {
        try insertEvent(EventRecord(
            id: RandomIdentifiers().next("evt_"), applicationId: applicationId, targetId: targetId, type: type, from: from, to: to,
            source: source, occurredAt: RFC3339.format(at), recordedAt: RFC3339.format(recordedAt ?? at), externalId: externalId,
            nativeStatus: nativeStatus, verdict: verdict, moved: moved, payloadDigest: payloadDigest, note: note), db)
    }
}
