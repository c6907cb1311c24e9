import Foundation
import Testing
import TongbanCore
import TongbanSandbox
import TongbanTestSupport

/// `/metrics` after a scripted run over real HTTP: the counters say what happened.
@Suite struct MetricsTests {
    /// `name{a="x",b="y"}` → value, from the Prometheus text.
    func samples(_ text: String) -> [String: Double] {
        var out: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
            out[String(line[..<space])] = value
        }
        return out
    }

    func sum(_ samples: [String: Double], _ name: String, where labels: [String] = []) -> Double {
        samples.filter { key, _ in key.hasPrefix(name + "{") && labels.allSatisfy { key.contains($0) } }.values.reduce(0, +)
    }

    @Test func theCountersMatchAScriptedRun() async throws {
        try await LiveSandbox.with(callbacks: LiveCallbackTests.settings()) { sandbox in
            try await LiveGateway.with(dispatch: true, configure: { $0.adapters = sandbox.adapters(from: $0) }) { gateway in
                sandbox.redirectCallbacks(to: gateway.baseURL)
                let client = gateway.client("demo")
                let ids = try await LiveCallbackTests().submitAll(gateway)                     // one accepted per canonical sample
                let n = Double(ids.count)
                #expect(try await client.submit(try Fixtures.application("canonical/notary-will.json")).status == 202)   // accepted (its own case number)
                #expect(try await client.submit(try Fixtures.application("canonical/notary-will.json")).status == 202)   // replayed
                let broken = String(decoding: try Fixtures.application("canonical/mediation-request.json"), as: UTF8.self)
                    .replacingOccurrences(of: "\"portalCaseNo\": \"", with: "\"portalCaseNo\": \"X").replacingOccurrences(of: "\"region\": \"", with: "\"region\": \"9")
                #expect(try await client.submit(Array(broken.utf8)).status == 422)                                     // validation
                #expect(try await eventually(within: 30) {
                    for id in ids.values where (try? await LiveCallbackTests().overall(gateway, id))?["status"] as? String != "completed" { return false }
                    return true
                })
                var moved = 0, statusChanges = 0
                for id in ids.values {
                    for event in try await LiveCallbackTests().timeline(gateway, id) {
                        if event["type"] as? String == "callback", event["moved"] as? Bool == true { moved += 1 }
                        if event["type"] as? String == "status" { statusChanges += 1 }
                    }
                }
                let expectedChanges = statusChanges
                // The notifier marks the demo portal's notifications skipped (it has no webhook) as it gets to them.
                #expect(await eventually {
                    let text = (try? await client.send(.GET, "/metrics").text) ?? ""
                    return sum(samples(text), "tongban_notifications_total") >= Double(expectedChanges)
                })
                let m = samples(try await client.send(.GET, "/metrics").text)
                #expect(m[#"tongban_intake_outcomes_total{outcome="accepted"}"#] == n + 1)
                #expect(m[#"tongban_intake_outcomes_total{outcome="replayed"}"#] == 1)
                #expect(m[#"tongban_intake_outcomes_total{outcome="validation"}"#] == 1)
                #expect(sum(m, "tongban_http_requests_total", where: [#"route="/v1/applications""#, #"method="POST""#, #"status="202""#]) == n + 2)
                #expect(sum(m, "tongban_http_requests_total", where: [#"route="/v1/applications""#, #"status="422""#]) == 1)
                #expect(sum(m, "tongban_deliveries_total", where: [#"outcome="delivered""#]) == n + 2)   // n + 1 applications, the bundle twice
                #expect(sum(m, "tongban_deliveries_total", where: [#"adapter="legal-aid-sandbox""#, #"outcome="delivered""#]) == 2)
                #expect(sum(m, "tongban_callbacks_total", where: [#"outcome="moved""#]) >= Double(moved))
                #expect(sum(m, "tongban_notifications_total", where: [#"outcome="skipped""#]) >= Double(expectedChanges))
                #expect(sum(m, "tongban_applications") == n + 1 && m[#"tongban_applications{status="completed"}"#] ?? 0 >= n)
                #expect(sum(m, "tongban_outbox_deliveries", where: [#"state="done""#]) == n + 2)
                // Emptied states read zero, not their last count.
                #expect(m[#"tongban_outbox_deliveries{adapter="lawyer-sandbox",state="pending"}"#] == 0)
                #expect(m[#"tongban_applications{status="submitted"}"#] == 0)
                #expect(sum(m, "tongban_breaker_state") == 0 && m.keys.contains { $0.hasPrefix("tongban_breaker_state{") })
                #expect(m.keys.contains { $0.hasPrefix("tongban_http_request_duration_seconds_bucket{") })
            }
        }
    }

    /// A back end down for a moment: its deliveries are retried, and
    /// `tongban_delivery_retries_total` counts exactly the attempts after the first; a target
    /// past its due date shows in `tongban_targets_overdue` for its service.
    @Test func retriesAndOverdueTargetsAreCounted() async throws {
        let clock = ShiftedClock()
        try await LiveSandbox.with { sandbox in
            try await LiveGateway.with(dispatch: true, clock: clock, configure: {
                $0.adapters = sandbox.adapters(from: $0) { limits in
                    limits.retry.initialDelay = 0.05
                    limits.retry.maxDelay = 0.2
                    limits.retry.attempts = 50
                    limits.breaker.failureThreshold = 1000
                }
            }) { gateway in
                var outage = Faults()
                outage.outage = true
                try sandbox["mediation-sandbox"].setFaults(outage)
                var object = try Fixtures.object("canonical/mediation-request.json")
                object["portalCaseNo"] = "MX-1"
                let reply = try await gateway.client("demo").submit(Fixtures.bytes(object))
                let id = try #require(try JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Any])["id"] as? String ?? ""
                // The back end counts what reached it: refused attempts, then the one that created the case.
                #expect(await eventually { sandbox["mediation-sandbox"].stats.received >= 3 })
                try sandbox["mediation-sandbox"].setFaults(Faults())
                // Delivered as the gateway sees it (the outcome recorded), so no attempt is in flight.
                #expect(await eventually {
                    ((try? await gateway.applicationObject(id))?["targets"] as? [[String: Any]])?.first?["status"] as? String == "delivered"
                })
                #expect(sandbox["mediation-sandbox"].stats.created == 1)
                let attempted = sandbox["mediation-sandbox"].stats.received

                // Sixty days on, the delivered target (no back-end callback closed it) is past its due date.
                clock.jump(60 * 86_400)
                let m = samples(try await gateway.client("demo").send(.GET, "/metrics").text)
                #expect(m[#"tongban_delivery_retries_total{adapter="mediation-sandbox"}"#] == Double(attempted - 1), "\(m.filter { $0.key.contains("retries") })")
                #expect(sum(m, "tongban_deliveries_total", where: [#"adapter="mediation-sandbox""#, #"outcome="retry""#]) == Double(attempted - 1))
                #expect(m[#"tongban_targets_overdue{service="mediation"}"#] == 1)
                #expect(sum(m, "tongban_targets_overdue") == 1)
                #expect(m[#"tongban_targets_overdue{service="notary"}"#] == 0)
            }
        }
    }
}
