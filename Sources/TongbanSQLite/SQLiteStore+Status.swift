import Foundation
import GRDB
import TongbanCore
import TongbanStore

extension SQLiteStore: StatusStore {
    public func applyBackendEvent(_ event: BackendEvent, calendar: WorkingCalendar) async throws -> BackendEventOutcome {
        try await backendEvents.submit(BackendEventJob(event: event, calendar: calendar))
    }

    struct BackendEventJob: Sendable {
        var event: BackendEvent
        var calendar: WorkingCalendar
    }

    /// One back-end event inside a shared transaction (see `backendEvents`): dedupe, the
    /// state machine, the SLA clock, the overall status, the timeline.
    static func apply(_ job: BackendEventJob, _ db: Database) throws -> BackendEventOutcome {
        let event = job.event
        let source = "adapter:\(event.adapterId)"
        if try Row.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM events WHERE source = ? AND external_id = ?"),
                            arguments: [source, event.eventId]) != nil {
            return .duplicate
        }
        guard let target = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT id, application_id, status, last_moved_at, due_date, paused_days, paused_since FROM targets
            WHERE adapter_id = ? AND backend_ref = ?
            """), arguments: [event.adapterId, event.caseRef]) else {
            let inFlight = try Row.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM deliveries WHERE adapter_id = ? AND state = 'leased' LIMIT 1"),
                                            arguments: [event.adapterId]) != nil
            return inFlight ? .notYetKnown : .unknownCase
        }
        let targetId: String = target["id"], applicationId: String = target["application_id"]
        guard let from = TargetStatus(rawValue: target["status"]) else { throw StoreCorruption(detail: "target \(targetId) status") }
        let lastMoved = (target["last_moved_at"] as Double?).map(Date.init(timeIntervalSince1970:))
        let verdict = TargetTransition.verdict(from: from, to: event.status, source: .backend, at: event.occurredAt, lastMoved: lastMoved)
        if verdict.moves {
            let clock = ServiceClock(dueDate: try civilDate(target["due_date"]), pausedWorkingDays: target["paused_days"],
                                     pausedSince: try (target["paused_since"] as String?).map(civilDate))
                .after(from: from, to: event.status, on: BeijingTime.civilDate(of: event.occurredAt), calendar: job.calendar)
            try db.cachedStatement(sql: """
                UPDATE targets SET status = ?, last_moved_at = ?, paused_days = ?, paused_since = ?, updated_at = ? WHERE id = ?
                """).execute(arguments: [event.status.rawValue, event.occurredAt.timeIntervalSince1970, clock.pausedWorkingDays,
                                         clock.pausedSince?.description, RFC3339.format(event.receivedAt), targetId])
        }
        try appendEvent(db, applicationId: applicationId, targetId: targetId, type: "callback", from: from.rawValue, to: event.status.rawValue,
                        source: source, at: event.occurredAt, recordedAt: event.receivedAt, externalId: event.eventId,
                        nativeStatus: event.nativeStatus, verdict: verdict.rawValue, moved: verdict.moves, payloadDigest: event.payloadDigest,
                        note: event.timelineNote)
        let (overall, version) = verdict.moves
            ? try reaggregate(db, applicationId: applicationId, at: event.receivedAt, source: source, note: event.note, document: event.document)
            : try currentStatus(db, applicationId: applicationId)
        return .recorded(.init(applicationId: applicationId, targetId: targetId, verdict: verdict,
                               targetStatus: verdict.moves ? event.status : from, overallStatus: overall, statusVersion: version))
    }

    /// Recomputes the overall status from the targets; when it changed, bumps the status
    /// version, records a `status` event and queues the portal's notification. Returns the
    /// status and version now. Two reads serve all of it: this runs with most callbacks.
    static func reaggregate(_ db: Database, applicationId: String, at: Date, source: String, note: String? = nil,
                            document: String? = nil) throws -> (OverallStatus, Int) {
        let targets = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT id, service, status, backend_ref FROM targets WHERE application_id = ? ORDER BY position
            """), arguments: [applicationId]).map { row in
            StatusNotification.Target(id: row["id"], service: row["service"], status: try enumValue(row["status"]), backendRef: row["backend_ref"])
        }
        guard let app = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT status, status_version, portal_id, portal_case_no FROM applications WHERE id = ?
            """), arguments: [applicationId]) else { throw StoreCorruption(detail: "application \(applicationId)") }
        let old: OverallStatus = try enumValue(app["status"]), version: Int = app["status_version"]
        let new = Aggregation.overall(targets.map(\.status))
        guard new != old else { return (old, version) }
        try db.cachedStatement(sql: "UPDATE applications SET status = ?, status_version = ? WHERE id = ?")
            .execute(arguments: [new.rawValue, version + 1, applicationId])
        try appendEvent(db, applicationId: applicationId, targetId: nil, type: "status", from: old.rawValue, to: new.rawValue,
                        source: source, at: at)
        let notification = StatusNotification(id: RandomIdentifiers().next("ntf_"), time: RFC3339.format(at), data: .init(
            applicationId: applicationId, portalCaseNo: app["portal_case_no"], status: new, previousStatus: old, statusVersion: version + 1,
            targets: targets, note: note, document: document))
        try enqueueNotification(db, notification, portal: app["portal_id"], at: at)
        return (new, version + 1)
    }

    static func currentStatus(_ db: Database, applicationId: String) throws -> (OverallStatus, Int) {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT status, status_version FROM applications WHERE id = ?"),
                                         arguments: [applicationId]),
              let status = OverallStatus(rawValue: row["status"]) else { throw StoreCorruption(detail: "application \(applicationId)") }
        return (status, row["status_version"])
    }

    public func recordAnomaly(_ anomaly: CallbackAnomaly, keeping: Int) async throws {
        try await write { db in
            try db.execute(sql: """
                INSERT INTO anomalies (adapter_id, external_id, case_ref, native_status, reason, payload_digest, received_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [anomaly.adapterId, anomaly.eventId, anomaly.caseRef, anomaly.nativeStatus, anomaly.reason,
                                 anomaly.payloadDigest, anomaly.receivedAt.timeIntervalSince1970])
            try db.execute(sql: """
                DELETE FROM anomalies WHERE adapter_id = ? AND seq <= (
                    SELECT seq FROM anomalies WHERE adapter_id = ? ORDER BY seq DESC LIMIT 1 OFFSET ?)
                """, arguments: [anomaly.adapterId, anomaly.adapterId, keeping])
        }
    }

    public func anomalies(limit: Int) async throws -> [CallbackAnomaly] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM anomalies ORDER BY seq DESC LIMIT ?", arguments: [limit]).map { row in
                CallbackAnomaly(adapterId: row["adapter_id"], eventId: row["external_id"], caseRef: row["case_ref"], nativeStatus: row["native_status"],
                                reason: row["reason"], payloadDigest: row["payload_digest"], receivedAt: Date(timeIntervalSince1970: row["received_at"]))
            }
        }
    }

    public func timeline(applicationId: String, portal: String) async throws -> [TimelineEvent]? {
        try await read { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM applications WHERE id = ? AND portal_id = ?", arguments: [applicationId, portal]) != nil else {
                return nil
            }
            return try Row.fetchAll(db, sql: """
                SELECT seq, id, type, target_id, source, from_status, to_status, external_id, native_status, verdict, moved, note,
                       occurred_at, recorded_at
                FROM events WHERE application_id = ? ORDER BY seq
                """, arguments: [applicationId]).map { row in
                TimelineEvent(seq: row["seq"], id: row["id"], type: row["type"], targetId: row["target_id"], source: row["source"],
                              fromStatus: row["from_status"], toStatus: row["to_status"], externalId: row["external_id"],
                              nativeStatus: row["native_status"], verdict: row["verdict"], moved: row["moved"], note: row["note"],
                              occurredAt: row["occurred_at"], recordedAt: row["recorded_at"])
            }
        }
    }
}
