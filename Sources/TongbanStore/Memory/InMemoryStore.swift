import Foundation
import Synchronization
import TongbanCore
import TongbanCrypto

/// A store in memory, for tests of one component and as the second store the conformance
/// suite holds SQLite to. Every write is one transaction: it works on a copy of the state
/// and the copy replaces the state only when the whole write succeeded. It decides nothing
/// itself: like any store it loads what a plan needs and writes the plan's changes.
/// Nothing survives the process; the gateway never serves from it.
public final class InMemoryStore: Sendable {
    let state = Mutex(MemoryState())
    let ids: any IdentifierSource
    let clock: any WallClock
    let poisonAfter: Int
    public let faults = StoreFaults()

    public init(chainAlgorithm: HashAlgorithm = .sha256, poisonAfter: Int = PoisonRule.defaultLimit, clock: any WallClock = SystemClock(),
                ids: (any IdentifierSource)? = nil) {
        self.clock = clock
        self.ids = ids ?? RandomIdentifiers(clock: clock)
        self.poisonAfter = max(1, poisonAfter)
        state.withLock { $0.chainAlgorithm = chainAlgorithm }
    }

    /// Runs `body` on a copy of the state; the copy is kept only when `body` returns.
    func transaction<T: Sendable>(_ body: (inout MemoryState) throws -> T) throws -> T {
        try state.withLock { current in
            var copy = current
            let value = try body(&copy)
            current = copy
            return value
        }
    }

    func reading<T: Sendable>(_ body: (MemoryState) throws -> T) rethrows -> T {
        try state.withLock { try body($0) }
    }
}

extension InMemoryStore: ApplicationStore, StoreHealth {
    public func submit(_ job: NewApplication) async throws -> IntakeOutcome {
        try transaction { state in
            let key = MemoryState.caseKey(job.application.source.portal, job.application.portalCaseNo)
            let existing = state.byCase[key].flatMap { state.applications[$0] }.map { (id: $0.state.id, contentDigest: $0.contentDigest) }
            switch IntakePlan.decide(job, existing: existing) {
            case .conflict(let id): return .conflict(existingID: id)
            case .repeatOf(let id):
                guard let stored = state.stored(id) else { return .conflict(existingID: id) }
                return .duplicate(stored.receipt)
            case .create(let receipt, let submitted):
                try state.insert(job)
                state.append(submitted)
                return .created(receipt)
            }
        }
    }

    public func application(id: String, portal: String) async throws -> StoredApplication? {
        reading { state in state.applications[id]?.state.portal == portal ? state.stored(id) : nil }
    }

    public func application(portal: String, caseNo: String) async throws -> StoredApplication? {
        reading { state in state.byCase[MemoryState.caseKey(portal, caseNo)].flatMap(state.stored) }
    }

    public func checkReachable() async throws {}

    public func checkWritable() async throws {}
}

/// Everything the in-memory store holds.
struct MemoryState: Sendable {
    struct Application: Sendable {
        var state: ApplicationState
        var contentDigest: String
        var itemCode: String
        var region: String
        var channel: String
        var dueDate: CivilDate
        var receivedAt: Date
        var document: [UInt8]
        var traceparent: String?
    }

    var chainAlgorithm: HashAlgorithm = .sha256
    var applications: [String: Application] = [:]
    /// Application ids in the order received.
    var received: [String] = []
    var byCase: [String: String] = [:]
    /// Target id → application id.
    var targetOwner: [String: String] = [:]
    var outbox: [OutboxQueue: [String: MemoryOutboxItem]] = [:]
    /// Insertion order of outbox items, to break ties between equal due times.
    var outboxSequence = 0
    var events: [MemoryEvent] = []
    var externalEvents: Set<String> = []
    var anomalies: [(seq: Int, anomaly: CallbackAnomaly)] = []
    var anomalySequence = 0
    var nonces: [String: Int64] = [:]
    var specs: [String: [StoredAdapterSpec]] = [:]

    static func caseKey(_ portal: String, _ caseNo: String) -> String { portal + "\u{1F}" + caseNo }

    /// Stores a new application's rows; ids are unique, as a database's keys would make them.
    mutating func insert(_ job: NewApplication) throws {
        guard applications[job.id] == nil else { throw MemoryConstraintViolation(detail: "application \(job.id) exists") }
        for target in job.targets where targetOwner[target.id] != nil || job.targets.filter({ $0.id == target.id }).count > 1 {
            throw MemoryConstraintViolation(detail: "target \(target.id) exists")
        }
        let targets = job.targets.map { target in
            TargetState(id: target.id, service: target.service, adapterId: target.adapterId, status: .queued, clock: ServiceClock(dueDate: target.dueDate),
                        delivery: target.adapterId == nil ? nil : OutboxStanding(state: .pending, attempts: 0))
        }
        let application = ApplicationState(id: job.id, portal: job.application.source.portal, portalCaseNo: job.application.portalCaseNo,
                                           status: .submitted, statusVersion: 1, targets: targets)
        applications[job.id] = Application(state: application, contentDigest: job.contentDigest, itemCode: job.application.item.code,
                                           region: job.application.region, channel: job.application.source.channel.rawValue, dueDate: job.dueDate,
                                           receivedAt: job.receivedAt, document: job.document, traceparent: job.traceparent)
        received.append(job.id)
        byCase[Self.caseKey(application.portal, application.portalCaseNo)] = job.id
        for target in job.targets {
            targetOwner[target.id] = job.id
            if let adapter = target.adapterId {
                add(.deliveries, id: target.id, MemoryOutboxItem(payload: .delivery(applicationId: job.id, adapterId: adapter), dueAt: job.receivedAt))
            }
        }
    }

    mutating func add(_ queue: OutboxQueue, id: String, _ item: MemoryOutboxItem) {
        var item = item
        outboxSequence += 1
        item.sequence = outboxSequence
        outbox[queue, default: [:]][id] = item
    }

    /// The application as a plan sees it, with its deliveries' standing now.
    func loadState(_ id: String) -> ApplicationState? {
        guard var state = applications[id]?.state else { return nil }
        for index in state.targets.indices {
            if let item = outbox[.deliveries]?[state.targets[index].id] {
                state.targets[index].delivery = OutboxStanding(state: item.state, attempts: item.attempts)
            }
        }
        return state
    }

    func stored(_ id: String) -> StoredApplication? {
        guard let app = applications[id] else { return nil }
        let targets = app.state.targets.map { t in
            TargetSummary(id: t.id, service: t.service, adapterId: t.adapterId, status: t.status, backendRef: t.backendRef, dueDate: t.clock.dueDate,
                          attempts: t.attempts, pausedWorkingDays: t.clock.pausedWorkingDays, pausedSince: t.clock.pausedSince)
        }
        return StoredApplication(
            receipt: Receipt(id: id, portalCaseNo: app.state.portalCaseNo, status: app.state.status, receivedAt: app.receivedAt, dueDate: app.dueDate,
                             targets: targets),
            portal: app.state.portal, document: app.document, statusVersion: app.state.statusVersion,
            withdrawalRequestedAt: app.state.withdrawalRequestedAt, actions: actions(of: id))
    }

    func actions(of applicationId: String) -> [ActionRecord] {
        (outbox[.actions] ?? [:]).values.compactMap { item -> (Int, ActionRecord)? in
            guard case .action(let action, _, _, let requestedAt) = item.payload, action.applicationId == applicationId else { return nil }
            return (item.sequence, item.actionRecord(action, requestedAt: requestedAt))
        }.sorted { $0.0 < $1.0 }.map(\.1)
    }

    /// Writes a plan's changes.
    mutating func write(_ changes: WorkflowChanges) {
        if let change = changes.application, var app = applications[change.id] {
            app.state.status = change.status
            app.state.statusVersion = change.statusVersion
            app.state.withdrawalRequestedAt = change.withdrawalRequestedAt
            applications[change.id] = app
        }
        for change in changes.targets {
            guard let owner = targetOwner[change.target.id], var app = applications[owner],
                  let index = app.state.targets.firstIndex(where: { $0.id == change.target.id }) else { continue }
            var target = change.target
            target.delivery = nil
            app.state.targets[index] = target
            applications[owner] = app
        }
        for change in changes.outbox { move(change) }
        for action in changes.actions {
            add(.actions, id: action.id, MemoryOutboxItem(
                payload: .action(ActionPlan.Item(id: action.id, kind: action.kind, applicationId: action.applicationId, targetId: action.targetId,
                                                 adapterId: action.adapterId, requestKey: action.requestKey),
                                 document: action.document, digest: action.digest, requestedAt: action.requestedAt),
                dueAt: action.requestedAt))
        }
        for event in changes.events { append(event) }
        for queued in changes.notifications {
            add(.notifications, id: queued.notification.id, MemoryOutboxItem(
                payload: .notification(portal: queued.portal, applicationId: queued.notification.data.applicationId,
                                       statusVersion: queued.notification.data.statusVersion, body: queued.body),
                dueAt: queued.dueAt))
        }
    }

    @discardableResult
    mutating func move(_ change: OutboxChange) -> Bool {
        guard var item = outbox[change.queue]?[change.id], item.state == change.from else { return false }
        item.apply(change.transition)
        outbox[change.queue]?[change.id] = item
        return true
    }

    /// Appends an event to the chain.
    mutating func append(_ record: EventRecord) {
        let previous = events.last?.hash ?? ""
        events.append(MemoryEvent(seq: events.count + 1, record: record, previous: previous,
                                  hash: EventChain.link(record, previous: previous, configured: chainAlgorithm)))
        if let external = record.externalId { externalEvents.insert(record.source + "\u{1F}" + external) }
    }
}

struct MemoryEvent: Sendable {
    var seq: Int
    var record: EventRecord
    var previous: String
    var hash: String
}

/// A write that would break a uniqueness a database would enforce.
struct MemoryConstraintViolation: Error, CustomStringConvertible {
    var detail: String
    var description: String { "constraint violated: \(detail)" }
}
