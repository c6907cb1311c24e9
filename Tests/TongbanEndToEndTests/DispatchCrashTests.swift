import Foundation
import Testing
import TongbanClient
import TongbanSandbox
import TongbanTestSupport

/// SIGKILL while deliveries are in flight: after a restart every target reaches its back
/// end, and the back ends' counts show no duplicate side effects — a repeated delivery only
/// shows as a repeated idempotency key.
@Suite struct DispatchCrashTests {
    @Test func everyTargetArrivesOnceAfterAKillMidDelivery() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("crash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try await LiveSandbox.with { sandbox in
            // The real Config/ with a short lease, and the real specs pointed at this sandbox.
            let copy = try ConfigCopy(in: directory, sandbox: sandbox) { settings in
                settings.replacingOccurrences(of: "leaseMarginSeconds: 30", with: "leaseMarginSeconds: 1")
                    .replacingOccurrences(of: "pollMilliseconds: 100", with: "pollMilliseconds: 20")
            }
            let config = copy.config, adapters = copy.adapters
            // Slow back ends keep deliveries in flight when the kill comes.
            var slow = Faults()
            slow.latencyMs = 300
            for backend in sandbox.backends.values { try backend.setFaults(slow) }

            let sqlite = directory.appendingPathComponent("gateway.sqlite").path
            let portal = try Fixtures.configuration().portals.first { $0.id == "demo" }!
            let first = try await GatewayProcess(sqlitePath: sqlite, logPath: directory.appendingPathComponent("first.log").path,
                                                 configDirectory: config.path, adaptersDirectory: adapters.path)
            let client = PortalClient(baseURL: first.baseURL, portal: portal)
            var ids: [String] = []
            let samples = try Fixtures.canonicalNames()
            for n in 0..<60 {
                var object = try Fixtures.object(samples[n % samples.count])
                object["portalCaseNo"] = "K-\(n)"
                let reply = try await client.submit(Fixtures.bytes(object))
                #expect(reply.status == 202)
                if let body = try? JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Any], let id = body["id"] as? String { ids.append(id) }
            }
            #expect(await eventually { sandbox.backends.values.map(\.stats.created).reduce(0, +) >= 15 })
            first.kill()
            let deliveredBeforeKill = sandbox.backends.values.map(\.stats.created).reduce(0, +)
            for backend in sandbox.backends.values { try backend.setFaults(Faults()) }

            let second = try await GatewayProcess(sqlitePath: sqlite, logPath: directory.appendingPathComponent("second.log").path,
                                                  configDirectory: config.path, adaptersDirectory: adapters.path)
            defer { second.terminate() }
            let again = PortalClient(baseURL: second.baseURL, portal: portal)
            let accepted = ids
            let allDelivered = await eventually(within: 30) {
                for id in accepted {
                    guard let reply = try? await again.application(id: id),
                          let body = try? JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Any],
                          let targets = body["targets"] as? [[String: Any]] else { return false }
                    if targets.contains(where: { $0["status"] as? String != "delivered" }) { return false }
                }
                return true
            }
            #expect(allDelivered, "not every target was delivered after the restart")
            let created = sandbox.backends.values.map(\.stats.created).reduce(0, +)
            var targets = 0
            for id in ids {
                let reply = try await again.application(id: id)
                let body = try JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Any]
                targets += (body?["targets"] as? [Any])?.count ?? 0
            }
            // One case per target at the back ends, however often a delivery was repeated.
            #expect(created == targets, "created \(created) cases for \(targets) targets")
            #expect(deliveredBeforeKill < targets, "the kill came after every delivery; nothing was in flight")
        }
    }
}
