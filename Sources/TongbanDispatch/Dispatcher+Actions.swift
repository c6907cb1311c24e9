import TongbanCodecs
import Foundation
import Logging
import ServiceLifecycle
import TongbanAdapters
import TongbanCore
import TongbanStore

extension Dispatcher {
    /// Citizen actions (cancel, supplement) of one adapter: few and not urgent to the
    /// millisecond, so one batch of `concurrency` per claim, nothing claimed ahead, each sent
    /// under the lane's breaker and rate limit and recorded before its slot frees.
    func runActionLane(_ lane: Lane) async {
        let adapter = lane.adapter
        let lease = adapter.timeouts.actions + settings.leaseMarginSeconds
        let worker = OutboxWorker<ClaimedAction>(
            label: "actions of \(adapter.id)",
            configuration: .init(concurrency: adapter.limits.concurrency, batchSize: adapter.limits.concurrency, pollSeconds: max(settings.pollSeconds, 0.25)),
            clock: clock, logger: logger, slots: lane.actionSlots,
            claim: { [store, owner] limit, now in
                try await store.claimActions(adapterId: adapter.id, limit: limit, owner: owner, now: now, leaseSeconds: lease)
            },
            release: { [store, owner] items, now in try await store.releaseActions(ids: items.map(\.id), owner: owner, now: now) },
            admit: { [clock] in await Self.admit(lane, clock: clock) },
            process: { action, _ in await self.perform(action, adapter: adapter, lane: lane) },
            shouldRun: { lane.shouldRun })
        await worker.run()
    }

    private func perform(_ claimed: ClaimedAction, adapter: any Adapter, lane: Lane) async {
        func retryOrGiveUp(_ reason: String, retryAfter: Double?) -> ActionResult.Outcome {
            adapter.limits.retry.nextAttempt(after: claimed.attempt, retryAfter: retryAfter, now: clock.now(), unit: jitter())
                .map { .retry(at: $0, reason: reason) } ?? .failed(reason: "gave up after \(claimed.attempt) attempts: \(reason)")
        }
        var outcome: ActionResult.Outcome
        var backendUp = true
        let startedAt = clock.now().timeIntervalSince1970
        do {
            let action = ActionDelivery(
                kind: claimed.kind, actionID: claimed.id, applicationID: claimed.applicationId, targetID: claimed.targetId,
                caseRef: claimed.caseRef, document: try JSONValue.parse(claimed.document), requestedAt: claimed.requestedAt,
                callbackURL: "\(settings.publicBaseURL)/v1/callbacks/\(adapter.id)", now: clock.now(), nonce: RequestSigner.randomNonce())
            let (request, timeout) = try adapter.actionRequest(for: action)
            do {
                let response = try await transport.send(request, timeoutSeconds: timeout)
                switch adapter.interpretAction(claimed.kind, status: response.status, body: response.body) {
                case .delivered, .unconfirmed: outcome = .done
                case .refused(let reason): outcome = .refused(reason: reason)
                case .permanent(let reason): outcome = .failed(reason: reason)
                case .retryable(let reason, _):
                    backendUp = false
                    outcome = retryOrGiveUp(reason, retryAfter: response.retryAfter)
                }
            } catch {
                backendUp = false
                outcome = retryOrGiveUp("transport: \(error)", retryAfter: nil)
            }
        } catch {
            outcome = .failed(reason: "mapping: \(error)")
        }
        let now = clock.now()
        lane.state.withLock { $0.breaker.record(success: backendUp, startedAt: startedAt, now: now.timeIntervalSince1970) }
        do {
            try await store.finishAction(ActionResult(id: claimed.id, owner: owner, outcome: outcome, now: now))
        } catch {
            // The lease runs out and the action is sent again under the same Idempotency-Key.
            logger.error("recording an action failed", metadata: ["action": "\(claimed.id)", "error": "\(error)"])
        }
        logger.info("action", metadata: ["adapter": "\(adapter.id)", "action": "\(claimed.id)", "kind": "\(claimed.kind.rawValue)",
                                         "target": "\(claimed.targetId)", "attempt": "\(claimed.attempt)", "outcome": "\(outcome)"])
    }
}
