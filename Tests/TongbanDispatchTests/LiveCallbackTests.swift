import AsyncHTTPClient
import Foundation
import NIOCore
import Testing
import TongbanAdapters
import TongbanCore
import TongbanSandbox
import TongbanStore
import TongbanTestSupport

/// The whole loop over real HTTP: the gateway delivers to the sandbox back ends, they
/// call back `POST /v1/callbacks/{adapterId}`, the gateway verifies, dedupes, maps, moves
/// the targets and aggregates each application's status.
@Suite(.serialized) struct LiveCallbackTests {
    static func settings() -> CallbackSettings { LiveSandbox.quickCallbacks() }

    /// Submits every canonical sample; returns sample name → application id.
    func submitAll(_ gateway: LiveGateway) async throws -> [String: String] { try await gateway.submitEverySample() }

    func overall(_ gateway: LiveGateway, _ id: String) async throws -> [String: Any] { try await gateway.applicationObject(id) }

    func timeline(_ gateway: LiveGateway, _ id: String) async throws -> [[String: Any]] {
        let reply = try await gateway.client("demo").send(.GET, "/v1/applications/\(id)/events")
        #expect(reply.status == 200)
        let body = try #require(try JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Any])
        return try #require(body["events"] as? [[String: Any]])
    }

    @Test func fullLifeCyclesForAllSixServicesAndABundleWithOneRefusal() async throws {
        try await LiveSandbox.with(callbacks: Self.settings()) { sandbox in
            // Legal aid accepts, then ends the aid: both its cases end rejected.
            var refuse = Faults()
            refuse.lifeCycle = ["已受理", "终止援助"]
            try sandbox["legal-aid-sandbox"].setFaults(refuse)
            try await LiveGateway.with(dispatch: true, configure: { $0.adapters = sandbox.adapters(from: $0) }) { gateway in
                sandbox.redirectCallbacks(to: gateway.baseURL)
                let ids = try await submitAll(gateway)
                let expected: [String: String] = Dictionary(uniqueKeysWithValues: ids.keys.map { name in
                    (name, name == "bundle-unpaid-wages" ? "partially_completed" : name.hasPrefix("legal-aid") ? "rejected" : "completed")
                })
                let settled = await eventually(within: 30) {
                    for (name, id) in ids where (try? await overall(gateway, id))?["status"] as? String != expected[name] { return false }
                    return true
                }
                #expect(settled)
                for (name, id) in ids {
                    let view = try await overall(gateway, id)
                    #expect(view["status"] as? String == expected[name], "\(name): \(view["status"] ?? "")")
                    #expect(view["evaluationCode"] as? Int == 3, "\(name)")
                    let events = try await timeline(gateway, id)
                    let callbacks = events.filter { $0["type"] as? String == "callback" }
                    // Every callback moved its target, or repeated its canonical status (HEARING after
                    // CONSTITUTED are both in_progress): none was late or illegal.
                    let verdicts = callbacks.compactMap { $0["verdict"] as? String }
                    #expect(!verdicts.isEmpty && verdicts.allSatisfy { $0 == "moved" || $0 == "unchanged" }, "\(name): \(verdicts)")
                    #expect(callbacks.allSatisfy { ($0["moved"] as? Bool) == ($0["verdict"] as? String == "moved") })
                    // submitted, one delivery per target, the callbacks, and each change of the overall status.
                    let statusChanges = events.filter { $0["type"] as? String == "status" }.compactMap { $0["toStatus"] as? String }
                    #expect(statusChanges.last == expected[name], "\(name): \(statusChanges)")
                    #expect(view["statusVersion"] as? Int == 1 + statusChanges.count)
                    let seqs = events.compactMap { $0["seq"] as? Int }
                    #expect(seqs == seqs.sorted(), "in order")
                }
                // Nothing was refused along the way.
                for backend in sandbox.backends.values {
                    #expect(backend.stats.callbacksAbandoned == 0 && backend.callbacks.allSatisfy { $0.httpStatus == 200 }, "\(backend.profile.id)")
                }
                #expect(try await gateway.store.anomalies(limit: 10).isEmpty)
            }
        }
    }

    /// Signs callbacks as adapter `id`'s back end does: its spec's `callback.auth` with its secret.
    static func callbackSigner(_ gateway: LiveGateway, _ id: String) throws -> RequestSigner {
        let spec = try #require(gateway.configuration.adapters.adapters.compactMap { $0 as? DeclarativeAdapter }.first { $0.id == id }?.spec.callback)
        return RequestSigner(auth: spec.auth, secret: try #require(try Fixtures.sampleEnvironment()[spec.auth.secretEnv ?? ""]))
    }

    @Test func duplicateAndOutOfOrderCallbacksLeaveTheRightFinalStatus() async throws {
        try await LiveSandbox.with(callbacks: Self.settings()) { sandbox in
            var duplicates = Faults()
            duplicates.duplicateCallbacks = true
            try sandbox["lawyer-sandbox"].setFaults(duplicates)
            var shuffled = Faults()
            shuffled.outOfOrderCallbacks = true
            try sandbox["notary-sandbox"].setFaults(shuffled)
            try await LiveGateway.with(dispatch: true, configure: { $0.adapters = sandbox.adapters(from: $0) }) { gateway in
                sandbox.redirectCallbacks(to: gateway.baseURL)
                let ids = try await submitAll(gateway)
                let lawyer = try #require(ids["lawyer-consultation"]), notary = try #require(ids["notary-will"])
                #expect(await eventually(within: 30) {
                    sandbox["lawyer-sandbox"].stats.callbacksAcknowledged == 6 && sandbox["notary-sandbox"].stats.callbacksAcknowledged == 4
                })
                #expect(try await overall(gateway, lawyer)["status"] as? String == "completed")
                #expect(try await overall(gateway, notary)["status"] as? String == "completed")
                // Each lawyer event recorded once although sent twice.
                let lawyerCallbacks = try await timeline(gateway, lawyer).filter { $0["type"] as? String == "callback" }
                #expect(lawyerCallbacks.compactMap { $0["nativeStatus"] as? String } == ["RECEIVED", "ASSIGNED", "ANSWERED"])
                // Notary sent 02 before 01 and 05 before 04: the late ones are kept, marked, and moved nothing.
                let notaryCallbacks = try await timeline(gateway, notary).filter { $0["type"] as? String == "callback" }
                #expect(notaryCallbacks.compactMap { $0["nativeStatus"] as? String } == ["02", "01", "05", "04"])
                #expect(notaryCallbacks.compactMap { $0["verdict"] as? String } == ["moved", "late", "moved", "late"])
                #expect(notaryCallbacks.compactMap { $0["moved"] as? Bool } == [true, false, true, false])
            }
        }
    }

    @Test func forgedUnsignedUnknownAndRepeatedCallbacksChangeNothing() async throws {
        try await LiveSandbox.with { sandbox in
            try await LiveGateway.with(dispatch: true, configure: {
                $0.adapters = sandbox.adapters(from: $0)
                $0.settings.admin.token = "test-admin-token-0123456789"
            }) { gateway in
                let ids = try await submitAll(gateway)
                let id = try #require(ids["lawyer-consultation"])
                #expect(await eventually { (try? await gateway.store.application(id: id, portal: "demo"))?.receipt.targets.first?.backendRef != nil })
                let caseRef = try #require(try await gateway.store.application(id: id, portal: "demo")?.receipt.targets.first?.backendRef)
                func post(_ adapter: String, _ body: String, headers: [(String, String)]) async throws -> (Int, String) {
                    var request = HTTPClientRequest(url: "\(gateway.baseURL)/v1/callbacks/\(adapter)")
                    request.method = .POST
                    for (name, value) in headers { request.headers.add(name: name, value: value) }
                    request.body = .bytes(ByteBuffer(string: body))
                    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
                    return (Int(response.status.code), String(buffer: try await response.body.collect(upTo: 1 << 16)))
                }
                let now = RFC3339.format(Date())
                func event(_ id: String, _ state: String, ref: String? = nil) -> String {
                    #"{"eventId":"\#(id)","consultationNo":"\#(ref ?? caseRef)","state":"\#(state)","at":"\#(now)"}"#
                }
                // Signed as the lawyer back end signs (its declared scheme), afresh for each request.
                let lawyer = try Self.callbackSigner(gateway, "lawyer-sandbox")
                func signed(_ body: String) -> [(String, String)] {
                    lawyer.headers(method: "POST", path: "/v1/callbacks/lawyer-sandbox", body: Array(body.utf8), now: Date(), nonce: RequestSigner.randomNonce())
                        .map { ($0.name, $0.value) } + [("Content-Type", "application/json")]
                }
                func state() async throws -> (String, Int) {
                    let stored = try #require(try await gateway.store.application(id: id, portal: "demo"))
                    return (stored.receipt.targets[0].status.rawValue, try await timeline(gateway, id).count)
                }
                let before = try await state()

                #expect(try await post("lawyer-sandbox", event("E1", "RECEIVED"), headers: [("Content-Type", "application/json")]).0 == 401)
                #expect(try await post("lawyer-sandbox", event("E1", "RECEIVED"), headers: [("Authorization", "Bearer forged")]).0 == 401)
                #expect(try await post("no-such-adapter", event("E1", "RECEIVED"), headers: signed(event("E1", "RECEIVED"))).0 == 401)  // like a failed authentication
                #expect(try await post("lawyer-sandbox", "{not json", headers: signed("{not json")).0 == 400)
                #expect(try await post("lawyer-sandbox", #"{"eventId":"E1"}"#, headers: signed(#"{"eventId":"E1"}"#)).0 == 400)
                let (unknownStatus, text) = try await post("lawyer-sandbox", event("E2", "TELEPORTED"), headers: signed(event("E2", "TELEPORTED")))
                #expect(unknownStatus == 422 && text.contains("TELEPORTED"), "\(text)")
                #expect(try await post("lawyer-sandbox", event("E3", "RECEIVED", ref: "LS-NOPE"), headers: signed(event("E3", "RECEIVED", ref: "LS-NOPE"))).0 == 404)
                #expect(try await state() == before, "nothing changed")
                let anomalies = try await gateway.store.anomalies(limit: 10)
                #expect(anomalies.map(\.reason) == ["unknown case", "unknown status"])
                let listed = try await gateway.client("demo").send(.GET, "/admin/v1/anomalies", extraHeaders: [("Authorization", "Bearer test-admin-token-0123456789")])
                #expect(listed.status == 200 && listed.text.contains("TELEPORTED") && listed.text.contains("LS-NOPE"), "\(listed.text)")

                let (first, answer) = try await post("lawyer-sandbox", event("E4", "RECEIVED"), headers: signed(event("E4", "RECEIVED")))
                #expect(first == 200 && answer.contains(#""verdict":"moved""#), "\(answer)")
                // The back end sending the same event again (signed afresh) is a duplicate, not a replay.
                let (again, repeated) = try await post("lawyer-sandbox", event("E4", "RECEIVED"), headers: signed(event("E4", "RECEIVED")))
                #expect(again == 200 && repeated.contains(#""duplicate":true"#), "\(repeated)")
                let after = try await state()
                #expect(after.0 == "accepted" && after.1 == before.1 + 2, "one callback and one status change recorded, once")

                // The same signed headers sent again within the window are a replay.
                let arbitration = try Self.callbackSigner(gateway, "arbitration-sandbox")
                let body = #"{"id":"X1","caseNumber":"SHAC-NOPE","stage":"FILED","occurredAt":"\#(now)"}"#
                let captured = arbitration.headers(method: "POST", path: "/v1/callbacks/arbitration-sandbox", body: Array(body.utf8), now: Date(),
                                                   nonce: "nonce-\(UUID().uuidString)").map { ($0.name, $0.value) }
                #expect(try await post("arbitration-sandbox", body, headers: captured).0 == 404, "signed: accepted, but no such case")
                #expect(try await post("arbitration-sandbox", body, headers: captured).0 == 401, "replayed nonce")
            }
        }
    }
}
