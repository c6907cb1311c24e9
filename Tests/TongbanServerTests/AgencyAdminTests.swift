import Foundation
import NIOHTTP1
import Testing
import TongbanClient
import TongbanCore
import TongbanTestSupport

/// Agency self-service over real HTTP with a real SQLite file: an agency token sees and
/// changes only its own adapters (403 and nothing changed otherwise); a spec sent through
/// the admin API is checked like a file, stored as a new version, and takes effect for the
/// next request; every change is in the audit chain.
@Suite struct AgencyAdminTests {
    static let operatorToken = [("Authorization", "Bearer sandbox-admin-token-NOT-A-SECRET")]
    static let notary = [("Authorization", "Bearer sandbox-agency-notary-token-NOT-A-SECRET")]
    static let arbitration = [("Authorization", "Bearer sandbox-agency-arbitration-token-NOT-A-SECRET")]

    static func spec(_ id: String) throws -> String {
        try String(contentsOf: Fixtures.root.appendingPathComponent("Adapters/\(id).yaml"), encoding: .utf8)
    }

    func put(_ client: PortalClient, _ id: String, _ text: String, as token: [(String, String)], type: String = "application/yaml") async throws -> PortalClient.Reply {
        try await client.send(.PUT, "/admin/v1/adapters/\(id)", body: Array(text.utf8), contentType: type, extraHeaders: token)
    }

    func json(_ reply: PortalClient.Reply) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Any]) ?? [:]
    }

    @Test func anAgencyTokenCannotReadOrChangeAnotherAgencysAdapter() async throws {
        try await LiveGateway.with { gateway in
            let client = gateway.client("demo")
            // It lists only its own adapter.
            let listed = json(try await client.send(.GET, "/admin/v1/adapters", extraHeaders: Self.notary))["adapters"] as? [[String: Any]]
            #expect(listed?.compactMap { $0["id"] as? String } == ["notary-sandbox"])

            let arbitrationSpec = try Self.spec("arbitration-sandbox")
            let changed = arbitrationSpec.replacingOccurrences(of: "priority: 10", with: "priority: 99")
            #expect(try await client.send(.GET, "/admin/v1/adapters/arbitration-sandbox", extraHeaders: Self.notary).status == 403)
            #expect(try await put(client, "arbitration-sandbox", changed, as: Self.notary).status == 403)
            #expect(try await client.send(.DELETE, "/admin/v1/adapters/arbitration-sandbox", extraHeaders: Self.notary).status == 403)
            let trial = #"{"application": \#(String(decoding: try Fixtures.application("canonical/arbitration-filing.json"), as: UTF8.self))}"#
            #expect(try await client.send(.POST, "/admin/v1/adapters/arbitration-sandbox/try", body: Array(trial.utf8), contentType: "application/json",
                                          extraHeaders: Self.notary).status == 403)
            // Nor can it take over an id with a spec owned by another code, or create one in another's name.
            let notarySpec = try Self.spec("notary-sandbox")
            // (Another notary office's code, valid for the service, not bound to this token.)
            let otherOffice = "32310000425009999" + String(try #require(CreditCode.checkCharacter(for: "32310000425009999")))
            let disguised = notarySpec.replacingOccurrences(of: "32310000425001234H", with: otherOffice)
            #expect(try await put(client, "notary-sandbox", disguised, as: Self.notary).status == 403)
            let foreignNew = arbitrationSpec.replacingOccurrences(of: "id: arbitration-sandbox", with: "id: arbitration-two")
            #expect(try await put(client, "arbitration-two", foreignNew, as: Self.notary).status == 403)
            // Operator-only routes refuse agency tokens.
            for (method, path) in [(HTTPMethod.GET, "/admin/v1/dead-letters"), (.POST, "/admin/v1/reload"), (.POST, "/admin/v1/drain"),
                                   (.GET, "/admin/v1/stats"), (.GET, "/admin/v1/audit")] {
                #expect(try await client.send(method, path, extraHeaders: Self.notary).status == 403, "\(method) \(path)")
            }
            #expect(try await client.send(.GET, "/admin/v1/adapters", extraHeaders: [("Authorization", "Bearer not-a-token-at-all-xx")]).status == 401)

            // Nothing changed: the file is in force, nothing was stored, no admin change was recorded.
            let detail = json(try await client.send(.GET, "/admin/v1/adapters/arbitration-sandbox", extraHeaders: Self.operatorToken))
            #expect((detail["origin"] as? [String: Any])?["kind"] as? String == "file")
            #expect((detail["versions"] as? [Any])?.isEmpty == true)
            #expect(try await gateway.store.adapterSpecHistory(adapterId: "arbitration-two").isEmpty)
            #expect(try await gateway.store.adminChanges(limit: 10).isEmpty)
            #expect(try await gateway.store.adapterSpecHistory(adapterId: "notary-sandbox").isEmpty)
            // Its owner may read it.
            #expect(try await client.send(.GET, "/admin/v1/adapters/arbitration-sandbox", extraHeaders: Self.arbitration).status == 200)
        }
    }

    @Test func aStoredSpecIsCheckedVersionedAndInForceForTheNextRequest() async throws {
        try await LiveGateway.with { gateway in
            let client = gateway.client("demo")
            let original = try Self.spec("notary-sandbox")
            var sample = try Fixtures.object("canonical/notary-will.json")
            func submit(_ caseNo: String) async throws -> Int {
                sample["portalCaseNo"] = caseNo
                return try await client.submit(Fixtures.bytes(sample)).status
            }
            #expect(try await submit("AG-1") == 202)

            // Bad input is refused precisely and stores nothing.
            let invalid = original.replacingOccurrences(of: "priority: 10", with: "priority: banana")
            let refused = try await put(client, "notary-sandbox", invalid, as: Self.notary)
            #expect(refused.status == 422)
            #expect(refused.text.contains("priority"), "\(refused.text)")
            #expect(try await put(client, "notary-sandbox", original, as: Self.notary, type: "text/plain").status == 415)
            #expect(try await put(client, "other-id", original, as: Self.notary).status == 422)
            #expect(try await put(client, "Bad_Id", original, as: Self.notary).status == 400)
            let unknownSecret = original.replacingOccurrences(of: "TONGBAN_ADAPTER_NOTARY_SECRET", with: "TONGBAN_NO_SUCH_SECRET")
            #expect(try await put(client, "notary-sandbox", unknownSecret, as: Self.notary).status == 422)
            #expect(try await gateway.store.adapterSpecHistory(adapterId: "notary-sandbox").isEmpty)

            // A valid spec that narrows the notary office to Pudong: notary applications from
            // Xuhui (310104) have no office any more, from the next request on.
            let moved = original.replacingOccurrences(of: #"regions: ["310000"]"#, with: #"regions: ["310115"]"#)
            let stored = try await put(client, "notary-sandbox", moved, as: Self.notary)
            #expect(stored.status == 200, "\(stored.text)")
            #expect(json(stored)["version"] as? Int == 1)
            #expect(json(stored)["status"] as? String == "replaced")
            #expect(try await submit("AG-2") == 422)
            // The same text again adds no version.
            #expect(json(try await put(client, "notary-sandbox", moved, as: Self.notary))["status"] as? String == "unchanged")

            // Back to the original through a second version; both are kept.
            #expect(try await put(client, "notary-sandbox", original, as: Self.notary).status == 200)
            #expect(try await submit("AG-3") == 202)
            let detail = json(try await client.send(.GET, "/admin/v1/adapters/notary-sandbox", extraHeaders: Self.notary))
            #expect((detail["versions"] as? [[String: Any]])?.compactMap { $0["version"] as? Int } == [2, 1])
            let first = json(try await client.send(.GET, "/admin/v1/adapters/notary-sandbox?version=1", extraHeaders: Self.notary))
            #expect(first["text"] as? String == moved)

            // A new adapter of its own, then deleted: gone from the set, versions kept.
            // A second adapter reads its secret from its own namespace.
            let second = original.replacingOccurrences(of: "id: notary-sandbox", with: "id: notary-two")
                .replacingOccurrences(of: "TONGBAN_ADAPTER_NOTARY_SECRET", with: "TONGBAN_ADAPTER_NOTARY_TWO__SECRET")
            #expect(try await put(client, "notary-two", second, as: Self.notary).status == 201)
            #expect(json(try await client.send(.GET, "/admin/v1/adapters", extraHeaders: Self.notary))["adapters"].map { "\($0)" }?.contains("notary-two") == true)
            let deleted = try await client.send(.DELETE, "/admin/v1/adapters/notary-two", extraHeaders: Self.notary)
            #expect(deleted.status == 200)
            #expect(json(deleted)["fileInForce"] as? Bool == false)
            #expect(try await client.send(.DELETE, "/admin/v1/adapters/notary-two", extraHeaders: Self.notary).status == 404)
            #expect(try await gateway.store.adapterSpecHistory(adapterId: "notary-two").map(\.version) == [2, 1])
            // The freed id stays the notary office's: another agency cannot take it over.
            let takeover = try Self.spec("arbitration-sandbox").replacingOccurrences(of: "id: arbitration-sandbox", with: "id: notary-two")
            #expect(try await put(client, "notary-two", takeover, as: Self.arbitration).status == 403)
            #expect(try await client.send(.GET, "/admin/v1/adapters/notary-two", extraHeaders: Self.arbitration).status == 403)
            // A file-defined adapter is not deleted through the API.
            #expect(try await client.send(.DELETE, "/admin/v1/adapters/lawyer-sandbox", extraHeaders: Self.operatorToken).status == 409)

            // Every change is in the audit chain, by whom, and the chain holds.
            let changes = try await gateway.store.adminChanges(limit: 10)
            #expect(changes.map(\.action) == ["adapter.delete", "adapter.put", "adapter.put", "adapter.put"])
            #expect(changes.allSatisfy { $0.actor == "agency:32310000425001234H" })
            guard case .intact = try gateway.store.verifyChain() else { Issue.record("the chain is broken"); return }
        }
    }

    @Test func tryShowsTheRequestACandidateSpecWouldSend() async throws {
        try await LiveGateway.with { gateway in
            let client = gateway.client("demo")
            let application = String(decoding: try Fixtures.application("canonical/notary-will.json"), as: UTF8.self)
            let candidate = try Self.spec("notary-sandbox").replacingOccurrences(of: "path: /gzsq/submit", with: "path: /gzsq/v2/submit")
            let body = try JSONSerialization.data(withJSONObject: ["application": try JSONSerialization.jsonObject(with: Data(application.utf8)), "spec": candidate])
            let reply = try await client.send(.POST, "/admin/v1/adapters/notary-sandbox/try", body: Array(body), contentType: "application/json",
                                              extraHeaders: Self.notary)
            #expect(reply.status == 200, "\(reply.text)")
            let request = json(reply)["request"] as? [String: Any]
            #expect((request?["url"] as? String)?.hasSuffix("/gzsq/v2/submit") == true)
            #expect((request?["body"] as? String)?.contains("<GZSQ>") == true)
            // Secrets stay hidden; nothing was stored.
            #expect(!reply.text.contains("NOT-A-SECRET"))
            #expect(try await gateway.store.adapterSpecHistory(adapterId: "notary-sandbox").isEmpty)
            // Malformed bodies are 400/415, a wrong application 400.
            #expect(try await client.send(.POST, "/admin/v1/adapters/notary-sandbox/try", body: Array("{".utf8), contentType: "application/json",
                                          extraHeaders: Self.notary).status == 400)
            #expect(try await client.send(.POST, "/admin/v1/adapters/notary-sandbox/try", body: Array("{}".utf8), contentType: "text/plain",
                                          extraHeaders: Self.notary).status == 415)
            #expect(try await client.send(.POST, "/admin/v1/adapters/notary-sandbox/try", body: Array(#"{"application": {"nope": 1}}"#.utf8),
                                          contentType: "application/json", extraHeaders: Self.notary).status == 400)
        }
    }
}
