import AsyncHTTPClient
import Foundation
import NIOCore
import Testing
import TongbanAdapters
import TongbanCore
import TongbanSandbox
import TongbanStore
import TongbanTestSupport
import Yams

/// Captured callback headers are worth nothing to an attacker, for every callback scheme
/// the sample specs use (the X-BG HMAC presets and each declared scheme): sent with another
/// body they are refused, and sent again with the same body later they are refused too;
/// neither changes anything.
@Suite(.serialized) struct CallbackReplayTests {
    func post(_ url: String, _ body: [UInt8], headers: [(name: String, value: String)]) async throws -> Int {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        return Int(try await HTTPClient.shared.execute(request, timeout: .seconds(10)).status.code)
    }

    @Test func capturedHeadersAuthoriseNoOtherBodyAndNoSecondTime() async throws {
        let environment = try Fixtures.sampleEnvironment()
        try await LiveSandbox.with { sandbox in
            try await LiveGateway.with(dispatch: true, configure: { $0.adapters = sandbox.adapters(from: $0) }) { gateway in
                let ids = try await LiveCallbackTests().submitAll(gateway)
                #expect(try await eventually(within: 30) {
                    for id in ids.values where try await gateway.store.application(id: id, portal: "demo")?.receipt.targets.contains(where: { $0.backendRef == nil }) != false {
                        return false
                    }
                    return true
                })
                var schemes: Set<String> = []
                for profile in BackendProfile.all() {
                    // A case this back end holds, and its target at the gateway.
                    var found: (application: String, target: TargetSummary)?
                    for id in ids.values {
                        if let target = try await gateway.store.application(id: id, portal: "demo")?.receipt.targets.first(where: { $0.adapterId == profile.id }) {
                            found = (id, target)
                            break
                        }
                    }
                    let (application, target) = try #require(found, "\(profile.id) has a case")
                    let caseRef = try #require(target.backendRef)
                    // Signed exactly as the back end signs its callbacks.
                    let signer = RequestSigner(auth: profile.callbackAuth, secret: environment[profile.callbackAuth.secretEnv ?? ""] ?? "")
                    schemes.insert(profile.callbackAuth.scheme == .signed ? "signed:\(profile.id)" : profile.callbackAuth.scheme.rawValue)
                    let url = "\(gateway.baseURL)/v1/callbacks/\(profile.id)", path = "/v1/callbacks/\(profile.id)"
                    func body(_ status: String, _ event: String) -> (bytes: [UInt8], type: String) {
                        let (text, type) = profile.callbackBody(SandboxEvent(id: event, caseRef: caseRef, status: status, time: Date()))
                        return (Array(text.utf8), type)
                    }
                    let genuine = body(profile.lifeCycle[0], "RP-\(profile.id)-1")
                    let captured = signer.headers(method: "POST", path: path, body: genuine.bytes, now: Date(), nonce: RequestSigner.randomNonce())
                        + [("Content-Type", genuine.type)]
                    #expect(try await post(url, genuine.bytes, headers: captured) == 200, "\(profile.id): the genuine callback")
                    let before = (try await gateway.store.application(id: application, portal: "demo")?.receipt,
                                  try await gateway.store.timeline(applicationId: application, portal: "demo")?.count)

                    // The attacker's body under the captured headers: a final status, another event id.
                    let forged = body(profile.lifeCycle.last!, "RP-\(profile.id)-2")
                    #expect(try await post(url, forged.bytes, headers: captured) == 401, "\(profile.id): another body")
                    // The same body and headers later.
                    try await Task.sleep(for: .milliseconds(1100))
                    #expect(try await post(url, genuine.bytes, headers: captured) == 401, "\(profile.id): the same body again")
                    let after = (try await gateway.store.application(id: application, portal: "demo")?.receipt,
                                 try await gateway.store.timeline(applicationId: application, portal: "demo")?.count)
                    #expect(before.0 == after.0 && before.1 == after.1, "\(profile.id): nothing changed")
                    // The back end's own next callback, signed afresh, still goes through.
                    let next = body(profile.lifeCycle[1], "RP-\(profile.id)-3")
                    let fresh = signer.headers(method: "POST", path: path, body: next.bytes, now: Date(), nonce: RequestSigner.randomNonce()) + [("Content-Type", next.type)]
                    #expect(try await post(url, next.bytes, headers: fresh) == 200, "\(profile.id): a fresh callback")
                }
                // Both X-BG HMAC presets and the four declared schemes were tried.
                #expect(schemes.isSuperset(of: ["hmac-sha256", "hmac-sm3"]) && schemes.filter { $0.hasPrefix("signed:") }.count == 4, "\(schemes)")
            }
        }
    }

    /// A back end that signs its callbacks with SM2 (its public key in the spec): accepted
    /// when signed with its private key, refused with another body, a second time, or signed
    /// with another key; nothing changes then.
    @Test func sm2SignedCallbacksOverHTTP() async throws {
        let (directory, privatePEM, publicPEM) = try await OpenSSLTool.sm2KeyPair()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (other, otherPrivate, _) = try await OpenSSLTool.sm2KeyPair()
        defer { try? FileManager.default.removeItem(at: other) }
        let auth = try YAMLDecoder().decode(AuthSpec.self, from: """
            {scheme: signed, algorithm: sm2, encoding: hex, timestamp: unix-ms, sign: "{timestamp}\\n{body}",
             headers: {X-Lawyer-Time: "{timestamp}", X-Lawyer-SM2: "{signature}"}, publicKey: \(String(reflecting: publicPEM))}
            """)
        try await LiveSandbox.with { sandbox in
            try await LiveGateway.with(dispatch: true, configure: { configuration in
                configuration.adapters = AdapterDirectory(sandbox.adapters(from: configuration).adapters.map { adapter in
                    guard adapter.id == "lawyer-sandbox", let declarative = adapter as? DeclarativeAdapter else { return adapter }
                    var spec = declarative.spec
                    spec.callback?.auth = auth
                    return DeclarativeAdapter(spec: spec, secret: "sandbox-lawyer-token-NOT-A-SECRET", egress: declarative.egress)
                })
            }) { gateway in
                let ids = try await LiveCallbackTests().submitAll(gateway)
                let id = try #require(ids["lawyer-consultation"])
                #expect(try await eventually { try await gateway.store.application(id: id, portal: "demo")?.receipt.targets.first?.backendRef != nil })
                let caseRef = try #require(try await gateway.store.application(id: id, portal: "demo")?.receipt.targets.first?.backendRef)
                let url = "\(gateway.baseURL)/v1/callbacks/lawyer-sandbox", path = "/v1/callbacks/lawyer-sandbox"
                func body(_ event: String, _ state: String) -> [UInt8] {
                    Array(#"{"eventId":"\#(event)","consultationNo":"\#(caseRef)","state":"\#(state)","at":"\#(RFC3339.format(Date()))"}"#.utf8)
                }
                func signed(_ bytes: [UInt8], key: String) -> [(name: String, value: String)] {
                    RequestSigner(auth: auth, secret: key).headers(method: "POST", path: path, body: bytes, now: Date(), nonce: "unused") + [("Content-Type", "application/json")]
                }
                let genuine = body("SM2-1", "RECEIVED"), captured = signed(genuine, key: privatePEM)
                #expect(try await post(url, body("SM2-2", "DECLINED"), headers: signed(body("SM2-2", "DECLINED"), key: otherPrivate)) == 401, "another key")
                #expect(try await post(url, genuine, headers: captured) == 200)
                let before = try await gateway.store.timeline(applicationId: id, portal: "demo")?.count
                #expect(try await post(url, body("SM2-3", "DECLINED"), headers: captured) == 401, "another body")
                #expect(try await post(url, genuine, headers: captured) == 401, "the same again")
                #expect(try await gateway.store.timeline(applicationId: id, portal: "demo")?.count == before)
                #expect(try await gateway.store.application(id: id, portal: "demo")?.receipt.targets.first?.status == .accepted)
            }
        }
    }
}
