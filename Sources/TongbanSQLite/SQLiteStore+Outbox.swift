import Foundation
import GRDB
import TongbanStore

/// The outbox mechanism in SQL, one set of statements for the three queues (deliveries,
/// actions, notifications): lease a claimed item, finish it under its lease, move it
/// (stop, replay), give it back, set it aside. The rules are `OutboxClaim` and the outcomes'
/// `transition`s; only which rows are due differs per queue (each queue's claim query).
extension OutboxQueue {
    /// The table and its key column (a delivery is keyed by its target).
    var table: String { rawValue }
    var key: String { self == .deliveries ? "target_id" : "id" }
}

extension SQLiteStore {
    private static func transitionSQL(_ queue: OutboxQueue, condition: String) -> String {
        """
        UPDATE \(queue.table) SET state = ?, lease_owner = NULL, lease_until = NULL, due_at = COALESCE(?, due_at), last_error = ?,
            attempts = CASE WHEN ? THEN 0 ELSE attempts END, abandoned = CASE WHEN ? THEN 0 ELSE abandoned END, updated_at = ?
        WHERE \(queue.key) = ? AND \(condition)
        """
    }

    private static func arguments(_ transition: OutboxTransition, id: String) -> [(any DatabaseValueConvertible)?] {
        [transition.state.rawValue, transition.dueAt?.timeIntervalSince1970, transition.error, transition.resetsAttempts,
         transition.resetsAttempts, transition.at.timeIntervalSince1970, id]
    }

    /// Moves an item that is in `change.from`; false when it is not.
    @discardableResult
    static func move(_ change: OutboxChange, _ db: Database) throws -> Bool {
        try db.cachedStatement(sql: transitionSQL(change.queue, condition: "state = ?"))
            .execute(arguments: StatementArguments(arguments(change.transition, id: change.id) + [change.from.rawValue]))
        return db.changesCount == 1
    }

    /// Finishes an item `owner` holds; returns the `returning` columns of its row, or nil
    /// (nothing changed) when the lease is no longer `owner`'s.
    static func finish(_ queue: OutboxQueue, id: String, owner: String, _ transition: OutboxTransition, returning: String,
                       _ db: Database) throws -> Row? {
        try Row.fetchOne(db.cachedStatement(sql: transitionSQL(queue, condition: "state = 'leased' AND lease_owner = ?") + " RETURNING " + returning),
                         arguments: StatementArguments(arguments(transition, id: id) + [owner]))
    }

    /// Leases a claimed item to `owner`.
    static func lease(_ queue: OutboxQueue, id: String, owner: String, until: Date, attempt: Int, abandoned: Int, at now: Date,
                      _ db: Database) throws {
        try db.cachedStatement(sql: """
            UPDATE \(queue.table) SET state = 'leased', lease_owner = ?, lease_until = ?, attempts = ?, abandoned = ?, updated_at = ? WHERE \(queue.key) = ?
            """).execute(arguments: [owner, until.timeIntervalSince1970, attempt, abandoned, now.timeIntervalSince1970, id])
    }

    /// Takes an item over from a lost holder so it can be failed as poison under `owner`'s lease.
    static func takeOver(_ queue: OutboxQueue, id: String, owner: String, _ db: Database) throws {
        try db.cachedStatement(sql: "UPDATE \(queue.table) SET lease_owner = ?, abandoned = abandoned + 1 WHERE \(queue.key) = ?")
            .execute(arguments: [owner, id])
    }

    /// Gives held items back unattempted: due again at once, their attempt not counted.
    func release(_ queue: OutboxQueue, ids: [String], owner: String, now: Date) async throws {
        guard !ids.isEmpty else { return }
        try await write { db in
            for id in ids {
                try db.cachedStatement(sql: """
                    UPDATE \(queue.table) SET state = 'pending', lease_owner = NULL, lease_until = NULL, attempts = attempts - 1, updated_at = ?
                    WHERE \(queue.key) = ? AND state = 'leased' AND lease_owner = ?
                    """).execute(arguments: [now.timeIntervalSince1970, id, owner])
            }
        }
    }
}
