import Foundation
import Testing
import TongbanAdapters
import TongbanClient
import TongbanCore
import TongbanSandbox
import TongbanStore
import TongbanTestSupport

/// Dispatch over real HTTP: the gateway (real SQLite, real dispatcher) delivering to the
/// sandbox back ends on loopback, with faults switched on and off.
@Suite(.serialized) struct LiveDispatchTests {
    /// Short waits so retries and breaker cycles fit in a test.
    static func quick(_ limits: inout LimitsSpec) {
        limits.retry.initialDelay = 0.05
        limits.retry.maxDelay = 0.2
        limits.retry.attempts = 4
        limits.breaker.failureThreshold = 3
        limits.breaker.openSeconds = 0.5
    }

    func submit(_ gateway: LiveGateway, _ name: String) async throws -> (id: String, caseNo: String) {
        var object = try Fixtures.object("canonical/\(name).json")
        let caseNo = "L-\(UUID().uuidString.prefix(10))"
        object["portalCaseNo"] = caseNo
        let reply = try await gateway.client("demo").submit(Fixtures.bytes(object))
        guard reply.status == 202, let body = try JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Any],
              let id = body["id"] as? String else { throw ProcessError("submit failed: \(reply.text)") }
        return (id, caseNo)
    }

    func allDelivered(_ gateway: LiveGateway, _ ids: [String]) async -> Bool {
        for id in ids {
            let statuses = ((try? await targets(gateway, id)) ?? []).map(\.status)
            if statuses.isEmpty || statuses.contains(where: { $0 != .delivered }) { return false }
        }
        return true
    }

    func targets(_ gateway: LiveGateway, _ id: String) async throws -> [TargetSummary] {
        try await gateway.store.application(id: id, portal: "demo")?.receipt.targets ?? []
    }

    @Test func everySampleReachesItsBackEndOnceAndABundleReachesTwo() async throws {
        try await LiveSandbox.with { sandbox in
            try await LiveGateway.with(dispatch: true, configure: { $0.adapters = sandbox.adapters(from: $0, limits: Self.quick) }) { gateway in
                var ids: [String] = []
                for name in try Fixtures.canonicalNames() {
                    ids.append(try await submit(gateway, String(name.dropFirst("canonical/".count).dropLast(5))).id)
                }
                let submitted = ids
                #expect(await eventually { await allDelivered(gateway, submitted) })
                // Seven samples: the bundle adds one to legal aid and one to mediation.
                let expected = ["lawyer-sandbox": 1, "notary-sandbox": 1, "arbitration-sandbox": 1, "appraisal-sandbox": 1,
                                "legal-aid-sandbox": 2, "mediation-sandbox": 2]
                for (id, count) in expected {
                    #expect(sandbox[id].stats.created == count && sandbox[id].stats.duplicates == 0 && sandbox[id].stats.unauthorized == 0, "\(id): \(sandbox[id].stats)")
                }
                for id in ids {
                    for target in try await targets(gateway, id) {
                        #expect(target.backendRef?.isEmpty == false, "\(target.id) has no back-end reference")
                    }
                }
            }
        }
    }

    @Test func thePortalsTraceContextReachesTheBackEnd() async throws {
        try await LiveSandbox.with { sandbox in
            try await LiveGateway.with(dispatch: true, configure: { $0.adapters = sandbox.adapters(from: $0, limits: Self.quick) }) { gateway in
                var object = try Fixtures.object("canonical/notary-will.json")
                object["portalCaseNo"] = "TR-\(UUID().uuidString.prefix(8))"
                let traceId = "4bf92f3577b34da6a3ce929d0e0e4736"
                let reply = try await gateway.client("demo").send(.POST, "/v1/applications", body: try Fixtures.bytes(object), contentType: "application/json",
                                                                  extraHeaders: [("traceparent", "00-\(traceId)-00f067aa0ba902b7-01")])
                #expect(reply.status == 202)
                // The answer continues the portal's trace…
                #expect(reply.header("traceparent")?.hasPrefix("00-\(traceId)-") == true && reply.header("X-Request-Id") != nil)
                // …and so does the delivery, each attempt its own span.
                #expect(await eventually { !sandbox["notary-sandbox"].traceparents.isEmpty })
                let sent = try #require(sandbox["notary-sandbox"].traceparents.first)
                #expect(sent.hasPrefix("00-\(traceId)-") && !sent.contains("00f067aa0ba902b7"), "\(sent)")
            }
        }
    }

    @Test func aBackEndDownForAWhileGetsEachApplicationOnce() async throws {
        try await LiveSandbox.with { sandbox in
            var outage = Faults()
            outage.outage = true
            try sandbox["notary-sandbox"].setFaults(outage)
            try await LiveGateway.with(dispatch: true, configure: { $0.adapters = sandbox.adapters(from: $0) { limits in
                Self.quick(&limits)
                limits.retry.attempts = 100
            } }) { gateway in
                let (id, _) = try await submit(gateway, "notary-will")
                #expect(await eventually { sandbox["notary-sandbox"].stats.faulted >= 2 })
                #expect(try await targets(gateway, id).first?.status == .queued)
                try sandbox["notary-sandbox"].setFaults(Faults())
                #expect(await eventually { (try? await targets(gateway, id).first?.status) == .delivered })
                #expect(sandbox["notary-sandbox"].stats.created == 1)
                #expect(try await targets(gateway, id).first?.attempts ?? 0 >= 3)
            }
        }
    }

    @Test func anOutageWindowEndsByItselfAndTheDeliveryGoesThroughOnce() async throws {
        try await LiveSandbox.with { sandbox in
            let window = { var f = Faults(); f.outageSeconds = 1.5; return f }()
            try await LiveGateway.with(dispatch: true, configure: { $0.adapters = sandbox.adapters(from: $0) { limits in
                Self.quick(&limits)
                limits.retry.attempts = 100
            } }) { gateway in
                // The window starts now, so the first attempt falls in it however long start-up took.
                try sandbox["arbitration-sandbox"].setFaults(window)
                let (id, _) = try await submit(gateway, "arbitration-filing")
                #expect(await eventually { (try? await targets(gateway, id).first?.status) == .delivered })
                #expect(sandbox["arbitration-sandbox"].stats.faulted >= 1 && sandbox["arbitration-sandbox"].stats.created == 1)
            }
        }
    }

    @Test func aPermanentErrorFailsIsListedAndDeliversAfterReplay() async throws {
        try await LiveSandbox.with { sandbox in
            var refuse = Faults()
            refuse.rejectStatus = 422
            try sandbox["lawyer-sandbox"].setFaults(refuse)
            try await LiveGateway.with(dispatch: true, configure: {
                $0.adapters = sandbox.adapters(from: $0, limits: Self.quick)
                $0.settings.admin.token = "test-admin-token-0123456789"
            }) { gateway in
                let (id, _) = try await submit(gateway, "lawyer-consultation")
                #expect(await eventually { (try? await targets(gateway, id).first?.status) == .failed })
                let dead = try await gateway.store.deadLetters(limit: 10)
                #expect(dead.count == 1 && dead[0].attempts == 1 && dead[0].lastError.hasPrefix("HTTP 422"), "\(dead)")
                try sandbox["lawyer-sandbox"].setFaults(Faults())
                // The admin API lists it and replays it; without the operator's token it refuses.
                let client = gateway.client("demo")
                let admin = [("Authorization", "Bearer test-admin-token-0123456789")]
                let listed = try await client.send(.GET, "/admin/v1/dead-letters", extraHeaders: admin)
                #expect(listed.status == 200 && listed.text.contains(dead[0].targetId))
                #expect(try await client.send(.POST, "/admin/v1/deliveries/\(dead[0].targetId)/replay").status == 401)
                #expect(try await client.send(.POST, "/admin/v1/deliveries/tgt_nothing/replay", extraHeaders: admin).status == 404)
                #expect(try await client.send(.POST, "/admin/v1/deliveries/\(dead[0].targetId)/replay", extraHeaders: admin).status == 200)
                #expect(await eventually { (try? await targets(gateway, id).first?.status) == .delivered })
                #expect(sandbox["lawyer-sandbox"].stats.created == 1)
                #expect(try await gateway.store.deadLetters(limit: 10).isEmpty)
            }
        }
    }

    @Test func theBreakerOpensHalfOpensAndCloses() async throws {
        try await LiveSandbox.with { sandbox in
            var outage = Faults()
            outage.outage = true
            try sandbox["appraisal-sandbox"].setFaults(outage)
            try await LiveGateway.with(dispatch: true, configure: { $0.adapters = sandbox.adapters(from: $0) { limits in
                Self.quick(&limits)
                limits.retry.attempts = 100
            } }) { gateway in
                let dispatcher = try #require(gateway.dispatcher)
                let (id, _) = try await submit(gateway, "appraisal-entrustment")
                #expect(await eventually { dispatcher.health["appraisal-sandbox"] == "failing" })
                // While open, attempts stop: the fault count stays put for most of the open period.
                let before = sandbox["appraisal-sandbox"].stats.faulted
                try await Task.sleep(for: .milliseconds(300))
                #expect(sandbox["appraisal-sandbox"].stats.faulted <= before + 1)
                try sandbox["appraisal-sandbox"].setFaults(Faults())
                #expect(await eventually { dispatcher.health["appraisal-sandbox"] == "ok" })
                #expect(await eventually { (try? await targets(gateway, id).first?.status) == .delivered })
                #expect(dispatcher.health["lawyer-sandbox"] == "ok")
            }
        }
    }

    @Test func aHangingBackEndDoesNotHoldUpTheOthers() async throws {
        try await LiveSandbox.with { sandbox in
            var hang = Faults()
            hang.hang = true
            try sandbox["mediation-sandbox"].setFaults(hang)
            try await LiveGateway.with(dispatch: true, configure: { $0.adapters = sandbox.adapters(from: $0, limits: Self.quick) }) { gateway in
                var hanging: [String] = [], others: [String] = []
                for _ in 0..<12 { hanging.append(try await submit(gateway, "mediation-request").id) }
                for _ in 0..<12 { others.append(try await submit(gateway, "lawyer-consultation").id) }
                let lawyers = others
                #expect(await eventually { await allDelivered(gateway, lawyers) })
                // Measured by completion counts: every lawyer delivery finished, no mediation one did.
                #expect(sandbox["lawyer-sandbox"].stats.created == 12)
                #expect(sandbox["mediation-sandbox"].stats.created == 0)
                for id in hanging { #expect(try await targets(gateway, id).first?.status == .queued) }
                try sandbox["mediation-sandbox"].setFaults(Faults())
            }
        }
    }
}
