import Foundation
import Testing
import TongbanAdapters
import TongbanClient
import TongbanSandbox
import TongbanTestSupport

/// `/readyz` over real HTTP: ready with every adapter's health from its breaker, still ready
/// (intake goes on) while one back end fails, and failing while the drain switch is on.
@Suite struct ReadinessTests {
    func readyz(_ gateway: LiveGateway) async throws -> (status: Int, body: [String: Any]) {
        let reply = try await gateway.client("demo").send(.GET, "/readyz", extraHeaders: [("Authorization", "Bearer test-admin-token-0123456789")])
        return (reply.status, try #require(try JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Any], "\(reply.text)"))
    }

    @Test func readyzReportsAdaptersAndTheDrainSwitch() async throws {
        try await LiveSandbox.with { sandbox in
            try await LiveGateway.with(dispatch: true, configure: {
                let adapters = sandbox.adapters(from: $0) { limits in
                    limits.retry.initialDelay = 0.05
                    limits.retry.maxDelay = 0.1
                    limits.retry.attempts = 50
                    limits.breaker.failureThreshold = 2
                    limits.breaker.openSeconds = 5
                }
                // Probes every 100 ms (the sample specs say 15 s).
                $0.adapters = AdapterDirectory(adapters.adapters.map { adapter in
                    (adapter as? DeclarativeAdapter).map {
                        $0.with(probe: ProbeSpec(path: "/_sandbox/health", intervalSeconds: 0.1, timeoutSeconds: 1, signed: $0.spec.probe?.signed ?? false))
                    } ?? adapter
                })
                $0.settings.admin.token = "test-admin-token-0123456789"
            }) { gateway in
                var (status, body) = try await readyz(gateway)
                #expect(status == 200 && body["status"] as? String == "ready" && body["store"] as? String == "ok", "\(body)")
                let adapters = try #require(body["adapters"] as? [String: String])
                #expect(adapters.count == BackendProfile.all().count && adapters.values.allSatisfy { $0 == "ok" }, "\(adapters)")
                #expect((body["config"] as? [String: Any])?["adapters"] as? Int == BackendProfile.all().count)
                @Sendable func probe(_ id: String) async throws -> [String: Any]? {
                    (try await readyz(gateway).body["probes"] as? [String: [String: Any]])?[id]
                }
                #expect(try await eventually { try await probe("notary-sandbox")?["up"] as? Bool == true })
                let openapi = try await gateway.client("demo").send(.GET, "/openapi.json")
                let described = try JSONSerialization.jsonObject(with: Data(openapi.body)) as? [String: Any]
                #expect(openapi.status == 200 && described?["openapi"] as? String == "3.1.0")

                // The notary office goes down: its breaker opens, /readyz says so and stays 200.
                var outage = Faults()
                outage.outage = true
                try sandbox["notary-sandbox"].setFaults(outage)
                var object = try Fixtures.object("canonical/notary-will.json")
                object["portalCaseNo"] = "RZ-\(UUID().uuidString.prefix(8))"
                #expect(try await gateway.client("demo").submit(Fixtures.bytes(object)).status == 202)
                #expect(try await eventually { try await (readyz(gateway).body["adapters"] as? [String: String])?["notary-sandbox"] == "failing" })
                // Its probe sees the outage too, before any delivery would.
                #expect(try await eventually { try await probe("notary-sandbox")?["detail"] as? String == "HTTP 503" })
                #expect(try await probe("lawyer-sandbox")?["up"] as? Bool == true)
                let metrics = try await gateway.client("demo").send(.GET, "/metrics").text
                #expect(metrics.contains(#"tongban_probe_up{adapter="notary-sandbox"} 0"#) && metrics.contains(#"tongban_probe_up{adapter="lawyer-sandbox"} 1"#), "\(metrics)")
                (status, body) = try await readyz(gateway)
                #expect(status == 200 && (body["adapters"] as? [String: String])?["lawyer-sandbox"] == "ok")

                // Draining: /readyz fails, requests are still served; undrained, ready again.
                let admin = [("Authorization", "Bearer test-admin-token-0123456789")]
                #expect(try await gateway.client("demo").send(.POST, "/admin/v1/drain").status == 401)
                #expect(try await gateway.client("demo").send(.POST, "/admin/v1/drain", extraHeaders: admin).status == 200)
                (status, body) = try await readyz(gateway)
                #expect(status == 503 && body["status"] as? String == "draining" && body["draining"] as? Bool == true)
                object["portalCaseNo"] = "RZ-\(UUID().uuidString.prefix(8))"
                #expect(try await gateway.client("demo").submit(Fixtures.bytes(object)).status == 202)
                #expect(try await gateway.client("demo").send(.DELETE, "/admin/v1/drain", extraHeaders: admin).status == 200)
                #expect(try await readyz(gateway).status == 200)
            }
        }
    }
}
