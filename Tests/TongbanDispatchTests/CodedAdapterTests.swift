import Foundation
import Testing
import TongbanAdapters
import TongbanClient
import TongbanCodecs
import TongbanCore
import TongbanCrypto
import TongbanTestSupport

/// An adapter written in Swift, for a back end no spec can express: the `Adapter` protocol
/// alone carries what the dispatcher and the callback route need (timeouts, owner, its own
/// callback verification and reading), so it takes deliveries and callbacks like a spec's.
struct HotlineAdapter: Adapter {
    static let secret = Array("hotline-test-secret-NOT-A-SECRET".utf8)
    let baseURL: String

    var id: String { "hotline-mediation" }
    var service: Service { .mediation }
    var coverage: AdapterSpec.Coverage { AdapterSpec.Coverage(regions: ["*"], items: ["*"]) }
    var priority: Int { 1000 }
    var limits: LimitsSpec { LimitsSpec() }
    var owner: AdapterSpec.Owner? { AdapterSpec.Owner(name: "热线调解中心", creditCode: "52310000MJ0000001X") }
    var timeouts: AdapterTimeouts { AdapterTimeouts(submission: 3, actions: 3) }
    var callbacks: (any CallbackHandling)? { Callbacks() }

    func submission(for delivery: Delivery) throws(MappingError) -> OutboundRequest {
        let body = Array(#"{"application":"\#(delivery.applicationID)","target":"\#(delivery.targetID)"}"#.utf8)
        return OutboundRequest(method: "POST", url: baseURL + "/cases", path: "/cases",
                               headers: [("Content-Type", "application/json"), ("Idempotency-Key", delivery.targetID)], body: body)
    }

    /// `{"ref": "…"}` with any 2xx; a 5xx is retried.
    func interpret(status: Int, body: [UInt8]) -> SubmissionOutcome {
        guard (200..<300).contains(status) else {
            return status >= 500 ? .retryable(reason: "HTTP \(status)", retryAfter: nil) : .permanent(reason: "HTTP \(status)")
        }
        guard case .string(let ref)? = (try? JSONValue.parse(body))?.resolve(tokens: ["ref"]) else { return .unconfirmed(reason: "no ref") }
        return .delivered(backendRef: ref)
    }

    /// `X-Hotline-Time`, `X-Hotline-Nonce` and `X-Hotline-Signature`: hex HMAC-SHA256 of
    /// `time \n nonce \n body`; the body `{"event", "case", "status"}`.
    struct Callbacks: CallbackHandling {
        var windowSeconds: Double { 300 }

        static func sign(time: String, nonce: String, body: [UInt8]) -> String {
            Hex.encode(HashAlgorithm.sha256.hmac(key: secret, message: Array("\(time)\n\(nonce)\n".utf8) + body))
        }

        func verify(method: String, path: String, body: [UInt8], now: Date, header: (String) -> String?)
            -> Result<RequestVerifier.Accepted, RequestVerifier.Failure> {
            guard let time = header("X-Hotline-Time"), let seconds = Double(time) else { return .failure(.missing("X-Hotline-Time")) }
            guard let nonce = header("X-Hotline-Nonce"), !nonce.isEmpty else { return .failure(.missing("X-Hotline-Nonce")) }
            guard abs(now.timeIntervalSince1970 - seconds) <= windowSeconds else { return .failure(.stale("X-Hotline-Time")) }
            let given = Array((header("X-Hotline-Signature") ?? "").lowercased().utf8)
            guard constantTimeEquals(given, Array(Self.sign(time: time, nonce: nonce, body: body).utf8)) else { return .failure(.wrong("signature")) }
            return .success(RequestVerifier.Accepted(replayKey: nonce, signedAt: Date(timeIntervalSince1970: seconds)))
        }

        func read(_ body: [UInt8], now: Date) throws(CallbackReader.Unreadable) -> CallbackReader.Reading {
            guard let tree = try? JSONValue.parse(body), case .string(let event)? = tree.resolve(tokens: ["event"]),
                  case .string(let caseRef)? = tree.resolve(tokens: ["case"]), case .string(let native)? = tree.resolve(tokens: ["status"]) else {
                throw CallbackReader.Unreadable(reason: "expected {event, case, status}")
            }
            let statuses: [String: TargetStatus] = ["taken": .accepted, "settled": .completed]
            return CallbackReader.Reading(eventId: event, caseRef: caseRef, nativeStatus: native, status: statuses[native], occurredAt: now)
        }
    }
}

@Suite struct CodedAdapterTests {
    @Test func aCodedAdapterTakesDeliveriesAndCallbacks() async throws {
        let backend = CallbackRecorder(route: "cases") { body in
            let target = (try? JSONValue.parse(body))?.resolve(tokens: ["target"])?.scalarText ?? "?"
            return (200, #"{"ref":"HL-\#(target)"}"#)
        }
        try await backend.with { backendURL in
            try await LiveGateway.with(dispatch: true, configure: { configuration in
                configuration.adapters = AdapterDirectory(configuration.adapters.adapters + [HotlineAdapter(baseURL: backendURL)])
            }) { gateway in
                var object = try Fixtures.object("canonical/mediation-request.json")
                object["portalCaseNo"] = "HL-\(UUID().uuidString.prefix(8))"
                let reply = try await gateway.client("demo").submit(Fixtures.bytes(object))
                #expect(reply.status == 202, "\(reply.text)")
                let receipt = try #require(try JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Any])
                let id = try #require(receipt["id"] as? String)
                let target = try #require((receipt["targets"] as? [[String: Any]])?.first)
                #expect(target["adapterId"] as? String == "hotline-mediation")
                let targetId = try #require(target["id"] as? String)
                // Delivered: the back end got the Swift adapter's body and its answer's reference is kept.
                #expect(await eventually { backend.acknowledged.count == 1 })
                #expect(backend.requests.first?.headers.first { $0.key.lowercased() == "idempotency-key" }?.value == targetId)
                #expect(await eventually {
                    ((try? await gateway.applicationObject(id))?["targets"] as? [[String: Any]])?.first?["backendRef"] as? String == "HL-\(targetId)"
                })
                // Its callbacks are verified and read by its own code.
                func callback(_ body: String, signature: String? = nil, nonce: String = UUID().uuidString) async throws -> PortalClient.Reply {
                    let time = String(Int(Date().timeIntervalSince1970))
                    let bytes = Array(body.utf8)
                    return try await gateway.client("demo").send(.POST, "/v1/callbacks/hotline-mediation", body: bytes, contentType: "application/json",
                                                                 extraHeaders: [("X-Hotline-Time", time), ("X-Hotline-Nonce", nonce),
                                                                                ("X-Hotline-Signature", signature ?? HotlineAdapter.Callbacks.sign(time: time, nonce: nonce, body: bytes)),
                                                                                ("Authorization", "")])
                }
                let event = #"{"event":"E1","case":"HL-\#(targetId)","status":"taken"}"#
                #expect(try await callback(event, signature: String(repeating: "0", count: 64)).status == 401)
                let taken = try await callback(event, nonce: "n-1")
                #expect(taken.status == 200, "\(taken.text)")
                #expect(try await callback(#"{"event":"E2","case":"HL-\#(targetId)","status":"taken"}"#, nonce: "n-1").status == 401)  // replayed nonce
                #expect(try await gateway.applicationObject(id)["status"] as? String == "in_progress")
                #expect(try await callback(#"{"event":"E3","case":"HL-\#(targetId)","status":"settled"}"#).status == 200)
                #expect(try await gateway.applicationObject(id)["status"] as? String == "completed")
            }
        }
    }
}
