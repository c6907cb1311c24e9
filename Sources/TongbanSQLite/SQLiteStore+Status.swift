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

    /// One back-end event inside a shared transaction (see `backendEvents`): finds what
    /// `CallbackPlan` needs and writes what it decides.
    static func apply(_ job: BackendEventJob, _ db: Database, ids: any IdentifierSource) throws -> BackendEventOutcome {
        let plan = CallbackPlan.plan(job.event, try lookup(job.event, db), calendar: job.calendar, ids: ids)
        try write(plan.changes, db)
        return plan.outcome
    }

    private static func lookup(_ event: BackendEvent, _ db: Database) throws -> CallbackPlan.Lookup {
        if try Row.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM events WHERE source = ? AND external_id = ?"),
                            arguments: ["adapter:\(event.adapterId)", event.eventId]) != nil {
            return .seen
        }
        guard let target = try Row.fetchOne(db.cachedStatement(sql: "SELECT id, application_id FROM targets WHERE adapter_id = ? AND backend_ref = ?"),
                                            arguments: [event.adapterId, event.caseRef]) else {
            let inFlight = try Row.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM deliveries WHERE adapter_id = ? AND state = 'leased' LIMIT 1"),
                                            arguments: [event.adapterId]) != nil
            return .unmatched(deliveriesInFlight: inFlight)
        }
        return .matched(try requireState(db, applicationId: target["application_id"]), targetId: target["id"])
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
