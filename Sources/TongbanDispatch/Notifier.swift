import Foundation
import Logging
import Metrics
import ServiceLifecycle
import Synchronization
import TongbanAdapters
import TongbanCore
import TongbanStore

/// Pushes every change of an application's overall status to its portal's webhook
/// (DESIGN 1.7): claims due notifications under a lease, POSTs the stored CloudEvents JSON
/// signed with the Standard Webhooks scheme, retries with backoff and jitter while the
/// portal is down, and gives up into a dead-letter list after the last attempt. The store
/// hands out one notification per application at a time, in status-version order.
public final class Notifier: ServiceLifecycle.Service {
    public struct Settings: Sendable {
        public var concurrency = 8
        /// Attempts and waits: the same schedule, backoff and jitter as deliveries'.
        public var retry = RetrySchedule(attempts: 12, initialDelay: 1, maxDelay: 300)
        public var timeoutSeconds = 10.0
        /// How long an idle notifier waits before looking again.
        public var pollSeconds = 0.1
        public var leaseMarginSeconds = 30.0

        public init() {}
    }

    /// Where one portal's notifications go.
    public struct Webhook: Sendable {
        public var url: String
        /// The Standard Webhooks key (decoded from `whsec_…`).
        public var key: [UInt8]
        public init(url: String, key: [UInt8]) {
            self.url = url
            self.key = key
        }
    }

    /// By portal id; a reload replaces them.
    private let webhooks: Mutex<[String: Webhook]>
    private let store: any NotificationStore
    private let transport: any DeliveryTransport
    private let settings: Settings
    private let logger: Logger
    /// Counts pushes by outcome (`tongban_notifications_total`).
    private let metrics: any MetricsFactory
    private let owner = "notifier-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))"
    private let clock: any WallClock
    private let jitter: @Sendable () -> Double

    /// `webhooks` by portal id; a portal without one has its notifications marked skipped.
    public init(webhooks: [String: Webhook], store: any NotificationStore, transport: any DeliveryTransport, settings: Settings = Settings(),
                logger: Logger = Logger(label: "tongban.notify"), metrics: any MetricsFactory = NOOPMetricsHandler.instance,
                clock: any WallClock = SystemClock(), jitter: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }) {
        self.metrics = metrics
        self.clock = clock
        self.jitter = jitter
        self.webhooks = Mutex(webhooks)
        self.store = store
        self.transport = transport
        self.settings = settings
        self.logger = logger
    }

    /// The portals' webhooks of a new configuration (a reload): pushes from now on use them.
    public func apply(webhooks: [String: Webhook]) {
        self.webhooks.withLock { $0 = webhooks }
    }

    /// Notifications claimed per transaction: several rounds of `concurrency`, so a busy
    /// gateway spends one claim on many notifications.
    static let roundsPerClaim = 8

    /// The notification outbox's worker: batches of several rounds, at most `concurrency` in
    /// flight. A batch holds at most one notification per application, so sending it in
    /// parallel keeps each application's order. A lease is short (the timeout and the lease
    /// margin), so a crashed gateway's notifications are taken over soon; what waits in a
    /// batch for more than half the margin goes back to the queue instead of starting late.
    public func run() async throws {
        let lease = settings.timeoutSeconds + settings.leaseMarginSeconds
        let worker = OutboxWorker<ClaimedNotification>(
            label: "notifications",
            configuration: .init(concurrency: settings.concurrency, batchSize: settings.concurrency * Self.roundsPerClaim,
                                 pollSeconds: settings.pollSeconds, holdSeconds: settings.leaseMarginSeconds / 2),
            clock: clock, logger: logger, slots: OutboxSlots(),
            claim: { [store, owner] limit, now in try await store.claimNotifications(limit: limit, owner: owner, now: now, leaseSeconds: lease) },
            release: { [store, owner] items, now in try await store.releaseNotifications(ids: items.map(\.id), owner: owner, now: now) },
            process: { notification, _ in await self.push(notification) },
            shouldRun: { !Task.isCancelled && !Task.isShuttingDownGracefully })
        await worker.run()
    }

    private func push(_ notification: ClaimedNotification) async {
        let outcome: NotificationOutcome
        if let webhook = webhooks.withLock({ $0[notification.portalId] }), !webhook.key.isEmpty {
            let path = URL(string: webhook.url)?.path ?? "/"
            let headers = [("Content-Type", "application/cloudevents+json; charset=utf-8")]
                + StandardWebhook.headers(id: notification.id, timestamp: Int(clock.now().timeIntervalSince1970), body: notification.body, key: webhook.key)
            let request = OutboundRequest(method: "POST", url: webhook.url, path: path, headers: headers, body: notification.body)
            var reason: String
            do {
                let response = try await transport.send(request, timeoutSeconds: settings.timeoutSeconds)
                if (200..<300).contains(response.status) {
                    reason = ""
                } else {
                    reason = "HTTP \(response.status)"
                }
            } catch {
                reason = "transport: \(error)"
            }
            if reason.isEmpty {
                outcome = .sent
            } else if let at = settings.retry.nextAttempt(after: notification.attempt, retryAfter: nil, now: clock.now(), unit: jitter()) {
                outcome = .retry(at: at, reason: reason)
            } else {
                outcome = .failed(reason: "gave up after \(notification.attempt) attempts: \(reason)")
            }
        } else {
            outcome = .skipped(reason: "portal \(notification.portalId) has no webhook")
        }
        let kind = switch outcome { case .sent: "sent"; case .skipped: "skipped"; case .retry: "retry"; case .failed: "failed" }
        Counter(label: "tongban_notifications_total", dimensions: [("outcome", kind)], factory: metrics).increment()
        do {
            try await store.finishNotification(id: notification.id, owner: owner, outcome: outcome, now: clock.now())
        } catch {
            logger.error("recording a notification failed", metadata: ["notification": "\(notification.id)", "error": "\(error)"])
        }
        if case .failed(let reason) = outcome {
            logger.warning("notification given up", metadata: ["notification": "\(notification.id)", "portal": "\(notification.portalId)", "reason": "\(reason)"])
        }
    }
}
