import Foundation
import GRDB
import TongbanCore
import TongbanStore

extension SQLiteStore {
    /// Stores one application inside the batch's transaction, as `IntakePlan` decides. Each
    /// job runs in its own savepoint so one failing job does not undo the others of its batch.
    static func insert(_ job: NewApplication, _ db: Database) -> Result<IntakeOutcome, any Error> {
        Result {
            let portal = job.application.source.portal
            // Cached statements: intake runs these for every application, parse them once.
            let existing = try Row.fetchOne(db.cachedStatement(sql: "SELECT id, content_digest FROM applications WHERE portal_id = ? AND portal_case_no = ?"),
                                            arguments: [portal, job.application.portalCaseNo])
            switch IntakePlan.decide(job, existing: existing.map { (id: $0["id"], contentDigest: $0["content_digest"]) }) {
            case .conflict(let id):
                return .conflict(existingID: id)
            case .repeatOf(let id):
                guard let stored = try load(db, where: "id = ?", [id]) else { return .conflict(existingID: id) }
                return .duplicate(stored.receipt)
            case .create(let receipt, let submitted):
                try db.inSavepoint {
                    try insertRows(job, submitted, db)
                    return .commit
                }
                return .created(receipt)
            }
        }
    }

    private static func insertRows(_ job: NewApplication, _ submitted: EventRecord, _ db: Database) throws {
        let received = RFC3339.format(job.receivedAt)
        try db.cachedStatement(sql: """
            INSERT INTO applications (id, portal_id, portal_case_no, content_digest, item_code, region, status,
                status_version, due_date, submitted_at, received_at, document, traceparent)
            VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?)
            """).execute(arguments: [job.id, job.application.source.portal, job.application.portalCaseNo, job.contentDigest, job.application.item.code,
                             job.application.region, OverallStatus.submitted.rawValue, job.dueDate.description,
                             RFC3339.format(job.application.submittedAt), received, String(decoding: job.document, as: UTF8.self),
                             job.traceparent])
        for (position, target) in job.targets.enumerated() {
            try db.cachedStatement(sql: """
                INSERT INTO targets (id, application_id, position, service, adapter_id, status, due_date, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [target.id, job.id, position, target.service.rawValue, target.adapterId, TargetStatus.queued.rawValue,
                                 target.dueDate.description, received])
            // The outbox row joins the same transaction: a stored target is always deliverable.
            if let adapter = target.adapterId {
                try db.cachedStatement(sql: """
                    INSERT INTO deliveries (target_id, application_id, adapter_id, state, due_at, updated_at)
                    VALUES (?, ?, ?, 'pending', ?, ?)
                    """).execute(arguments: [target.id, job.id, adapter, job.receivedAt.timeIntervalSince1970, job.receivedAt.timeIntervalSince1970])
            }
        }
        try insertEvent(submitted, db)
    }

    /// Loads one application and its targets.
    static func load(_ db: Database, where condition: String, _ arguments: StatementArguments) throws -> StoredApplication? {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT id, portal_id, portal_case_no, status, status_version, due_date, received_at, document, withdrawal_requested_at
            FROM applications WHERE \(condition)
            """, arguments: arguments) else { return nil }
        let id: String = row["id"]
        let targets = try Row.fetchAll(db, sql: """
            SELECT id, service, adapter_id, status, backend_ref, due_date, attempts, paused_days, paused_since FROM targets
            WHERE application_id = ? ORDER BY position
            """, arguments: [id]).map { t in
            TargetSummary(
                id: t["id"], service: try decodeWord(Service.self, t["service"]), adapterId: t["adapter_id"],
                status: try decodeWord(TargetStatus.self, t["status"]), backendRef: t["backend_ref"],
                dueDate: try civilDate(t["due_date"]), attempts: t["attempts"], pausedWorkingDays: t["paused_days"],
                pausedSince: try (t["paused_since"] as String?).map(civilDate))
        }
        let document: String = row["document"]
        return StoredApplication(
            receipt: Receipt(
                id: id, portalCaseNo: row["portal_case_no"], status: try decodeWord(OverallStatus.self, row["status"]),
                receivedAt: RFC3339.parse(row["received_at"]) ?? Date(timeIntervalSince1970: 0),
                dueDate: try civilDate(row["due_date"]), targets: targets),
            portal: row["portal_id"], document: Array(document.utf8), statusVersion: row["status_version"],
            withdrawalRequestedAt: (row["withdrawal_requested_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
            actions: try actions(db, applicationId: id))
    }

    private static func decodeWord<T: RawRepresentable>(_ type: T.Type, _ text: String) throws -> T where T.RawValue == String {
        guard let value = T(rawValue: text) else { throw StoreCorruption(detail: "unknown \(T.self) '\(text)'") }
        return value
    }

    /// A stored word as its enum (the type inferred from the context).
    static func enumValue<T: RawRepresentable>(_ text: String) throws -> T where T.RawValue == String {
        try decodeWord(T.self, text)
    }

    static func civilDate(_ text: String) throws -> CivilDate {
        guard let date = CivilDate(iso: text) else { throw StoreCorruption(detail: "bad date '\(text)'") }
        return date
    }
}

/// A row the store cannot read back: edited by hand or written by a newer version.
public struct StoreCorruption: Error, CustomStringConvertible {
    public var detail: String
    public var description: String { "store row cannot be read: \(detail)" }
}
