import Foundation
import Testing
import TongbanClient
import TongbanTestSupport

/// An attacker holding one agency's admin token (the notary office's), against the real
/// binary with the sample configuration: every attempt to step outside the agency's grant
/// is refused precisely, stores nothing, puts nothing in force, leaves the audit chain as
/// it was, and the listener standing in for the agency's server receives nothing.
@Suite(.serialized) struct AgencyAttackTests {
    typealias T = TrustSetup

    /// A gateway on a private config copy (egress also allowing the listener's port), with
    /// a listener for the agency's own server.
    func attack(environment: [String: String] = [:], _ body: @Sendable (GatewayProcess, PortalClient, CallbackRecorder, String) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("agency-attack-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let listener = CallbackRecorder(route: "**")
        try await listener.with { listenerURL in
            let listenerPort = Int(listenerURL.split(separator: ":").last!)!
            let config = try T.config(in: directory, edit: T.allowing(port: listenerPort))
            let gateway = try await GatewayProcess(sqlitePath: directory.appendingPathComponent("g.sqlite").path,
                                                   logPath: directory.appendingPathComponent("g.log").path, configDirectory: config,
                                                   adaptersDirectory: Fixtures.root.appendingPathComponent("Adapters").path,
                                                   port: try T.freePort(), environment: environment)
            defer { gateway.terminate() }
            try await body(gateway, try T.client(gateway.baseURL), listener, listenerURL)
        }
    }

    func put(_ client: PortalClient, _ id: String, _ text: String) async throws -> PortalClient.Reply {
        try await client.send(.PUT, "/admin/v1/adapters/\(id)", body: Array(text.utf8), contentType: "application/yaml", extraHeaders: T.notary)
    }

    func audit(_ client: PortalClient) async throws -> String {
        try await client.send(.GET, "/admin/v1/audit", extraHeaders: T.operatorToken).text
    }

    /// A new notary adapter `id` at `url`, the rest as the sample notary spec.
    func notarySpec(_ id: String, at url: String) throws -> String {
        try T.spec("notary-sandbox").replacingOccurrences(of: "id: notary-sandbox", with: "id: \(id)")
            .replacingOccurrences(of: "baseURL: http://127.0.0.1:9102", with: "baseURL: \(url)")
    }

    /// The refusal a PUT of `text` as `id` must get: 422, naming each key, nothing stored,
    /// nothing audited, nothing sent.
    func expectRefused(_ client: PortalClient, _ listener: CallbackRecorder, _ id: String, _ text: String, keys: [String],
                       status: Int = 422, sourceLocation: SourceLocation = #_sourceLocation) async throws -> PortalClient.Reply {
        let before = try await audit(client)
        let reply = try await put(client, id, text)
        #expect(reply.status == status, "\(reply.text)", sourceLocation: sourceLocation)
        for key in keys { #expect(reply.text.contains(key), "\(key) not named: \(reply.text)", sourceLocation: sourceLocation) }
        #expect(try await client.send(.GET, "/admin/v1/adapters/\(id)", extraHeaders: T.operatorToken).status == 404
                || id == "notary-sandbox", sourceLocation: sourceLocation)
        #expect(try await audit(client) == before, sourceLocation: sourceLocation)
        #expect(listener.requests.isEmpty, sourceLocation: sourceLocation)
        return reply
    }

    @Test func aSpecCannotBorrowTheOperatorsOrAnyoneElsesSecrets() async throws {
        try await attack { gateway, client, listener, url in
            let base = try notarySpec("notary-evil", at: url)
            let bearer = base.replacingOccurrences(of: "  scheme: hmac-sm3\n  accessKey: tongban-gateway\n  secretEnv: TONGBAN_ADAPTER_NOTARY_SECRET",
                                                  with: "  scheme: bearer\n  secretEnv: TONGBAN_ADMIN_TOKEN")
            #expect(bearer != base)
            let refused = try await expectRefused(client, listener, "notary-evil", bearer, keys: ["auth.secretEnv", "TONGBAN_ADMIN_TOKEN"])
            #expect(!refused.text.contains("sandbox-admin-token"))
            // Another adapter's bound secret, a portal's, a webhook's, an agency's: the same.
            for name in ["TONGBAN_ADAPTER_LAWYER_TOKEN", "TONGBAN_PORTAL_DEMO_TOKEN", "TONGBAN_WEBHOOK_DEMO_SECRET", "TONGBAN_AGENCY_ARBITRATION_TOKEN",
                         "TONGBAN_ADAPTER_NOTARY_SANDBOX__X"] {
                _ = try await expectRefused(client, listener, "notary-evil", bearer.replacingOccurrences(of: "TONGBAN_ADMIN_TOKEN", with: name),
                                            keys: ["auth.secretEnv", name])
            }
            // The callback's secret too.
            let callback = base.replacingOccurrences(of: "accessKey: notary-sandbox, secretEnv: TONGBAN_ADAPTER_NOTARY_SECRET",
                                                     with: "accessKey: notary-sandbox, secretEnv: TONGBAN_ADMIN_TOKEN")
            _ = try await expectRefused(client, listener, "notary-evil", callback, keys: ["callback.auth.secretEnv", "auth.secretEnv"])
            // No answer tells whether a variable exists: a set one and an unset one read alike.
            let set = try await put(client, "notary-evil", bearer.replacingOccurrences(of: "TONGBAN_ADMIN_TOKEN", with: "TONGBAN_PORTAL_DEMO_TOKEN"))
            let unset = try await put(client, "notary-evil", bearer.replacingOccurrences(of: "TONGBAN_ADMIN_TOKEN", with: "TONGBAN_PORTAL_NONE_TOKEN"))
            func shape(_ reply: PortalClient.Reply, _ name: String) -> String {
                reply.text.replacingOccurrences(of: name, with: "NAME").replacingOccurrences(of: #""instance":"[^"]*""#, with: "", options: .regularExpression)
            }
            #expect(shape(set, "TONGBAN_PORTAL_DEMO_TOKEN") == shape(unset, "TONGBAN_PORTAL_NONE_TOKEN"))
            // The dry run refuses the same candidate.
            let trial = try JSONSerialization.data(withJSONObject: ["application": try Fixtures.object("canonical/notary-will.json"), "spec": bearer])
            let tried = try await client.send(.POST, "/admin/v1/adapters/notary-evil/try", body: Array(trial), contentType: "application/json",
                                              extraHeaders: T.notary)
            #expect(tried.status == 422 && tried.text.contains("auth.secretEnv") && !tried.text.contains("sandbox-admin-token"), "\(tried.text)")
            // Its own namespace works: the same spec with TONGBAN_ADAPTER_NOTARY_EVIL__… is refused
            // only because that variable is not set, which is its own business.
            let own = bearer.replacingOccurrences(of: "TONGBAN_ADMIN_TOKEN", with: "TONGBAN_ADAPTER_NOTARY_EVIL__TOKEN")
                .replacingOccurrences(of: "TONGBAN_ADAPTER_NOTARY_SECRET", with: "TONGBAN_ADAPTER_NOTARY_EVIL__TOKEN")
            let ownReply = try await put(client, "notary-evil", own)
            #expect(ownReply.status == 422 && ownReply.text.contains("TONGBAN_ADAPTER_NOTARY_EVIL__TOKEN is not set"), "\(ownReply.text)")
            #expect(listener.requests.isEmpty)
        }
    }

    @Test func anAgencyActsOnlyWithinItsGrant() async throws {
        try await attack { gateway, client, listener, url in
            // A notary office taking every citizen's legal-aid applications.
            let legalAid = try T.spec("legal-aid-sandbox")
                .replacingOccurrences(of: "id: legal-aid-sandbox", with: "id: legal-aid-grab")
                .replacingOccurrences(of: #"regions: ["310000"]"#, with: #"regions: ["*"]"#)
                .replacingOccurrences(of: "priority: 10", with: "priority: 1000")
                .replacingOccurrences(of: #"baseURL: http://127.0.0.1:\d+"#, with: "baseURL: \(url)", options: .regularExpression)
            let owner = try #require(try T.spec("notary-sandbox").firstMatch(of: /creditCode: "([0-9A-Z]{18})"/)?.output.1)
            let grab = legalAid.replacingOccurrences(of: #"creditCode: "[0-9A-Z]{18}""#, with: "creditCode: \"\(owner)\"", options: .regularExpression)
            _ = try await expectRefused(client, listener, "legal-aid-grab", grab, keys: ["service", "coverage.regions[0]", "priority"])
            // Within its service: a region outside its grant, a priority over its ceiling.
            let wide = try notarySpec("notary-wide", at: url).replacingOccurrences(of: #"regions: ["310000"]"#, with: #"regions: ["*"]"#)
            _ = try await expectRefused(client, listener, "notary-wide", wide, keys: ["coverage.regions[0]"])
            let loud = try notarySpec("notary-loud", at: url).replacingOccurrences(of: "priority: 10", with: "priority: 51")
            _ = try await expectRefused(client, listener, "notary-loud", loud, keys: ["priority", "at most 50"])
            // Legal aid still reaches the legal aid centre.
            let demo = try T.client(gateway.baseURL)
            let reply = try await demo.submit(Fixtures.application("canonical/legal-aid-application.json"))
            #expect(reply.status == 202 && reply.text.contains("legal-aid-sandbox") && !reply.text.contains("legal-aid-grab"), "\(reply.text)")
            #expect(listener.requests.isEmpty)
        }
    }

    @Test func anAdapterCannotPointTheGatewayAtItselfOrInternalAddresses() async throws {
        try await attack { gateway, client, listener, url in
            let port = try #require(Int(gateway.baseURL.split(separator: ":").last!))
            for target in ["http://127.0.0.1:\(port)", "http://localhost:\(port)", "http://169.254.169.254", "http://127.0.0.1:22",
                           "http://[::1]:9102", "http://10.0.0.5", "http://192.168.1.1:8080", "http://user@127.0.0.1:9102",
                           "http://0.0.0.0:\(port)", "http://[::ffff:127.0.0.1]:\(port)"] {
                _ = try await expectRefused(client, listener, "notary-egress", try notarySpec("notary-egress", at: target), keys: ["submit.baseURL"])
            }
            // Strangers learn ready or not, and nothing about back ends.
            let ready = try await client.send(.GET, "/readyz", extraHeaders: [("Authorization", "")])
            #expect(ready.status == 200 && ready.text == #"{"status":"ready"}"#, "\(ready.text)")
            let detailed = try await client.send(.GET, "/readyz", extraHeaders: T.operatorToken)
            #expect(detailed.text.contains("\"adapters\"") && detailed.text.contains("notary-sandbox"))
            // A portal's token or a wrong one learns no more; an agency only of its own adapters.
            for headers in [[("Authorization", "Bearer sandbox-demo-token-NOT-A-SECRET")], [("Authorization", "Bearer wrong-token-0123456789")]] {
                #expect(try await client.send(.GET, "/readyz", extraHeaders: headers).text == #"{"status":"ready"}"#)
            }
            let own = try JSONSerialization.jsonObject(with: Data(try await client.send(.GET, "/readyz", extraHeaders: T.notary).body)) as? [String: Any]
            #expect((own?["adapters"] as? [String: String]).map { Array($0.keys) } == ["notary-sandbox"], "\(String(describing: own))")
        }
    }

    @Test func metricsCanRequireAToken() async throws {
        try await attack(environment: ["TONGBAN_ADMIN_METRICS_TOKEN_ENV": "TEST_METRICS_TOKEN", "TEST_METRICS_TOKEN": "metrics-token-0123456789"]) { _, client, _, _ in
            #expect(try await client.send(.GET, "/metrics", extraHeaders: [("Authorization", "")]).status == 401)
            #expect(try await client.send(.GET, "/metrics", extraHeaders: T.notary).status == 401)
            let scraped = try await client.send(.GET, "/metrics", extraHeaders: [("Authorization", "Bearer metrics-token-0123456789")])
            #expect(scraped.status == 200 && scraped.text.contains("tongban_"))
            #expect(try await client.send(.GET, "/metrics", extraHeaders: T.operatorToken).status == 200)
        }
    }

    /// The 2.7 KB "billion laughs" spec that cost 37 s of CPU: refused in well under a
    /// second, and a reload behind it answers at once.
    @Test func anAliasBombIsRefusedAtOnce() async throws {
        try await attack { gateway, client, listener, url in
            var bomb = "lol0: &l0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n"
            for level in 1...9 {
                bomb += "lol\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 9).joined(separator: ", ") + "]\n"
            }
            let spec = try notarySpec("notary-bomb", at: url) + bomb.replacingOccurrences(of: "lol9:", with: "extra:")
            // A reload alone, for the baseline of this (debug, shared) machine.
            var started = Date()
            #expect(try await client.send(.POST, "/admin/v1/reload", extraHeaders: T.operatorToken).status == 200)
            let baseline = Date().timeIntervalSince(started)
            _ = try await expectRefused(client, listener, "notary-bomb", spec, keys: ["anchors"])
            started = Date()
            #expect(try await put(client, "notary-bomb", spec).status == 422)
            let refusal = Date().timeIntervalSince(started)
            #expect(refusal < 0.5, "the bomb took \(refusal) s")
            // Bombs and a reload at once: the reload is not held up.
            async let bombs: [Int] = withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<4 { group.addTask { try await put(client, "notary-bomb", spec).status } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            started = Date()
            let reload = try await client.send(.POST, "/admin/v1/reload", extraHeaders: T.operatorToken)
            let during = Date().timeIntervalSince(started)
            #expect(try await bombs == [422, 422, 422, 422])
            #expect(reload.status == 200 && during < baseline + 0.5, "reload: \(reload.status) after \(during) s (alone \(baseline) s)")
            // Without anchors: 30000 nodes in a 60 KB spec.
            let wide = try notarySpec("notary-wide", at: url) + "extra: [" + Array(repeating: "a", count: 30_000).joined(separator: ",") + "]\n"
            _ = try await expectRefused(client, listener, "notary-wide", wide, keys: ["20000 nodes"])
        }
    }

    @Test func callbackAuthenticationCannotBeSwitchedOff() async throws {
        try await attack { _, client, listener, url in
            let open = try notarySpec("notary-open", at: url)
                .replacingOccurrences(of: "auth: {scheme: hmac-sm3, accessKey: notary-sandbox, secretEnv: TONGBAN_ADAPTER_NOTARY_SECRET}",
                                      with: "auth: {scheme: none}")
            _ = try await expectRefused(client, listener, "notary-open", open, keys: ["callback.auth.scheme"])
            // Nor weakened to a scheme that signs no body: captured headers would authorise any callback.
            for weak in ["{scheme: bearer, secretEnv: TONGBAN_ADAPTER_NOTARY_WEAK__TOKEN}",
                         "{scheme: hmac-sm3-no-body, accessKey: notary-sandbox, secretEnv: TONGBAN_ADAPTER_NOTARY_WEAK__TOKEN}",
                         #"{scheme: signed, secretEnv: TONGBAN_ADAPTER_NOTARY_WEAK__TOKEN, algorithm: hmac-sm3, sign: "{timestamp}", headers: {X-T: "{timestamp}", X-S: "{signature}"}}"#] {
                let spec = try notarySpec("notary-weak", at: url)
                    .replacingOccurrences(of: "auth: {scheme: hmac-sm3, accessKey: notary-sandbox, secretEnv: TONGBAN_ADAPTER_NOTARY_SECRET}", with: "auth: \(weak)")
                let reply = try await expectRefused(client, listener, "notary-weak", spec, keys: ["callback.auth.scheme", "covers no body"])
                #expect(!reply.text.contains("NOT-A-SECRET"), "\(reply.text)")
            }
        }
    }

    @Test func quotasBoundWhatAnAgencyStores() async throws {
        try await attack(environment: ["TONGBAN_ADAPTERS_MAX_PER_AGENCY": "1", "TONGBAN_ADAPTERS_VERSIONS_KEPT": "2"]) { _, client, listener, url in
            let two = try notarySpec("notary-two", at: url)
                .replacingOccurrences(of: "TONGBAN_ADAPTER_NOTARY_SECRET", with: "TONGBAN_ADAPTER_NOTARY_TWO__SECRET")
            #expect(try await put(client, "notary-two", two).status == 201)
            let three = two.replacingOccurrences(of: "id: notary-two", with: "id: notary-three")
                .replacingOccurrences(of: "TONGBAN_ADAPTER_NOTARY_TWO__SECRET", with: "TONGBAN_ADAPTER_NOTARY_THREE__SECRET")
            _ = try await expectRefused(client, listener, "notary-three", three, keys: ["quota-exceeded", "at most 1"])
            for priority in [11, 12, 13] {
                #expect(try await put(client, "notary-two", two.replacingOccurrences(of: "priority: 10", with: "priority: \(priority)")).status == 200)
            }
            let detail = try JSONSerialization.jsonObject(with: Data(try await client.send(.GET, "/admin/v1/adapters/notary-two", extraHeaders: T.notary).body))
            let versions = ((detail as? [String: Any])?["versions"] as? [[String: Any]])?.compactMap { $0["version"] as? Int }
            #expect(versions == [4, 3])
            let eager = two.replacingOccurrences(of: "interval: 15s", with: "interval: 1s").replacingOccurrences(of: "timeout: 2s", with: "timeout: 500ms")
            let refused = try await put(client, "notary-two", eager)
            #expect(refused.status == 422 && refused.text.contains("probe.interval"), "\(refused.text)")
        }
    }
}
