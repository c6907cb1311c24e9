import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import TongbanAdapters
import TongbanDispatch

/// Where and how fast a sandbox back end reports its cases' life cycles.
public struct CallbackSettings: Sendable {
    /// The gateway's base URL; callbacks go to `<gatewayURL>/v1/callbacks/<back end id>`.
    public var gatewayURL: String
    /// Time between two steps of a case.
    public var stepDelay: Duration = .milliseconds(1500)
    /// Attempts per callback before it is given up (and logged).
    public var attempts = 8
    /// Wait before the first retry; doubles up to `maxRetryDelay`.
    public var firstRetryDelay: Duration = .milliseconds(500)
    public var maxRetryDelay: Duration = .seconds(30)

    public init(gatewayURL: String) { self.gatewayURL = gatewayURL }
}

/// One callback sent, for `/_sandbox/callbacks` and tests.
public struct CallbackRecord: Sendable, Codable, Equatable {
    public var eventId: String
    public var caseRef: String
    public var status: String
    /// The gateway's HTTP status for the last attempt, 0 when it could not be reached.
    public var httpStatus: Int
    public var attempts: Int
    public var acknowledged: Bool
}

/// Drives each new case of one back end through its life cycle by calling the gateway's
/// callback URL, one step after another: signed as the back end's adapter spec says,
/// retried with backoff while the gateway does not acknowledge, given up (and logged) after
/// the last attempt. Runs as a service; stopping it abandons what is left.
final class CallbackDriver: Service, Sendable {
    struct Job: Sendable {
        var caseRef: String
        var lifeCycle: [String]
        var duplicate: Bool
        var outOfOrder: Bool
    }

    private let profile: BackendProfile
    private let signer: RequestSigner
    private let settings: CallbackSettings
    private let transport: any DeliveryTransport
    private let logger: Logger
    private let jobs: AsyncStream<Job>
    private let submit: AsyncStream<Job>.Continuation
    /// Reports counts and records to the back end that owns this driver.
    private let report: @Sendable (_ attempts: Int, _ record: CallbackRecord?) -> Void
    private let nextEventId: @Sendable () -> String
    private let hooks: Hooks

    /// How the back end's case states follow the life cycle.
    struct Hooks: Sendable {
        /// A step is about to be reported.
        var willReport: @Sendable (_ caseRef: String, _ status: String) -> Void
        /// Waits while the case waits for materials; false once it was cancelled.
        var mayContinue: @Sendable (_ caseRef: String) async -> Bool
        /// The life cycle ran to its end.
        var finished: @Sendable (_ caseRef: String) -> Void
    }
    /// The gateway's base URL, which a test may set once the gateway has a port.
    private let gatewayURL: Mutex<String>

    init(profile: BackendProfile, secret: String, settings: CallbackSettings, transport: any DeliveryTransport, logger: Logger,
         nextEventId: @escaping @Sendable () -> String, hooks: Hooks, report: @escaping @Sendable (Int, CallbackRecord?) -> Void) {
        self.hooks = hooks
        self.profile = profile
        self.signer = RequestSigner(auth: profile.callbackAuth, secret: secret)
        self.settings = settings
        self.transport = transport
        self.logger = logger
        self.nextEventId = nextEventId
        self.report = report
        self.gatewayURL = Mutex(settings.gatewayURL)
        (jobs, submit) = AsyncStream.makeStream(of: Job.self)
    }

    var url: String { "\(gatewayURL.withLock { $0 })/v1/callbacks/\(profile.id)" }

    func redirect(to gatewayURL: String) { self.gatewayURL.withLock { $0 = gatewayURL } }

    func enqueue(_ job: Job) { submit.yield(job) }

    func run() async throws {
        await withDiscardingTaskGroup { group in
            for await job in jobs.cancelOnGracefulShutdown() {
                group.addTask { await self.drive(job) }
            }
            group.cancelAll()
        }
    }

    /// One case: each step after `stepDelay`; with `outOfOrder` the second of each pair is
    /// sent first (both keep the time they happened at). A case waiting for materials goes
    /// on once they arrive; a cancelled case stops.
    private func drive(_ job: Job) async {
        var held: SandboxEvent?
        for (index, status) in job.lifeCycle.enumerated() {
            do { try await Task.sleep(for: settings.stepDelay) } catch { return }
            guard await hooks.mayContinue(job.caseRef) else { return }
            hooks.willReport(job.caseRef, status)
            let event = SandboxEvent(id: nextEventId(), caseRef: job.caseRef, status: status, time: Date())
            if job.outOfOrder, held == nil, index + 1 < job.lifeCycle.count {
                held = event
                continue
            }
            for pending in [event] + (held.map { [$0] } ?? []) {
                for _ in 0..<(job.duplicate ? 2 : 1) { await send(pending) }
            }
            held = nil
        }
        hooks.finished(job.caseRef)
    }

    private func send(_ event: SandboxEvent) async {
        let (body, contentType) = profile.callbackBody(event)
        var delay = settings.firstRetryDelay
        var status = 0
        var url = self.url
        for attempt in 1...max(1, settings.attempts) {
            if Task.isCancelled { return }
            // Read each time: the gateway may have moved (a restart on another port).
            url = self.url
            let path = URL(string: url)?.path ?? "/v1/callbacks/\(profile.id)"
            // Signed again for each attempt: a fresh time and nonce, as the gateway's replay
            // protection expects of a retry.
            let bytes = Array(body.utf8)
            let headers = [("Content-Type", contentType)]
                + signer.headers(method: "POST", path: path, body: bytes, now: Date(), nonce: RequestSigner.randomNonce())
            let request = OutboundRequest(method: "POST", url: url, path: path, headers: headers, body: bytes)
            report(1, nil)
            status = (try? await transport.send(request, timeoutSeconds: 10).status) ?? 0
            if (200..<300).contains(status) {
                report(0, CallbackRecord(eventId: event.id, caseRef: event.caseRef, status: event.status, httpStatus: status,
                                         attempts: attempt, acknowledged: true))
                return
            }
            if attempt < settings.attempts {
                do { try await Task.sleep(for: delay) } catch { return }
                delay = min(delay * 2, settings.maxRetryDelay)
            }
        }
        logger.warning("callback given up", metadata: [
            "backend": "\(profile.id)", "event": "\(event.id)", "case": "\(event.caseRef)", "status": "\(event.status)",
            "url": "\(url)", "lastHTTPStatus": "\(status)", "attempts": "\(settings.attempts)",
        ])
        report(0, CallbackRecord(eventId: event.id, caseRef: event.caseRef, status: event.status, httpStatus: status,
                                 attempts: settings.attempts, acknowledged: false))
    }
}
