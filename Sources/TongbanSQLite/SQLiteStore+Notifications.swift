import Foundation
import GRDB
import TongbanCore
import TongbanStore

extension SQLiteStore: NotificationStore {
    public func claimNotifications(limit: Int, owner: String, now: Date, leaseSeconds: Double) async throws -> [ClaimedNotification] {
        let t = now.timeIntervalSince1970, poisonAfter = poisonAfter
        let (claimed, setAside) = try await write { db in
            // Due rows (or leases that ran out) whose application has no earlier notification
            // still open: one at a time per application, in status-version order.
            let rows = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT n.id, n.portal_id, n.application_id, n.status_version, n.body, n.attempts, n.state, n.abandoned FROM notifications n
                WHERE n.id IN (SELECT id FROM notifications WHERE state = 'pending' AND due_at <= ?
                               UNION ALL SELECT id FROM notifications WHERE state = 'leased' AND lease_until < ?)
                  AND NOT EXISTS (SELECT 1 FROM notifications p WHERE p.application_id = n.application_id
                                  AND p.status_version < n.status_version AND p.state IN ('pending', 'leased'))
                ORDER BY n.due_at LIMIT ?
                """), arguments: [t, t, limit])
            var claimed: [ClaimedNotification] = [], setAside = 0
            for row in rows {
                let id: String = row["id"]
                let standing = OutboxStanding(state: try Self.enumValue(row["state"]), attempts: row["attempts"])
                switch OutboxClaim.decide(standing, abandoned: row["abandoned"], poisonAfter: poisonAfter, what: OutboxQueue.notifications.itemName) {
                case .setAside(let reason):
                    try Self.takeOver(.notifications, id: id, owner: owner, db)
                    _ = try Self.apply(NotificationFinish(id: id, owner: owner, outcome: .failed(reason: reason), now: now), db)
                    setAside += 1
                case .claim(let attempt, let abandoned):
                    try Self.lease(.notifications, id: id, owner: owner, until: now.addingTimeInterval(leaseSeconds), attempt: attempt,
                                   abandoned: abandoned, at: now, db)
                    let body: String = row["body"]
                    claimed.append(ClaimedNotification(id: id, portalId: row["portal_id"], applicationId: row["application_id"],
                                                       statusVersion: row["status_version"], body: Array(body.utf8), attempt: attempt))
                }
            }
            return (claimed, setAside)
        }
        for _ in 0..<setAside { faults.setAside(queue: "notifications") }
        return claimed
    }

    @discardableResult
    public func finishNotification(id: String, owner: String, outcome: NotificationOutcome, now: Date) async throws -> Bool {
        try await notificationFinishes.submit(NotificationFinish(id: id, owner: owner, outcome: outcome, now: now))
    }

    /// One notification's outcome, applied in a shared commit (see `notificationFinishes`).
    struct NotificationFinish: Sendable {
        var id: String
        var owner: String
        var outcome: NotificationOutcome
        var now: Date
    }

    static func apply(_ finish: NotificationFinish, _ db: Database) throws -> Bool {
        try Self.finish(.notifications, id: finish.id, owner: finish.owner, finish.outcome.transition(at: finish.now), returning: "id", db) != nil
    }

    public func releaseNotifications(ids: [String], owner: String, now: Date) async throws {
        try await release(.notifications, ids: ids, owner: owner, now: now)
    }

    public func notificationDeadLetters(limit: Int) async throws -> [NotificationDeadLetter] {
        try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, portal_id, application_id, status_version, attempts, last_error, updated_at FROM notifications
                WHERE state = 'dead' ORDER BY updated_at DESC LIMIT ?
                """, arguments: [limit]).map { row in
                NotificationDeadLetter(id: row["id"], portalId: row["portal_id"], applicationId: row["application_id"],
                                       statusVersion: row["status_version"], attempts: row["attempts"], lastError: row["last_error"] ?? "",
                                       failedAt: Date(timeIntervalSince1970: row["updated_at"]))
            }
        }
    }

    public func replayNotification(id: String, now: Date) async throws -> Bool {
        try await write { db in
            try Self.move(OutboxChange(queue: .notifications, id: id, from: .dead, transition: .replayed(at: now)), db)
        }
    }
}
