import Foundation
import GRDB
import TongbanCore
import TongbanCrypto
import TongbanStore

/// What the workflow's plans read (`ApplicationState`) and write (`WorkflowChanges`), in
/// SQL. Nothing here decides: every store loads and writes the same values.
extension SQLiteStore {
    /// An application and its targets (with their deliveries' standing) as a plan sees it.
    static func loadState(_ db: Database, applicationId: String, portal: String? = nil) throws -> ApplicationState? {
        let sql = "SELECT id, portal_id, portal_case_no, status, status_version, withdrawal_requested_at FROM applications WHERE id = ?"
            + (portal == nil ? "" : " AND portal_id = ?")
        let arguments: StatementArguments = portal.map { [applicationId, $0] } ?? [applicationId]
        guard let app = try Row.fetchOne(db.cachedStatement(sql: sql), arguments: arguments) else { return nil }
        let targets = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT t.id, t.service, t.adapter_id, t.status, t.backend_ref, t.last_moved_at, t.due_date, t.paused_days, t.paused_since,
                   t.attempts, d.state AS delivery_state, d.attempts AS delivery_attempts
            FROM targets t LEFT JOIN deliveries d ON d.target_id = t.id WHERE t.application_id = ? ORDER BY t.position
            """), arguments: [applicationId]).map { row in
            TargetState(
                id: row["id"], service: try enumValue(row["service"]), adapterId: row["adapter_id"], status: try enumValue(row["status"]),
                backendRef: row["backend_ref"], lastMovedAt: (row["last_moved_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
                clock: ServiceClock(dueDate: try civilDate(row["due_date"]), pausedWorkingDays: row["paused_days"],
                                    pausedSince: try (row["paused_since"] as String?).map(civilDate)),
                attempts: row["attempts"],
                delivery: try (row["delivery_state"] as String?).map { OutboxStanding(state: try enumValue($0), attempts: row["delivery_attempts"]) })
        }
        return ApplicationState(id: app["id"], portal: app["portal_id"], portalCaseNo: app["portal_case_no"], status: try enumValue(app["status"]),
                                statusVersion: app["status_version"],
                                withdrawalRequestedAt: (app["withdrawal_requested_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
                                targets: targets)
    }

    /// Like `loadState`, for a row of the store that must have its application.
    static func requireState(_ db: Database, applicationId: String) throws -> ApplicationState {
        guard let state = try loadState(db, applicationId: applicationId) else { throw StoreCorruption(detail: "application \(applicationId)") }
        return state
    }

    /// Writes a plan's changes inside the caller's transaction.
    static func write(_ changes: WorkflowChanges, _ db: Database) throws {
        if let app = changes.application {
            try db.cachedStatement(sql: "UPDATE applications SET status = ?, status_version = ?, withdrawal_requested_at = ? WHERE id = ?")
                .execute(arguments: [app.status.rawValue, app.statusVersion, app.withdrawalRequestedAt?.timeIntervalSince1970, app.id])
        }
        for change in changes.targets {
            let target = change.target
            try db.cachedStatement(sql: """
                UPDATE targets SET status = ?, backend_ref = ?, last_moved_at = ?, paused_days = ?, paused_since = ?, attempts = ?, updated_at = ?
                WHERE id = ?
                """).execute(arguments: [target.status.rawValue, target.backendRef, target.lastMovedAt?.timeIntervalSince1970,
                                         target.clock.pausedWorkingDays, target.clock.pausedSince?.description, target.attempts,
                                         RFC3339.format(change.updatedAt), target.id])
        }
        for change in changes.outbox { try move(change, db) }
        for action in changes.actions {
            let t = action.requestedAt.timeIntervalSince1970
            try db.cachedStatement(sql: """
                INSERT INTO actions (id, application_id, target_id, adapter_id, kind, request_key, digest, document, state, due_at, requested_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?)
                """).execute(arguments: [action.id, action.applicationId, action.targetId, action.adapterId, action.kind.rawValue,
                                         action.requestKey, action.digest, action.document, t, t, t])
        }
        for event in changes.events { try insertEvent(event, db) }
        for queued in changes.notifications {
            let t = queued.dueAt.timeIntervalSince1970
            try db.cachedStatement(sql: """
                INSERT INTO notifications (id, portal_id, application_id, status_version, body, state, due_at, updated_at)
                VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)
                """).execute(arguments: [queued.notification.id, queued.portal, queued.notification.data.applicationId,
                                         queued.notification.data.statusVersion, queued.body, t, t])
        }
    }

    /// Appends one event to the chain (the single writer makes the chain's order `seq`'s).
    static func insertEvent(_ record: EventRecord, _ db: Database) throws {
        let previous = try String.fetchOne(db.cachedStatement(sql: "SELECT hash FROM events ORDER BY seq DESC LIMIT 1")) ?? ""
        // The chain's own algorithm follows from its head; only the first event reads the store's.
        let configured = EventChain.algorithm(of: previous) != nil ? .sha256
            : try String.fetchOne(db.cachedStatement(sql: "SELECT value FROM meta WHERE key = 'chain_algorithm'"))
                .flatMap(HashAlgorithm.init(rawValue:)) ?? .sha256
        let hash = EventChain.link(record, previous: previous, configured: configured)
        try db.cachedStatement(sql: """
            INSERT INTO events (id, application_id, target_id, type, from_status, to_status, source, occurred_at, recorded_at,
                                external_id, native_status, verdict, moved, payload_digest, note, subject, prev_hash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [record.id, record.applicationId, record.targetId, record.type, record.from, record.to, record.source,
                                     record.occurredAt, record.recordedAt, record.externalId, record.nativeStatus, record.verdict,
                                     record.moved, record.payloadDigest, record.note, record.subject, previous, hash])
    }
}
