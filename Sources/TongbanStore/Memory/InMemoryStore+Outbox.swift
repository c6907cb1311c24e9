import Foundation
import TongbanCore

/// One item of any of the three outboxes, with the mechanism they share (the same as the
/// SQL stores': lease, finish under the lease, move, release).
struct MemoryOutboxItem: Sendable {
    enum Payload: Sendable {
        case delivery(applicationId: String, adapterId: String)
        case action(ActionPlan.Item, document: String, digest: String, requestedAt: Date)
        case notification(portal: String, applicationId: String, statusVersion: Int, body: String)
    }

    var payload: Payload
    var state: OutboxState = .pending
    var attempts = 0
    var abandoned = 0
    var dueAt: Date
    var leaseOwner: String?
    var leaseUntil: Date?
    var lastError: String?
    var updatedAt: Date
    var sequence = 0

    init(payload: Payload, dueAt: Date) {
        self.payload = payload
        self.dueAt = dueAt
        self.updatedAt = dueAt
    }

    var standing: OutboxStanding { OutboxStanding(state: state, attempts: attempts) }

    /// Due at `now`: pending and due, or a lease that ran out.
    func isDue(_ now: Date) -> Bool {
        (state == .pending && dueAt <= now) || (state == .leased && (leaseUntil ?? .distantPast) < now)
    }

    mutating func apply(_ transition: OutboxTransition) {
        state = transition.state
        leaseOwner = nil
        leaseUntil = nil
        if let due = transition.dueAt { dueAt = due }
        lastError = transition.error
        if transition.resetsAttempts { attempts = 0; abandoned = 0 }
        updatedAt = transition.at
    }

    /// Finishes the item if `owner` holds it.
    mutating func finish(owner: String, _ transition: OutboxTransition) -> Bool {
        guard state == .leased, leaseOwner == owner else { return false }
        apply(transition)
        return true
    }

    mutating func lease(owner: String, until: Date, attempt: Int, abandoned: Int, at now: Date) {
        state = .leased
        leaseOwner = owner
        leaseUntil = until
        attempts = attempt
        self.abandoned = abandoned
        updatedAt = now
    }

    mutating func release(owner: String, now: Date) {
        guard state == .leased, leaseOwner == owner else { return }
        state = .pending
        leaseOwner = nil
        leaseUntil = nil
        attempts -= 1
        updatedAt = now
    }

    func actionRecord(_ item: ActionPlan.Item, requestedAt: Date) -> ActionRecord {
        ActionRecord(id: item.id, kind: item.kind, applicationId: item.applicationId, targetId: item.targetId, adapterId: item.adapterId,
                     state: state.rawValue, attempts: attempts, lastError: lastError, requestedAt: requestedAt, updatedAt: updatedAt)
    }
}

extension MemoryState {
    /// Due items of one queue matching `filter`, in due order.
    func due(_ queue: OutboxQueue, now: Date, limit: Int, _ filter: (String, MemoryOutboxItem) -> Bool) -> [(String, MemoryOutboxItem)] {
        Array((outbox[queue] ?? [:]).filter { $0.value.isDue(now) && filter($0.key, $0.value) }
            .sorted { ($0.value.dueAt, $0.value.sequence) < ($1.value.dueAt, $1.value.sequence) }
            .prefix(limit)).map { ($0.key, $0.value) }
    }

    /// Claims one due item for `owner`, or sets it aside as poison (then `fail` records the
    /// failure under the taken-over lease). Returns the attempt when claimed.
    mutating func claim(_ queue: OutboxQueue, id: String, owner: String, now: Date, leaseSeconds: Double, poisonAfter: Int, what: String,
                        fail: (inout MemoryState, String) -> Void) -> Int? {
        guard var item = outbox[queue]?[id] else { return nil }
        switch OutboxClaim.decide(item.standing, abandoned: item.abandoned, poisonAfter: poisonAfter, what: what) {
        case .setAside(let reason):
            item.leaseOwner = owner
            item.state = .leased
            item.abandoned += 1
            outbox[queue]?[id] = item
            fail(&self, reason)
            return nil
        case .claim(let attempt, let abandoned):
            item.lease(owner: owner, until: now.addingTimeInterval(leaseSeconds), attempt: attempt, abandoned: abandoned, at: now)
            outbox[queue]?[id] = item
            return attempt
        }
    }

    /// Finishes an item under `owner`'s lease; the item as it was, or nil when not held.
    mutating func finish(_ queue: OutboxQueue, id: String, owner: String, _ transition: OutboxTransition) -> MemoryOutboxItem? {
        guard var item = outbox[queue]?[id] else { return nil }
        let before = item
        guard item.finish(owner: owner, transition) else { return nil }
        outbox[queue]?[id] = item
        return before
    }

    mutating func release(_ queue: OutboxQueue, ids: [String], owner: String, now: Date) {
        for id in ids { outbox[queue]?[id]?.release(owner: owner, now: now) }
    }

    /// Dead items of one queue, newest first.
    func dead(_ queue: OutboxQueue, limit: Int) -> [(String, MemoryOutboxItem)] {
        Array((outbox[queue] ?? [:]).filter { $0.value.state == .dead }
            .sorted { ($0.value.updatedAt, $0.value.sequence) > ($1.value.updatedAt, $1.value.sequence) }.prefix(limit)).map { ($0.key, $0.value) }
    }
}

extension InMemoryStore: DispatchStore {
    public func claimDeliveries(adapterId: String, limit: Int, owner: String, now: Date, leaseSeconds: Double) async throws -> [ClaimedDelivery] {
        let (claimed, setAside) = try transaction { state -> ([ClaimedDelivery], Int) in
            var claimed: [ClaimedDelivery] = [], setAside = 0
            let due = state.due(.deliveries, now: now, limit: limit) { _, item in
                if case .delivery(_, let adapter) = item.payload { adapter == adapterId } else { false }
            }
            for (targetId, item) in due {
                guard case .delivery(let applicationId, _) = item.payload, let app = state.applications[applicationId] else { continue }
                let attempt = state.claim(.deliveries, id: targetId, owner: owner, now: now, leaseSeconds: leaseSeconds, poisonAfter: poisonAfter,
                                          what: OutboxQueue.deliveries.itemName) { state, reason in
                    state.finishDelivery(DeliveryResult(targetId: targetId, owner: owner, outcome: .failed(reason: reason), now: now), ids: ids)
                    setAside += 1
                }
                guard let attempt else { continue }
                claimed.append(ClaimedDelivery(targetId: targetId, applicationId: applicationId, adapterId: adapterId, attempt: attempt,
                                               document: app.document, dueDate: app.state.target(targetId)?.clock.dueDate ?? app.dueDate,
                                               receivedAt: app.receivedAt, traceparent: app.traceparent))
            }
            return (claimed, setAside)
        }
        for _ in 0..<setAside { faults.setAside(queue: "deliveries") }
        return claimed
    }

    @discardableResult
    public func finishDelivery(_ result: DeliveryResult) async throws -> Bool {
        try transaction { state in state.finishDelivery(result, ids: ids) }
    }

    public func releaseDeliveries(targetIds: [String], owner: String, now: Date) async throws {
        try transaction { state in state.release(.deliveries, ids: targetIds, owner: owner, now: now) }
    }

    public func deadLetters(limit: Int) async throws -> [DeadLetter] {
        reading { state in
            state.dead(.deliveries, limit: limit).compactMap { targetId, item in
                guard case .delivery(let applicationId, let adapterId) = item.payload else { return nil }
                return DeadLetter(targetId: targetId, applicationId: applicationId, adapterId: adapterId, attempts: item.attempts,
                                  lastError: item.lastError ?? "", failedAt: item.updatedAt)
            }
        }
    }

    public func replay(targetId: String, now: Date) async throws -> Bool {
        try transaction { state in
            guard let item = state.outbox[.deliveries]?[targetId], item.state == .dead, case .delivery(let applicationId, _) = item.payload,
                  let application = state.loadState(applicationId) else { return false }
            state.write(try DeliveryPlan.replay(targetId: targetId, in: application, now: now, ids: ids).get())
            return true
        }
    }

    public func deliveryCounts() async throws -> [DeliveryCount] {
        reading { state in
            var counts: [String: [String: Int]] = [:]
            for item in (state.outbox[.deliveries] ?? [:]).values {
                guard case .delivery(_, let adapter) = item.payload else { continue }
                counts[adapter, default: [:]][item.state.rawValue, default: 0] += 1
            }
            return counts.keys.sorted().flatMap { adapter in
                counts[adapter]!.keys.sorted().map { DeliveryCount(adapterId: adapter, state: $0, count: counts[adapter]![$0]!) }
            }
        }
    }
}

extension MemoryState {
    @discardableResult
    mutating func finishDelivery(_ result: DeliveryResult, ids: any IdentifierSource) -> Bool {
        guard let before = finish(.deliveries, id: result.targetId, owner: result.owner, result.outcome.transition(at: result.now)),
              case .delivery(let applicationId, let adapterId) = before.payload, let application = loadState(applicationId) else { return false }
        write(DeliveryPlan.effects(of: result, adapterId: adapterId, attempts: before.attempts, in: application, ids: ids))
        return true
    }

    @discardableResult
    mutating func finishAction(_ result: ActionResult, ids: any IdentifierSource) -> Bool {
        guard let before = finish(.actions, id: result.id, owner: result.owner, result.outcome.transition(at: result.now)),
              case .action(let item, _, _, _) = before.payload, let application = loadState(item.applicationId) else { return false }
        write(ActionPlan.effects(of: result, item, in: application, ids: ids))
        return true
    }
}

extension InMemoryStore: ActionStore {
    public func requestWithdrawal(_ request: WithdrawalRequest) async throws -> WithdrawalOutcome {
        try transaction { state in
            let application = state.applications[request.applicationId]?.state.portal == request.portal ? state.loadState(request.applicationId) : nil
            let plan = WithdrawalPlan.plan(request, application, ids: ids)
            state.write(plan.changes)
            return plan.outcome
        }
    }

    public func requestSupplement(_ request: SupplementRequest) async throws -> SupplementOutcome {
        try transaction { state in
            let application = state.applications[request.applicationId]?.state.portal == request.portal ? state.loadState(request.applicationId) : nil
            let earlier = (state.outbox[.actions] ?? [:]).values.sorted { $0.sequence < $1.sequence }.compactMap { item -> SupplementPlan.Earlier? in
                guard case .action(let action, _, let digest, _) = item.payload, action.applicationId == request.applicationId,
                      action.kind == .supplement, action.requestKey == request.supplementId else { return nil }
                return SupplementPlan.Earlier(id: action.id, digest: digest)
            }
            let plan = SupplementPlan.plan(request, application, earlier: earlier, ids: ids)
            state.write(plan.changes)
            return plan.outcome
        }
    }

    public func claimActions(adapterId: String, limit: Int, owner: String, now: Date, leaseSeconds: Double) async throws -> [ClaimedAction] {
        let (claimed, setAside) = try transaction { state -> ([ClaimedAction], Int) in
            var claimed: [ClaimedAction] = [], setAside = 0
            // Only actions whose submission was answered (the target left `queued`).
            let due = state.due(.actions, now: now, limit: limit) { _, item in
                guard case .action(let action, _, _, _) = item.payload, action.adapterId == adapterId else { return false }
                return state.applications[action.applicationId]?.state.target(action.targetId).map { $0.status != ActionPlan.waitsWhileTarget } ?? false
            }
            for (id, item) in due {
                guard case .action(let action, let document, _, let requestedAt) = item.payload,
                      let target = state.applications[action.applicationId]?.state.target(action.targetId) else { continue }
                if let skipped = ActionPlan.skip(action, targetStatus: target.status, from: item.state, now: now, ids: ids) {
                    state.write(skipped)
                    continue
                }
                let attempt = state.claim(.actions, id: id, owner: owner, now: now, leaseSeconds: leaseSeconds, poisonAfter: poisonAfter,
                                          what: action.kind.rawValue) { state, reason in
                    state.finishAction(ActionResult(id: id, owner: owner, outcome: .failed(reason: reason), now: now), ids: ids)
                    setAside += 1
                }
                guard let attempt else { continue }
                claimed.append(ClaimedAction(id: id, kind: action.kind, applicationId: action.applicationId, targetId: action.targetId,
                                             adapterId: adapterId, caseRef: target.backendRef, attempt: attempt, document: Array(document.utf8),
                                             requestedAt: requestedAt))
            }
            return (claimed, setAside)
        }
        for _ in 0..<setAside { faults.setAside(queue: "actions") }
        return claimed
    }

    @discardableResult
    public func finishAction(_ result: ActionResult) async throws -> Bool {
        try transaction { state in state.finishAction(result, ids: ids) }
    }

    public func releaseActions(ids: [String], owner: String, now: Date) async throws {
        try transaction { state in state.release(.actions, ids: ids, owner: owner, now: now) }
    }

    public func actions(applicationId: String) async throws -> [ActionRecord] {
        reading { $0.actions(of: applicationId) }
    }

    public func actionDeadLetters(limit: Int) async throws -> [ActionRecord] {
        reading { state in
            state.dead(.actions, limit: limit).compactMap { _, item in
                guard case .action(let action, _, _, let requestedAt) = item.payload else { return nil }
                return item.actionRecord(action, requestedAt: requestedAt)
            }
        }
    }

    public func replayAction(id: String, now: Date) async throws -> Bool {
        try transaction { state in
            guard let item = state.outbox[.actions]?[id], item.state == .dead, case .action(let action, _, _, _) = item.payload else { return false }
            state.write(ActionPlan.replay(action, now: now, ids: ids))
            return true
        }
    }
}

extension InMemoryStore: NotificationStore {
    public func claimNotifications(limit: Int, owner: String, now: Date, leaseSeconds: Double) async throws -> [ClaimedNotification] {
        let (claimed, setAside) = try transaction { state -> ([ClaimedNotification], Int) in
            var claimed: [ClaimedNotification] = [], setAside = 0
            let items = state.outbox[.notifications] ?? [:]
            // One at a time per application, in status-version order.
            let due = state.due(.notifications, now: now, limit: limit) { _, item in
                guard case .notification(_, let application, let version, _) = item.payload else { return false }
                return !items.values.contains { other in
                    guard case .notification(_, let otherApplication, let otherVersion, _) = other.payload else { return false }
                    return otherApplication == application && otherVersion < version && [.pending, .leased].contains(other.state)
                }
            }
            for (id, item) in due {
                guard case .notification(let portal, let application, let version, let body) = item.payload else { continue }
                let attempt = state.claim(.notifications, id: id, owner: owner, now: now, leaseSeconds: leaseSeconds, poisonAfter: poisonAfter,
                                          what: OutboxQueue.notifications.itemName) { state, reason in
                    _ = state.finish(.notifications, id: id, owner: owner, NotificationOutcome.failed(reason: reason).transition(at: now))
                    setAside += 1
                }
                guard let attempt else { continue }
                claimed.append(ClaimedNotification(id: id, portalId: portal, applicationId: application, statusVersion: version,
                                                   body: Array(body.utf8), attempt: attempt))
            }
            return (claimed, setAside)
        }
        for _ in 0..<setAside { faults.setAside(queue: "notifications") }
        return claimed
    }

    @discardableResult
    public func finishNotification(id: String, owner: String, outcome: NotificationOutcome, now: Date) async throws -> Bool {
        try transaction { state in state.finish(.notifications, id: id, owner: owner, outcome.transition(at: now)) != nil }
    }

    public func releaseNotifications(ids: [String], owner: String, now: Date) async throws {
        try transaction { state in state.release(.notifications, ids: ids, owner: owner, now: now) }
    }

    public func notificationDeadLetters(limit: Int) async throws -> [NotificationDeadLetter] {
        reading { state in
            state.dead(.notifications, limit: limit).compactMap { id, item in
                guard case .notification(let portal, let application, let version, _) = item.payload else { return nil }
                return NotificationDeadLetter(id: id, portalId: portal, applicationId: application, statusVersion: version, attempts: item.attempts,
                                              lastError: item.lastError ?? "", failedAt: item.updatedAt)
            }
        }
    }

    public func replayNotification(id: String, now: Date) async throws -> Bool {
        try transaction { state in state.move(OutboxChange(queue: .notifications, id: id, from: .dead, transition: .replayed(at: now))) }
    }
}
