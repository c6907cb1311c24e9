import Foundation
import HTTPTypes
import Hummingbird
import Synchronization
import TongbanAdapters
import TongbanCrypto

/// One running reference back end: checks credentials the way its profile says, keeps the
/// idempotency keys it has seen (a repeated key creates nothing new and is counted), and
/// shows the faults it is told to.
public final class SandboxBackend: Sendable {
    public let profile: BackendProfile
    let secret: String

    struct State {
        var faults = Faults()
        var stats = BackendStats()
        var cases: [String: String] = [:] // idempotency key → case number
        /// End of the current outage window (unix seconds).
        var outageUntil = 0.0
    }
    let state = Mutex(State())

    public init(profile: BackendProfile, environment: [String: String]) {
        self.profile = profile
        self.secret = profile.auth.secretEnv.flatMap { environment[$0] } ?? ""
    }

    public var stats: BackendStats { state.withLock { $0.stats } }

    public func setFaults(_ faults: Faults) {
        state.withLock {
            $0.faults = faults
            $0.outageUntil = Date().timeIntervalSince1970 + faults.outageSeconds
        }
    }

    /// The Hummingbird application serving this back end on `port` (0 for any).
    public func application(host: String = "127.0.0.1", port: Int? = nil,
                            onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let router = Router()
        router.post(RouterPath(profile.path)) { request, _ in try await self.submit(request) }
        router.get("_sandbox/stats") { _, _ in try Self.json(self.state.withLock { $0.stats }) }
        router.get("_sandbox/cases") { _, _ in try Self.json(self.state.withLock { $0.cases }) }
        router.put("_sandbox/faults") { request, _ in
            let body = try await request.body.collect(upTo: 65536)
            guard let faults = try? JSONDecoder().decode(Faults.self, from: Data(buffer: body)) else {
                return Response(status: .badRequest, body: .init(byteBuffer: ByteBuffer(string: "expected a Faults JSON object")))
            }
            self.setFaults(faults)
            return try Self.json(faults)
        }
        return Application(router: router, configuration: .init(address: .hostname(host, port: port ?? profile.port), serverName: profile.id),
                           onServerRunning: { await onServerRunning($0.localAddress?.port ?? 0) })
    }

    private func submit(_ request: Request) async throws -> Response {
        guard authenticated(request) else {
            state.withLock { $0.stats.unauthorized += 1 }
            return Response(status: .unauthorized, body: .init(byteBuffer: ByteBuffer(string: "bad credentials")))
        }
        let body = try await request.body.collect(upTo: 1 << 20)
        guard let key = request.headers[HTTPField.Name("Idempotency-Key")!], !key.isEmpty else {
            return Response(status: .badRequest, body: .init(byteBuffer: ByteBuffer(string: "Idempotency-Key is required")))
        }
        guard Self.parses(Array(buffer: body), format: profile.format) else {
            return Response(status: .badRequest, body: .init(byteBuffer: ByteBuffer(string: "body is not \(profile.format.rawValue)")))
        }
        let (faults, inOutageWindow) = state.withLock { s in
            s.stats.received += 1
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
        let ref = state.withLock { s in
            if let existing = s.cases[key] {
                s.stats.duplicates += 1
                return existing
            }
            s.stats.created += 1
            let ref = "\(profile.casePrefix)-2026-\(String(format: "%06d", s.stats.created))"
            s.cases[key] = ref
            return ref
        }
        return Response(status: .ok, headers: [.contentType: profile.answerType], body: .init(byteBuffer: ByteBuffer(string: profile.accepted(ref))))
    }

    private func authenticated(_ request: Request) -> Bool {
        let h = request.headers
        func header(_ name: String) -> String { HTTPField.Name(name).flatMap { h[$0] } ?? "" }
        switch profile.auth.scheme {
        case .none:
            return true
        case .bearer:
            return constantTimeEquals(Array(header("Authorization").utf8), Array("Bearer \(secret)".utf8))
        case .hmacSHA256, .hmacSM3:
            guard header("X-BG-HMAC-ACCESS-KEY") == profile.auth.accessKey else { return false }
            let expected = RequestSigner.hmacSignature(
                algorithm: profile.auth.scheme == .hmacSM3 ? .sm3 : .sha256, method: request.method.rawValue, path: request.uri.path,
                query: "", accessKey: profile.auth.accessKey ?? "", date: header("X-BG-DATE-TIME"), secret: secret)
            return constantTimeEquals(Array(header("X-BG-HMAC-SIGNATURE").utf8), Array(expected.utf8))
        case .xTif:
            guard header("x-tif-paasid") == profile.auth.paasId, let ts = Int(header("x-tif-timestamp")),
                  abs(ts - Int(Date().timeIntervalSince1970)) <= 300 else { return false }
            return XTifSignature(algorithm: .sha256).verify(signature: header("x-tif-signature"), timestamp: header("x-tif-timestamp"),
                                                            token: secret, nonce: header("x-tif-nonce"))
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
