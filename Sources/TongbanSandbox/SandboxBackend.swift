import TongbanCodecs
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import ServiceLifecycle
import Synchronization
import TongbanAdapters
import TongbanCrypto
import TongbanDispatch

/// One running reference back end: checks credentials the way its profile says, keeps the
/// idempotency keys it has seen (a repeated key creates nothing new and is counted),
/// drives each new case through its life cycle with callbacks to the gateway (when given
/// `CallbackSettings`), and shows the faults it is told to.
public final class SandboxBackend: Sendable {
    public let profile: BackendProfile
    let secret: String
    private let driver: CallbackDriver?

    struct State {
        var faults = Faults()
        var stats = BackendStats()
        var cases: [String: String] = [:] // idempotency key → case number
        /// Where each case stands, by case number.
        var caseStates: [String: CaseState] = [:]
        /// The `traceparent` headers of the latest submissions (at most `maxRecords`).
        var traceparents: [String] = []
        /// Idempotency keys of cancellations and supplements already taken.
        var actionKeys: Set<String> = []
        /// End of the current outage window (unix seconds).
        var outageUntil = 0.0
        var events = 0
        /// The latest callbacks, oldest first (at most `maxRecords`).
        var callbacks: [CallbackRecord] = []
        /// The body of the first submission under each idempotency key (at most `maxRecords`).
        var submissions: [String: String] = [:]
    }
    /// The mutable state, in a class so the callback driver's closures can share it.
    final class Shared: Sendable {
        private let mutex = Mutex(State())
        func withLock<T>(_ body: (inout State) throws -> T) rethrows -> T { try mutex.withLock { try body(&$0) } }
    }
    let state = Shared()
    static let maxRecords = 5000

    /// Without `callbacks` the back end takes submissions and reports nothing back; with
    /// them it needs a `transport` (the caller owns it and shuts it down).
    public init(profile: BackendProfile, environment: [String: String], callbacks: CallbackSettings? = nil,
                transport: (any DeliveryTransport)? = nil, logger: Logger = Logger(label: "tongban-sandbox")) {
        self.profile = profile
        self.secret = profile.auth.secretEnv.flatMap { environment[$0] } ?? ""
        let callbackSecret = profile.callbackAuth.secretEnv.flatMap { environment[$0] } ?? ""
        let state = self.state
        let prefix = profile.casePrefix
        precondition(callbacks == nil || transport != nil, "a sandbox back end with callbacks needs a transport")
        driver = callbacks.flatMap { settings in transport.map { transport in
            CallbackDriver(
                profile: profile, secret: callbackSecret, settings: settings, transport: transport, logger: logger,
                nextEventId: {
                    let n = state.withLock { s in
                        s.events += 1
                        return s.events
                    }
                    return "\(prefix)-EV-\(String(format: "%07d", n))"
                },
                hooks: CallbackDriver.Hooks(
                    willReport: { ref, status in
                        state.withLock { s in
                            if status == profile.supplementStatus { s.caseStates[ref, default: CaseState()].awaitingSupplement = true }
                        }
                    },
                    mayContinue: { ref in await Self.mayContinue(state, caseRef: ref) },
                    finished: { ref in state.withLock { $0.caseStates[ref, default: CaseState()].finished = true } }),
                report: { attempts, record in
                    state.withLock { s in
                        s.stats.callbackAttempts += attempts
                        guard let record else { return }
                        if record.acknowledged { s.stats.callbacksAcknowledged += 1 } else { s.stats.callbacksAbandoned += 1 }
                        s.callbacks.append(record)
                        if s.callbacks.count > Self.maxRecords { s.callbacks.removeFirst(s.callbacks.count - Self.maxRecords) }
                    }
                })
        } }
    }

    public var stats: BackendStats { state.withLock { $0.stats } }

    /// The faults in force.
    public var faults: Faults { state.withLock { $0.faults } }

    /// Cases created so far: idempotency key → case number.
    public var cases: [String: String] { state.withLock { $0.cases } }

    /// The `traceparent` of each submission that carried one (the latest 5000), oldest first.
    public var traceparents: [String] { state.withLock { $0.traceparents } }

    /// The body of the first submission under each idempotency key (the first 5000).
    public var submissions: [String: String] { state.withLock { $0.submissions } }

    /// The callbacks sent so far (the latest 5000), oldest first.
    public var callbacks: [CallbackRecord] { state.withLock { $0.callbacks } }

    /// The service that sends this back end's callbacks, when it has any; run it beside the
    /// application.
    public var callbackService: (any Service)? { driver }

    /// Sends this back end's callbacks to another gateway from now on.
    public func redirectCallbacks(to gatewayURL: String) { driver?.redirect(to: gatewayURL) }

    /// Why `faults` cannot be set, or nil.
    public func problem(with faults: Faults) -> String? {
        if !faults.answerCodes.isEmpty, profile.businessAnswer == nil { return "answerCodes: \(profile.id) answers with HTTP statuses, not business codes" }
        guard let script = faults.lifeCycle else { return nil }
        if script.isEmpty { return "lifeCycle must name at least one status" }
        if let unknown = script.first(where: { !profile.statuses.contains($0) }) {
            return "lifeCycle: '\(unknown)' is not a status of \(profile.id) (\(profile.statuses.joined(separator: ", ")))"
        }
        return nil
    }

    /// Sets the faults; throws (changing nothing) when they do not fit this back end.
    public func setFaults(_ faults: Faults) throws {
        if let problem = problem(with: faults) { throw FaultError(reason: problem) }
        state.withLock {
            $0.faults = faults
            $0.outageUntil = Date().timeIntervalSince1970 + faults.outageSeconds
        }
    }

    public struct FaultError: Error, CustomStringConvertible {
        public var reason: String
        public var description: String { reason }
    }

    /// The Hummingbird application serving this back end on `port` (0 for any).
    public func application(host: String = "127.0.0.1", port: Int? = nil,
                            onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let router = Router()
        router.post(RouterPath(profile.path)) { request, _ in try await self.submit(request) }
        if let path = profile.cancelPath {
            router.on(RouterPath(path), method: .post) { request, context in
                try await self.act(.cancel, request, caseRef: context.parameters.get("caseRef") ?? "")
            }
        }
        if let path = profile.supplementPath {
            router.on(RouterPath(path), method: .post) { request, context in
                try await self.act(.supplement, request, caseRef: context.parameters.get("caseRef") ?? "")
            }
        }
        // Its health check (adapter specs' `probe`): 503 during an outage.
        router.get("_sandbox/health") { request, _ in
            if self.profile.signedHealth, let failure = self.authenticationFailure(request, body: []) {
                return Self.text(.unauthorized, "bad credentials: \(failure)")
            }
            let down = self.state.withLock { $0.faults.outage || Date().timeIntervalSince1970 < $0.outageUntil }
            return Self.text(down ? .serviceUnavailable : .ok, down ? "unavailable" : "ok")
        }
        router.get("_sandbox/stats") { _, _ in try Self.json(self.state.withLock { $0.stats }) }
        router.get("_sandbox/cases") { _, _ in try Self.json(self.state.withLock { $0.cases }) }
        router.get("_sandbox/callbacks") { _, _ in try Self.json(self.callbacks) }
        router.get("_sandbox/submissions") { _, _ in try Self.json(self.state.withLock { $0.submissions }) }
        router.put("_sandbox/faults") { request, _ in
            let body = try await request.body.collect(upTo: 65536)
            guard let faults = try? JSONDecoder().decode(Faults.self, from: Data(buffer: body)) else {
                return Response(status: .badRequest, body: .init(byteBuffer: ByteBuffer(string: "expected a Faults JSON object")))
            }
            do {
                try self.setFaults(faults)
            } catch {
                return Response(status: .badRequest, body: .init(byteBuffer: ByteBuffer(string: "\(error)")))
            }
            return try Self.json(faults)
        }
        return Application(router: router, configuration: .init(address: .hostname(host, port: port ?? profile.port), serverName: profile.id),
                           onServerRunning: { await onServerRunning($0.localAddress?.port ?? 0) })
    }

    private func submit(_ request: Request) async throws -> Response {
        let body = try await request.body.collect(upTo: 1 << 20)
        if let failure = authenticationFailure(request, body: Array(buffer: body)) {
            state.withLock { $0.stats.unauthorized += 1 }
            return Response(status: .unauthorized, body: .init(byteBuffer: ByteBuffer(string: "bad credentials: \(failure)")))
        }
        guard let key = request.headers[HTTPField.Name("Idempotency-Key")!], !key.isEmpty else {
            return Response(status: .badRequest, body: .init(byteBuffer: ByteBuffer(string: "Idempotency-Key is required")))
        }
        guard Self.parses(Array(buffer: body), format: profile.format) else {
            return Response(status: .badRequest, body: .init(byteBuffer: ByteBuffer(string: "body is not \(profile.format.rawValue)")))
        }
        let trace = request.headers[HTTPField.Name("traceparent")!]
        let (faults, inOutageWindow) = state.withLock { s in
            s.stats.received += 1
            if let trace {
                s.traceparents.append(trace)
                if s.traceparents.count > Self.maxRecords { s.traceparents.removeFirst() }
            }
            return (s.faults, Date().timeIntervalSince1970 < s.outageUntil)
        }
        if faults.latencyMs > 0 { try await Task.sleep(for: .milliseconds(faults.latencyMs)) }
        // Hang while the fault is on (at most ten minutes), so clearing it lets the server stop.
        var waited = 0
        while state.withLock({ $0.faults.hang }), waited < 12_000 {
            try await Task.sleep(for: .milliseconds(50))
            waited += 1
        }
        if faults.outage || inOutageWindow || Double.random(in: 0..<1) < faults.errorRate {
            state.withLock { $0.stats.faulted += 1 }
            return Response(status: .serviceUnavailable, headers: [.retryAfter: "1"], body: .init(byteBuffer: ByteBuffer(string: "unavailable")))
        }
        if faults.rejectStatus != 0 {
            state.withLock { $0.stats.faulted += 1 }
            return Response(status: .init(code: faults.rejectStatus), body: .init(byteBuffer: ByteBuffer(string: "refused by injected fault")))
        }
        if faults.malformed {
            state.withLock { $0.stats.faulted += 1 }
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "<<<not the dialect")))
        }
        // A scripted business code: an error inside a 200 creates nothing.
        let code: String? = profile.businessAnswer == nil ? nil : state.withLock { s in
            s.faults.answerCodes.isEmpty ? nil : s.faults.answerCodes.removeFirst()
        }
        if let code, code != "0000", let answer = profile.businessAnswer {
            state.withLock { $0.stats.faulted += 1 }
            return Response(status: .ok, headers: [.contentType: profile.answerType],
                            body: .init(byteBuffer: ByteBuffer(string: code == "NOREF" ? answer("0000", nil) : answer(code, nil))))
        }
        let (ref, isNew) = state.withLock { s in
            if s.submissions[key] == nil, s.submissions.count < Self.maxRecords { s.submissions[key] = String(buffer: body) }
            if let existing = s.cases[key] {
                s.stats.duplicates += 1
                return (existing, false)
            }
            s.stats.created += 1
            let ref = "\(profile.casePrefix)-2026-\(String(format: "%06d", s.stats.created))"
            s.cases[key] = ref
            s.caseStates[ref] = CaseState()
            return (ref, true)
        }
        if isNew, let driver {
            driver.enqueue(.init(caseRef: ref, lifeCycle: faults.lifeCycle ?? profile.lifeCycle,
                                 duplicate: faults.duplicateCallbacks, outOfOrder: faults.outOfOrderCallbacks))
        }
        return Response(status: .ok, headers: [.contentType: profile.answerType], body: .init(byteBuffer: ByteBuffer(string: profile.accepted(ref))))
    }

    /// Why the gateway's request is not signed the way this back end expects, or nil.
    func authenticationFailure(_ request: Request, body: [UInt8]) -> RequestVerifier.Failure? {
        RequestVerifier(auth: profile.auth, secret: secret).failure(method: request.method.rawValue, path: request.uri.path, body: body, now: Date()) { name in
            HTTPField.Name(name).flatMap { request.headers[$0] }
        }
    }

    static func parses(_ body: [UInt8], format: EndpointSpec.Format) -> Bool {
        switch format {
        case .json: return (try? JSONValue.parse(body)) != nil
        case .xml: return ResponseReader.parse(body, format: .xml) != nil
        case .form: return String(decoding: body, as: UTF8.self).split(separator: "&").allSatisfy { $0.contains("=") }
        }
    }

    static func json(_ value: some Encodable) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }
}
