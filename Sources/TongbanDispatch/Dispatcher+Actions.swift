import Foundation
import Logging
import ServiceLifecycle
import TongbanAdapters
import TongbanCore
import TongbanStore

extension Dispatcher {
    /// Citizen actions (cancel, supplement) of one adapter: few and not urgent to the
    /// millisecond, so a plain loop claims what is due, sends it under the lane's breaker,
    /// rate limit and concurrency, and records each answer before claiming again.
    func runActionLane(_ lane: Lane) async {
        let adapter = lane.adapter
        let concurrency = adapter.limits.concurrency
        let timeout = (adapter as? DeclarativeAdapter).flatMap { [$0.spec.cancel, $0.spec.supplement].compactMap { $0?.timeoutSeconds }.max() } ?? 10
        let lease = timeout + settings.leaseMarginSeconds
        while lane.shouldRun {
            let claimed: [ClaimedAction]
            do {
                claimed = try await store.claimActions(adapterId: adapter.id, limit: concurrency, owner: owner, now: Date(), leaseSeconds: lease)
            } catch {
                logger.error("claiming actions failed", metadata: ["adapter": "\(adapter.id)", "error": "\(error)"])
                // A failing store (a full disk) is not asked again ten times a second.
                try? await Task.sleep(for: .seconds(1))
                claimed = []
            }
            if claimed.isEmpty {
                await sleep(seconds: max(settings.pollSeconds, 0.25))
                continue
            }
            let now = Date().timeIntervalSince1970
            if case .reject = lane.state.withLock({ $0.breaker.request(now: now) }) {
                // The back end is failing: hand the actions back and wait like the submissions do.
                try? await store.releaseActions(ids: claimed.map(\.id), owner: owner, now: Date())
                await sleep(seconds: 1)
                continue
            }
            await withDiscardingTaskGroup { group in
                for action in claimed {
                    group.addTask { await self.perform(action, adapter: adapter, lane: lane) }
                }
            }
        }
    }

    private func perform(_ claimed: ClaimedAction, adapter: any Adapter, lane: Lane) async {
        let wait = lane.state.withLock { $0.limiter.take(now: Date().timeIntervalSince1970) }
        if wait > 0 { await sleep(seconds: wait) }
        func retryOrGiveUp(_ reason: String, retryAfter: Double?) -> ActionResult.Outcome {
            Self.nextAttempt(after: claimed.attempt, adapter: adapter, retryAfter: retryAfter)
                .map { .retry(at: $0, reason: reason) } ?? .failed(reason: "gave up after \(claimed.attempt) attempts: \(reason)")
        }
        var outcome: ActionResult.Outcome
        var backendUp = true
        let startedAt = Date().timeIntervalSince1970
        do {
            let action = ActionDelivery(
                kind: claimed.kind, actionID: claimed.id, applicationID: claimed.applicationId, targetID: claimed.targetId,
                caseRef: claimed.caseRef, document: try JSONValue.parse(claimed.document), requestedAt: claimed.requestedAt,
                callbackURL: "\(settings.publicBaseURL)/v1/callbacks/\(adapter.id)", now: Date(), nonce: RequestSigner.randomNonce())
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
        let now = Date()
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
