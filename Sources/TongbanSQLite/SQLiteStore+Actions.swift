import Foundation
import GRDB
import TongbanCore
import TongbanStore

extension SQLiteStore: ActionStore {
    public func requestWithdrawal(_ request: WithdrawalRequest) async throws -> WithdrawalOutcome {
        let ids = ids
        return try await write { db in
            let plan = WithdrawalPlan.plan(request, try Self.loadState(db, applicationId: request.applicationId, portal: request.portal), ids: ids)
            try Self.write(plan.changes, db)
            return plan.outcome
        }
    }

    public func requestSupplement(_ request: SupplementRequest) async throws -> SupplementOutcome {
        let ids = ids
        return try await write { db in
            let application = try Self.loadState(db, applicationId: request.applicationId, portal: request.portal)
            let earlier = try Row.fetchAll(db, sql: """
                SELECT id, digest FROM actions WHERE application_id = ? AND kind = 'supplement' AND request_key = ? ORDER BY rowid
                """, arguments: [request.applicationId, request.supplementId]).map { SupplementPlan.Earlier(id: $0["id"], digest: $0["digest"]) }
            let plan = SupplementPlan.plan(request, application, earlier: earlier, ids: ids)
            try Self.write(plan.changes, db)
            return plan.outcome
        }
    }

    public func claimActions(adapterId: String, limit: Int, owner: String, now: Date, leaseSeconds: Double) async throws -> [ClaimedAction] {
        let t = now.timeIntervalSince1970, poisonAfter = poisonAfter, ids = ids
        let (claimed, setAside) = try await write { db in
            // Only actions whose submission was answered (the target left `queued`): a back end
            // cannot cancel or complete a case it has not received yet.
            let rows = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT a.id, a.kind, a.application_id, a.target_id, a.adapter_id, a.attempts, a.state, a.abandoned, a.document, a.requested_at,
                       a.request_key, t.backend_ref, t.status
                FROM actions a JOIN targets t ON t.id = a.target_id
                WHERE a.adapter_id = ? AND ((a.state = 'pending' AND a.due_at <= ?) OR (a.state = 'leased' AND a.lease_until < ?))
                  AND t.status != ?
                ORDER BY a.due_at LIMIT ?
                """), arguments: [adapterId, t, t, ActionPlan.waitsWhileTarget.rawValue, limit])
            var claimed: [ClaimedAction] = [], setAside = 0
            for row in rows {
                let item = try Self.actionItem(row)
                let standing = OutboxStanding(state: try Self.enumValue(row["state"]), attempts: row["attempts"])
                if let skipped = ActionPlan.skip(item, targetStatus: try Self.enumValue(row["status"]), from: standing.state, now: now, ids: ids) {
                    try Self.write(skipped, db)
                    continue
                }
                switch OutboxClaim.decide(standing, abandoned: row["abandoned"], poisonAfter: poisonAfter, what: item.kind.rawValue) {
                case .setAside(let reason):
                    try Self.takeOver(.actions, id: item.id, owner: owner, db)
                    _ = try Self.apply(ActionResult(id: item.id, owner: owner, outcome: .failed(reason: reason), now: now), db, ids: ids)
                    setAside += 1
                case .claim(let attempt, let abandoned):
                    try Self.lease(.actions, id: item.id, owner: owner, until: now.addingTimeInterval(leaseSeconds), attempt: attempt,
                                   abandoned: abandoned, at: now, db)
                    let document: String = row["document"]
                    claimed.append(ClaimedAction(id: item.id, kind: item.kind, applicationId: item.applicationId, targetId: item.targetId,
                                                 adapterId: adapterId, caseRef: row["backend_ref"], attempt: attempt, document: Array(document.utf8),
                                                 requestedAt: Date(timeIntervalSince1970: row["requested_at"])))
                }
            }
            return (claimed, setAside)
        }
        for _ in 0..<setAside { faults.setAside(queue: "actions") }
        return claimed
    }

    @discardableResult
    public func finishAction(_ result: ActionResult) async throws -> Bool {
        let ids = ids
        return try await write { db in try Self.apply(result, db, ids: ids) }
    }

    /// One action's outcome (`ActionPlan`); false when `owner` no longer holds its lease.
    static func apply(_ result: ActionResult, _ db: Database, ids: any IdentifierSource) throws -> Bool {
        guard let row = try finish(.actions, id: result.id, owner: result.owner, result.outcome.transition(at: result.now),
                                   returning: "id, application_id, target_id, adapter_id, kind, request_key", db) else { return false }
        let item = try actionItem(row)
        try write(ActionPlan.effects(of: result, item, in: try requireState(db, applicationId: item.applicationId), ids: ids), db)
        return true
    }

    public func releaseActions(ids: [String], owner: String, now: Date) async throws {
        try await release(.actions, ids: ids, owner: owner, now: now)
    }

    public func actions(applicationId: String) async throws -> [ActionRecord] {
        try await read { db in try Self.actions(db, applicationId: applicationId) }
    }

    public func actionDeadLetters(limit: Int) async throws -> [ActionRecord] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM actions WHERE state = 'dead' ORDER BY updated_at DESC LIMIT ?", arguments: [limit])
                .map(Self.actionRecord)
        }
    }

    public func replayAction(id: String, now: Date) async throws -> Bool {
        let ids = ids
        return try await write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT id, application_id, target_id, adapter_id, kind, request_key FROM actions WHERE id = ? AND state = 'dead'",
                                             arguments: [id]) else { return false }
            try Self.write(ActionPlan.replay(try Self.actionItem(row), now: now, ids: ids), db)
            return true
        }
    }

    static func actionItem(_ row: Row) throws -> ActionPlan.Item {
        ActionPlan.Item(id: row["id"], kind: try enumValue(row["kind"]), applicationId: row["application_id"], targetId: row["target_id"],
                        adapterId: row["adapter_id"], requestKey: row["request_key"])
    }

    static func actions(_ db: Database, applicationId: String) throws -> [ActionRecord] {
        try Row.fetchAll(db, sql: "SELECT * FROM actions WHERE application_id = ? ORDER BY requested_at, rowid", arguments: [applicationId])
            .map(actionRecord)
    }

    static func actionRecord(_ row: Row) throws -> ActionRecord {
        ActionRecord(id: row["id"], kind: try enumValue(row["kind"]), applicationId: row["application_id"], targetId: row["target_id"],
                     adapterId: row["adapter_id"], state: row["state"], attempts: row["attempts"], lastError: row["last_error"],
                     requestedAt: Date(timeIntervalSince1970: row["requested_at"]), updatedAt: Date(timeIntervalSince1970: row["updated_at"]))
    }
}
