import Foundation
import GRDB
import TongbanCore
import TongbanStore

extension SQLiteStore: ActionStore {
    public func requestWithdrawal(_ request: WithdrawalRequest) async throws -> WithdrawalOutcome {
        let t = request.now.timeIntervalSince1970
        let source = "portal:\(request.portal)"
        return try await write { db in
            guard let app = try Row.fetchOne(db, sql: """
                SELECT status, withdrawal_requested_at FROM applications WHERE id = ? AND portal_id = ?
                """, arguments: [request.applicationId, request.portal]) else { return .notFound }
            if let at = app["withdrawal_requested_at"] as Double? { return .repeated(requestedAt: Date(timeIntervalSince1970: at)) }
            let targets = try Row.fetchAll(db, sql: """
                SELECT t.id, t.status, t.adapter_id, d.state AS delivery, d.attempts FROM targets t LEFT JOIN deliveries d ON d.target_id = t.id
                WHERE t.application_id = ? ORDER BY t.position
                """, arguments: [request.applicationId])
            var steps: [WithdrawalOutcome.TargetStep] = []
            for row in targets {
                let adapterId: String? = row["adapter_id"]
                let delivery: CitizenAction.DeliveryState = switch row["delivery"] as String? {
                case "leased": .inFlight
                case "done", "dead", "cancelled": .finished
                default: .waiting(attempts: row["attempts"] ?? 0)
                }
                let state = CitizenAction.TargetState(status: try Self.enumValue(row["status"]), delivery: delivery,
                                                      cancellable: adapterId.map(request.cancellable.contains) ?? false)
                steps.append(.init(targetId: row["id"], step: CitizenAction.withdrawal(of: state)))
            }
            if steps.allSatisfy({ if case .none = $0.step { true } else { false } }) {
                return .nothingToWithdraw(try Self.enumValue(app["status"]))
            }
            try db.execute(sql: "UPDATE applications SET withdrawal_requested_at = ? WHERE id = ?", arguments: [t, request.applicationId])
            try Self.appendEvent(db, applicationId: request.applicationId, targetId: nil, type: "withdrawal", from: nil, to: nil,
                                 source: source, at: request.now, moved: false, note: request.reason.isEmpty ? "withdrawn by the applicant" : request.reason)
            let document = String(decoding: try JSONEncoder().encode(["reason": request.reason]), as: UTF8.self)
            for (row, planned) in zip(targets, steps) {
                let targetId = planned.targetId
                switch planned.step {
                case .none:
                    continue
                case .cancelThroughBackEnd:
                    try Self.insertAction(db, kind: .cancel, applicationId: request.applicationId, targetId: targetId, adapterId: row["adapter_id"],
                                          key: "withdrawal", document: document, at: t)
                case .stopDelivery(let note):
                    try db.execute(sql: """
                        UPDATE deliveries SET state = 'cancelled', lease_owner = NULL, lease_until = NULL, updated_at = ?
                        WHERE target_id = ? AND state = 'pending'
                        """, arguments: [t, targetId])
                    try Self.withdrawLocally(db, applicationId: request.applicationId, targetId: targetId, from: row["status"], note: note,
                                             source: source, at: request.now)
                case .withdrawLocally(let note):
                    try Self.withdrawLocally(db, applicationId: request.applicationId, targetId: targetId, from: row["status"], note: note,
                                             source: source, at: request.now)
                }
            }
            _ = try Self.reaggregate(db, applicationId: request.applicationId, at: request.now, source: source)
            return .accepted(steps)
        }
    }

    private static func withdrawLocally(_ db: Database, applicationId: String, targetId: String, from: String, note: String,
                                        source: String, at: Date) throws {
        try db.execute(sql: "UPDATE targets SET status = 'withdrawn', last_moved_at = ?, updated_at = ? WHERE id = ?",
                       arguments: [at.timeIntervalSince1970, RFC3339.format(at), targetId])
        try appendEvent(db, applicationId: applicationId, targetId: targetId, type: "withdrawal", from: from,
                        to: TargetStatus.withdrawn.rawValue, source: source, at: at, verdict: TargetTransition.Verdict.moved.rawValue, note: note)
    }

    /// Queues one action, due now; returns its id.
    @discardableResult
    private static func insertAction(_ db: Database, kind: CitizenAction.Kind, applicationId: String, targetId: String, adapterId: String,
                                     key: String, document: String, digest: String = "", at t: Double) throws -> String {
        let id = RandomIdentifiers().next("act_")
        try db.execute(sql: """
            INSERT INTO actions (id, application_id, target_id, adapter_id, kind, request_key, digest, document, state, due_at, requested_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?)
            """, arguments: [id, applicationId, targetId, adapterId, kind.rawValue, key, digest, document, t, t, t])
        return id
    }

    public func requestSupplement(_ request: SupplementRequest) async throws -> SupplementOutcome {
        let t = request.now.timeIntervalSince1970
        return try await write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM applications WHERE id = ? AND portal_id = ?",
                                    arguments: [request.applicationId, request.portal]) != nil else { return .notFound }
            let earlier = try Row.fetchAll(db, sql: """
                SELECT id, digest FROM actions WHERE application_id = ? AND kind = 'supplement' AND request_key = ? ORDER BY rowid
                """, arguments: [request.applicationId, request.supplementId])
            if !earlier.isEmpty {
                return earlier.allSatisfy({ $0["digest"] == request.digest }) ? .repeated(earlier.map { $0["id"] }) : .conflict
            }
            let targets = try Row.fetchAll(db, sql: "SELECT id, status, adapter_id FROM targets WHERE application_id = ? ORDER BY position",
                                           arguments: [request.applicationId])
            let chosen: [Row]
            if let only = request.targetId {
                chosen = targets.filter { $0["id"] == only }
                if chosen.isEmpty { return .refused(["target \(only) is not part of application \(request.applicationId)"]) }
            } else {
                chosen = targets.filter { $0["status"] == TargetStatus.supplementRequired.rawValue }
                if chosen.isEmpty {
                    let statuses = targets.map { "\($0["id"] as String) is \($0["status"] as String)" }.joined(separator: ", ")
                    return .refused(["no target is waiting for supplements (\(statuses))"])
                }
            }
            let problems = try chosen.compactMap { row -> String? in
                let adapterId: String? = row["adapter_id"]
                return CitizenAction.supplementProblem(status: try Self.enumValue(row["status"]),
                                                       acceptsSupplements: adapterId.map(request.accepting.contains) ?? false)
                    .map { "target \(row["id"] as String) (\(adapterId ?? "no adapter")): \($0)" }
            }
            if !problems.isEmpty { return .refused(problems) }
            var ids: [String] = []
            let document = String(decoding: request.document, as: UTF8.self)
            for row in chosen {
                let id = try Self.insertAction(db, kind: .supplement, applicationId: request.applicationId, targetId: row["id"],
                                               adapterId: row["adapter_id"], key: request.supplementId, document: document, digest: request.digest, at: t)
                try Self.appendEvent(db, applicationId: request.applicationId, targetId: row["id"], type: "supplement", from: nil, to: nil,
                                     source: "portal:\(request.portal)", at: request.now, moved: false,
                                     note: "supplement \(request.supplementId) queued for \(row["adapter_id"] as String)")
                ids.append(id)
            }
            return .queued(ids)
        }
    }

    public func claimActions(adapterId: String, limit: Int, owner: String, now: Date, leaseSeconds: Double) async throws -> [ClaimedAction] {
        let t = now.timeIntervalSince1970, poisonAfter = poisonAfter
        let (claimed, setAside) = try await write { db in
            // Only actions whose submission was answered (the target left `queued`): a back end
            // cannot cancel or complete a case it has not received yet.
            let rows = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT a.id, a.kind, a.application_id, a.target_id, a.attempts, a.state, a.abandoned, a.document, a.requested_at, a.request_key,
                       t.backend_ref, t.status
                FROM actions a JOIN targets t ON t.id = a.target_id
                WHERE a.adapter_id = ? AND ((a.state = 'pending' AND a.due_at <= ?) OR (a.state = 'leased' AND a.lease_until < ?))
                  AND t.status != 'queued'
                ORDER BY a.due_at LIMIT ?
                """), arguments: [adapterId, t, t, limit])
            var claimed: [ClaimedAction] = [], setAside = 0
            for row in rows {
                let id: String = row["id"], kind: CitizenAction.Kind = try Self.enumValue(row["kind"])
                let status: TargetStatus = try Self.enumValue(row["status"])
                if status.isTerminal {
                    let note = "\(kind.rawValue) not sent: the target is already \(status.rawValue)"
                    try db.execute(sql: "UPDATE actions SET state = 'skipped', lease_owner = NULL, lease_until = NULL, last_error = ?, updated_at = ? WHERE id = ?",
                                   arguments: [note, t, id])
                    try Self.appendEvent(db, applicationId: row["application_id"], targetId: row["target_id"], type: kind.rawValue, from: nil, to: nil,
                                         source: "gateway", at: now, moved: false, note: note)
                    continue
                }
                let attempt = (row["attempts"] as Int) + 1
                let abandoned: Int
                switch PoisonRule.verdict(abandoned: row["abandoned"], leaseRanOut: row["state"] == "leased", limit: poisonAfter, what: kind.rawValue) {
                case .setAside(let reason):
                    try db.execute(sql: "UPDATE actions SET lease_owner = ?, abandoned = abandoned + 1 WHERE id = ?", arguments: [owner, id])
                    _ = try Self.apply(ActionResult(id: id, owner: owner, outcome: .failed(reason: reason), now: now), db)
                    setAside += 1
                    continue
                case .claim(let count): abandoned = count
                }
                try db.execute(sql: "UPDATE actions SET state = 'leased', lease_owner = ?, lease_until = ?, attempts = ?, abandoned = ?, updated_at = ? WHERE id = ?",
                               arguments: [owner, t + leaseSeconds, attempt, abandoned, t, id])
                let document: String = row["document"]
                claimed.append(ClaimedAction(id: id, kind: kind, applicationId: row["application_id"], targetId: row["target_id"], adapterId: adapterId,
                                             caseRef: row["backend_ref"], attempt: attempt, document: Array(document.utf8),
                                             requestedAt: Date(timeIntervalSince1970: row["requested_at"])))
            }
            return (claimed, setAside)
        }
        for _ in 0..<setAside { faults.setAside(queue: "actions") }
        return claimed
    }

    @discardableResult
    public func finishAction(_ result: ActionResult) async throws -> Bool {
        try await write { db in try Self.apply(result, db) }
    }

    /// One action's outcome; false when `owner` no longer holds its lease.
    static func apply(_ result: ActionResult, _ db: Database) throws -> Bool {
        let t = result.now.timeIntervalSince1970
        let state: String, dueAt: Double?, error: String?
        switch result.outcome {
        case .done: (state, dueAt, error) = ("done", nil, nil)
        case .retry(let at, let reason): (state, dueAt, error) = ("pending", at.timeIntervalSince1970, reason)
        case .failed(let reason): (state, dueAt, error) = ("dead", nil, reason)
        case .refused(let reason): (state, dueAt, error) = ("done", nil, reason)
        }
        guard let row = try Row.fetchOne(db, sql: """
            UPDATE actions SET state = ?, lease_owner = NULL, lease_until = NULL, due_at = COALESCE(?, due_at), last_error = ?, updated_at = ?
            WHERE id = ? AND state = 'leased' AND lease_owner = ?
            RETURNING application_id, target_id, adapter_id, kind, request_key
            """, arguments: [state, dueAt, error, t, result.id, result.owner]) else { return false }
        let applicationId: String = row["application_id"], targetId: String = row["target_id"]
        let source = "adapter:\(row["adapter_id"] as String)", kind: CitizenAction.Kind = try Self.enumValue(row["kind"])
        switch (result.outcome, kind) {
        case (.retry, _):
            break
        case (.failed, _), (.refused, _):
            try Self.appendEvent(db, applicationId: applicationId, targetId: targetId, type: kind.rawValue, from: nil, to: nil,
                                 source: source, at: result.now, moved: false, note: result.outcome.note(for: kind))
        case (.done, .supplement):
            try Self.appendEvent(db, applicationId: applicationId, targetId: targetId, type: "supplement", from: nil, to: nil,
                                 source: source, at: result.now, moved: false,
                                 note: "the back end received supplement \(row["request_key"] as String)")
        case (.done, .cancel):
            let target = try Row.fetchOne(db, sql: "SELECT status, last_moved_at FROM targets WHERE id = ?", arguments: [targetId])
            let from: TargetStatus = try Self.enumValue(target?["status"] ?? "")
            let verdict = TargetTransition.verdict(from: from, to: .withdrawn, source: .withdrawal, at: result.now,
                                                   lastMoved: (target?["last_moved_at"] as Double?).map(Date.init(timeIntervalSince1970:)))
            if verdict.moves {
                try db.execute(sql: "UPDATE targets SET status = 'withdrawn', last_moved_at = ?, updated_at = ? WHERE id = ?",
                               arguments: [t, RFC3339.format(result.now), targetId])
            }
            try Self.appendEvent(db, applicationId: applicationId, targetId: targetId, type: "cancel", from: from.rawValue,
                                 to: TargetStatus.withdrawn.rawValue, source: source, at: result.now, verdict: verdict.rawValue,
                                 moved: verdict.moves, note: "the back end confirmed the cancellation")
            if verdict.moves { _ = try Self.reaggregate(db, applicationId: applicationId, at: result.now, source: source) }
        }
        return true
    }

    public func releaseActions(ids: [String], owner: String, now: Date) async throws {
        guard !ids.isEmpty else { return }
        try await write { db in
            for id in ids {
                try db.execute(sql: """
                    UPDATE actions SET state = 'pending', lease_owner = NULL, lease_until = NULL, attempts = attempts - 1, updated_at = ?
                    WHERE id = ? AND state = 'leased' AND lease_owner = ?
                    """, arguments: [now.timeIntervalSince1970, id, owner])
            }
        }
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
        let t = now.timeIntervalSince1970
        return try await write { db in
            guard let row = try Row.fetchOne(db, sql: """
                UPDATE actions SET state = 'pending', attempts = 0, abandoned = 0, due_at = ?, last_error = NULL, updated_at = ? WHERE id = ? AND state = 'dead'
                RETURNING application_id, target_id, kind
                """, arguments: [t, t, id]) else { return false }
            try Self.appendEvent(db, applicationId: row["application_id"], targetId: row["target_id"], type: row["kind"], from: nil, to: nil,
                                 source: "gateway", at: now, moved: false, note: "\(row["kind"] as String) \(id) replayed by an operator")
            return true
        }
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
