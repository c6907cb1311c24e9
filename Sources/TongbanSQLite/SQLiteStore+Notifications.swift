import Foundation
import GRDB
import TongbanCore
import TongbanStore

extension SQLiteStore: NotificationStore {
    /// Queues the portal's notification of a status change, in the caller's transaction.
    static func enqueueNotification(_ db: Database, _ notification: StatusNotification, portal: String, at: Date) throws {
        let t = at.timeIntervalSince1970
        try db.cachedStatement(sql: """
            INSERT INTO notifications (id, portal_id, application_id, status_version, body, state, due_at, updated_at)
            VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)
            """).execute(arguments: [notification.id, portal, notification.data.applicationId, notification.data.statusVersion,
                                     notification.jsonText, t, t])
    }

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
                let id: String = row["id"], attempt = (row["attempts"] as Int) + 1
                switch PoisonRule.verdict(abandoned: row["abandoned"], leaseRanOut: row["state"] == "leased", limit: poisonAfter, what: "notification") {
                case .setAside(let reason):
                    try db.cachedStatement(sql: "UPDATE notifications SET lease_owner = ?, abandoned = abandoned + 1 WHERE id = ?").execute(arguments: [owner, id])
                    _ = try Self.apply(NotificationFinish(id: id, owner: owner, outcome: .failed(reason: reason), now: now), db)
                    setAside += 1
                case .claim(let abandoned):
                    try db.cachedStatement(sql: """
                        UPDATE notifications SET state = 'leased', lease_owner = ?, lease_until = ?, attempts = ?, abandoned = ?, updated_at = ? WHERE id = ?
                        """).execute(arguments: [owner, t + leaseSeconds, attempt, abandoned, t, id])
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
        let (state, dueAt, error): (String, Double?, String?) = switch finish.outcome {
        case .sent: ("done", nil, nil)
        case .skipped(let reason): ("done", nil, reason)
        case .retry(let at, let reason): ("pending", at.timeIntervalSince1970, reason)
        case .failed(let reason): ("dead", nil, reason)
        }
        try db.cachedStatement(sql: """
            UPDATE notifications SET state = ?, due_at = COALESCE(?, due_at), last_error = ?, lease_owner = NULL, lease_until = NULL,
                updated_at = ? WHERE id = ? AND state = 'leased' AND lease_owner = ?
            """).execute(arguments: [state, dueAt, error, finish.now.timeIntervalSince1970, finish.id, finish.owner])
        return db.changesCount == 1
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
            try db.execute(sql: "UPDATE notifications SET state = 'pending', attempts = 0, abandoned = 0, due_at = ?, updated_at = ? WHERE id = ? AND state = 'dead'",
                           arguments: [now.timeIntervalSince1970, now.timeIntervalSince1970, id])
            return db.changesCount == 1
        }
    }
}
