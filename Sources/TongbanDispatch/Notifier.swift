import Foundation
import Logging
import Metrics
import ServiceLifecycle
import Synchronization
import TongbanAdapters
import TongbanStore

/// Pushes every change of an application's overall status to its portal's webhook
/// (DESIGN 1.7): claims due notifications under a lease, POSTs the stored CloudEvents JSON
/// signed with the Standard Webhooks scheme, retries with backoff and jitter while the
/// portal is down, and gives up into a dead-letter list after the last attempt. The store
/// hands out one notification per application at a time, in status-version order.
public final class Notifier: ServiceLifecycle.Service {
    public struct Settings: Sendable {
        public var concurrency = 8
        public var attempts = 12
        public var initialDelaySeconds = 1.0
        public var maxDelaySeconds = 300.0
        public var timeoutSeconds = 10.0
        /// How long an idle notifier waits before looking again.
        public var pollSeconds = 0.1
        public var leaseMarginSeconds = 30.0

        public init() {}

        /// The wait before attempt `attempt + 1`, with full jitter in its upper half.
        func delay(after attempt: Int, unit: Double) -> Double {
            let base = min(maxDelaySeconds, initialDelaySeconds * pow(2, Double(max(0, attempt - 1))))
            return base / 2 + base / 2 * unit
        }
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

    /// `webhooks` by portal id; a portal without one has its notifications marked skipped.
    public init(webhooks: [String: Webhook], store: any NotificationStore, transport: any DeliveryTransport, settings: Settings = Settings(),
                logger: Logger = Logger(label: "tongban.notify"), metrics: any MetricsFactory = NOOPMetricsHandler.instance) {
        self.metrics = metrics
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

    public func run() async throws {
        let batch = settings.concurrency * Self.roundsPerClaim
        // A short lease, so a crashed gateway's notifications are taken over soon; a batch
        // whose sends run long stops starting new ones before its lease could run out.
        let lease = settings.timeoutSeconds + settings.leaseMarginSeconds
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let claimedAt = Date()
            let claimed: [ClaimedNotification]
            do {
                claimed = try await store.claimNotifications(limit: batch, owner: owner, now: Date(), leaseSeconds: lease)
            } catch {
                logger.error("claiming notifications failed", metadata: ["error": "\(error)"])
                // A failing store (a full disk) is not asked again ten times a second.
                try? await Task.sleep(for: .seconds(1))
                claimed = []
            }
            if claimed.isEmpty {
                try? await Task.sleep(for: .milliseconds(Int(settings.pollSeconds * 1000)))
                continue
            }
            // A batch holds at most one notification per application, so sending it in parallel
            // keeps each application's order; at most `concurrency` are in flight.
            await withTaskGroup(of: Void.self) { group in
                var pending = claimed[...]
                for _ in 0..<settings.concurrency {
                    guard let first = pending.popFirst() else { break }
                    group.addTask { await self.push(first) }
                }
                while let next = pending.popFirst() {
                    _ = await group.next()
                    // Left leased: due again when the lease ends, for this process or another.
                    if Date().timeIntervalSince(claimedAt) > lease - settings.timeoutSeconds - 1 { break }
                    group.addTask { await self.push(next) }
                }
            }
        }
    }

    private func push(_ notification: ClaimedNotification) async {
        let outcome: NotificationOutcome
        if let webhook = webhooks.withLock({ $0[notification.portalId] }), !webhook.key.isEmpty {
            let path = URL(string: webhook.url)?.path ?? "/"
            let headers = [("Content-Type", "application/cloudevents+json; charset=utf-8")]
                + StandardWebhook.headers(id: notification.id, timestamp: Int(Date().timeIntervalSince1970), body: notification.body, key: webhook.key)
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
            } else if notification.attempt >= settings.attempts {
                outcome = .failed(reason: "gave up after \(notification.attempt) attempts: \(reason)")
            } else {
                outcome = .retry(at: Date().addingTimeInterval(settings.delay(after: notification.attempt, unit: .random(in: 0..<1))), reason: reason)
            }
        } else {
            outcome = .skipped(reason: "portal \(notification.portalId) has no webhook")
        }
        let kind = switch outcome { case .sent: "sent"; case .skipped: "skipped"; case .retry: "retry"; case .failed: "failed" }
        Counter(label: "tongban_notifications_total", dimensions: [("outcome", kind)], factory: metrics).increment()
        do {
            try await store.finishNotification(id: notification.id, owner: owner, outcome: outcome, now: Date())
        } catch {
            logger.error("recording a notification failed", metadata: ["notification": "\(notification.id)", "error": "\(error)"])
        }
        if case .failed(let reason) = outcome {
            logger.warning("notification given up", metadata: ["notification": "\(notification.id)", "portal": "\(notification.portalId)", "reason": "\(reason)"])
        }
    }
}
