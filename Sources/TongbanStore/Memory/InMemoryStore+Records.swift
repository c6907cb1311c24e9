import Foundation
import TongbanCore

extension InMemoryStore: StatusStore {
    public func applyBackendEvent(_ event: BackendEvent, calendar: WorkingCalendar) async throws -> BackendEventOutcome {
        try transaction { state in
            let lookup: CallbackPlan.Lookup
            let source = "adapter:\(event.adapterId)"
            if state.externalEvents.contains(source + "\u{1F}" + event.eventId) {
                lookup = .seen
            } else if let match = state.applications.values.lazy.compactMap({ app in
                app.state.targets.first { $0.adapterId == event.adapterId && $0.backendRef == event.caseRef }.map { (app.state.id, $0.id) }
            }).first, let application = state.loadState(match.0) {
                lookup = .matched(application, targetId: match.1)
            } else {
                let inFlight = (state.outbox[.deliveries] ?? [:]).values.contains { item in
                    if case .delivery(_, let adapter) = item.payload { adapter == event.adapterId && item.state == .leased } else { false }
                }
                lookup = .unmatched(deliveriesInFlight: inFlight)
            }
            let plan = CallbackPlan.plan(event, lookup, calendar: calendar, ids: ids)
            state.write(plan.changes)
            return plan.outcome
        }
    }

    public func recordAnomaly(_ anomaly: CallbackAnomaly, keeping: Int) async throws {
        try transaction { state in
            state.anomalySequence += 1
            state.anomalies.append((state.anomalySequence, anomaly))
            let mine = state.anomalies.filter { $0.anomaly.adapterId == anomaly.adapterId }
            if mine.count > keeping {
                let drop = Set(mine.prefix(mine.count - keeping).map(\.seq))
                state.anomalies.removeAll { drop.contains($0.seq) }
            }
        }
    }

    public func anomalies(limit: Int) async throws -> [CallbackAnomaly] {
        reading { Array($0.anomalies.reversed().prefix(limit).map(\.anomaly)) }
    }

    public func timeline(applicationId: String, portal: String) async throws -> [TimelineEvent]? {
        reading { state in
            guard state.applications[applicationId]?.state.portal == portal else { return nil }
            return state.events.filter { $0.record.applicationId == applicationId }.map { event in
                let r = event.record
                return TimelineEvent(seq: event.seq, id: r.id, type: r.type, targetId: r.targetId, source: r.source, fromStatus: r.from, toStatus: r.to,
                                     externalId: r.externalId, nativeStatus: r.nativeStatus, verdict: r.verdict, moved: r.moved, note: r.note,
                                     occurredAt: r.occurredAt, recordedAt: r.recordedAt)
            }
        }
    }
}

extension InMemoryStore: StatisticsStore {
    public func statisticsRows(from: Date, to: Date) async throws -> (applications: [Statistics.Application], targets: [Statistics.Target]) {
        reading { state in
            let inRange = state.received.compactMap { state.applications[$0] }.filter { $0.receivedAt >= from && $0.receivedAt < to }
            let applications = inRange.map { Statistics.Application(region: $0.region, channel: $0.channel, status: $0.state.status) }
            let working = Set(Statistics.acceptance.map(\.rawValue))
            let targets = inRange.flatMap { app in
                app.state.targets.map { target in
                    let moves = state.events.filter { $0.record.applicationId == app.state.id && $0.record.targetId == target.id && $0.record.moved }
                    func first(_ statuses: Set<String>) -> Date? {
                        moves.filter { $0.record.to.map(statuses.contains) ?? false }.compactMap { RFC3339.parse($0.record.occurredAt) }.min()
                    }
                    return Statistics.Target(service: target.service.rawValue, status: target.status, receivedAt: app.receivedAt, clock: target.clock,
                                             finishedAt: target.status.isTerminal ? target.lastMovedAt : nil,
                                             acceptedAt: first(working), completedAt: first([TargetStatus.completed.rawValue]))
                }
            }
            return (applications, targets)
        }
    }

    public func applicationCountsByStatus() async throws -> [String: Int] {
        reading { state in
            state.applications.values.reduce(into: [:]) { counts, app in counts[app.state.status.rawValue, default: 0] += 1 }
        }
    }

    public func openTargetClocks(dueBefore today: CivilDate) async throws -> [(service: String, clock: ServiceClock)] {
        reading { state in
            state.received.compactMap { state.applications[$0] }.flatMap(\.state.targets)
                .filter { !$0.status.isTerminal && $0.clock.dueDate < today }.map { ($0.service.rawValue, $0.clock) }
        }
    }

    public func recentApplications(limit: Int) async throws -> [ApplicationSummary] {
        reading { state in
            state.received.reversed().prefix(limit).compactMap { state.applications[$0] }.map { app in
                ApplicationSummary(id: app.state.id, portal: app.state.portal, portalCaseNo: app.state.portalCaseNo, itemCode: app.itemCode,
                                   region: app.region, status: app.state.status.rawValue, dueDate: app.dueDate.description,
                                   receivedAt: RFC3339.format(app.receivedAt))
            }
        }
    }

    public func portal(ofApplication id: String) async throws -> String? {
        reading { $0.applications[id]?.state.portal }
    }
}

extension InMemoryStore: NonceStore {
    public func rememberNonce(scope: String, nonce: String, expiresAt: Int64, now: Int64) async throws -> Bool {
        try transaction { state in
            state.nonces = state.nonces.filter { $0.value >= now }
            let key = scope + "\u{1F}" + nonce
            guard state.nonces[key] == nil else { return false }
            state.nonces[key] = expiresAt
            return true
        }
    }
}

extension InMemoryStore: AdminStore {
    public func saveAdapterSpec(adapterId: String, owner: String, text: String?, change: AdminChange,
                                keepingVersions: Int) async throws -> StoredAdapterSpec {
        try transaction { state in
            let versions = state.specs[adapterId] ?? []
            let plan = AdminPlan.saveSpec(adapterId: adapterId, owner: owner, text: text, change: change, latest: versions.map(\.version).max() ?? 0,
                                          keepingVersions: keepingVersions, ids: ids)
            state.append(plan.event)
            state.specs[adapterId] = (versions + [plan.spec]).filter { $0.version > plan.dropThrough }
            return plan.spec
        }
    }

    public func adapterSpecHistory(adapterId: String) async throws -> [StoredAdapterSpec] {
        reading { ($0.specs[adapterId] ?? []).sorted { $0.version > $1.version } }
    }

    public func currentAdapterSpecs() async throws -> [StoredAdapterSpec] {
        reading { state in
            state.specs.keys.sorted().compactMap { state.specs[$0]?.max { $0.version < $1.version } }.filter { !$0.isDeletion }
        }
    }

    public func recordAdminChange(_ change: AdminChange) async throws {
        try transaction { state in state.append(AdminPlan.event(change, payloadDigest: nil, ids: ids)) }
    }

    public func adminChanges(limit: Int) async throws -> [AdminChange] {
        reading { state in
            state.events.reversed().filter { $0.record.applicationId == nil }.prefix(limit).map { event in
                AdminPlan.change(type: event.record.type, subject: event.record.subject, source: event.record.source, note: event.record.note,
                                 occurredAt: event.record.occurredAt)
            }
        }
    }
}

extension InMemoryStore: AuditStore {
    public func verifyChain() async throws -> ChainVerification {
        reading { state in
            var verifier = EventChain.Verifier()
            for event in state.events {
                guard verifier.check(seq: event.seq, record: event.record, hash: event.hash, link: event.previous) else { break }
            }
            return verifier.result
        }
    }
}
