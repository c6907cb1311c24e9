import Foundation
import Testing
import TongbanClient
import TongbanCore
import TongbanSandbox
import TongbanTestSupport

/// SIGKILL while callbacks and portal notifications are in flight: after a restart no
/// callback the gateway acknowledged is lost, and every status change reaches the portal.
@Suite struct CallbackCrashTests {
    @Test func acknowledgedCallbacksAndEveryStatusChangeSurviveAKill() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cbcrash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let portalHook = CallbackRecorder(route: "webhooks/tongban")
        try await portalHook.with { hookURL in
            var callbacks = CallbackSettings(gatewayURL: "http://127.0.0.1:1")
            callbacks.stepDelay = .milliseconds(30)
            callbacks.firstRetryDelay = .milliseconds(50)
            callbacks.maxRetryDelay = .milliseconds(300)
            callbacks.attempts = 100
            try await LiveSandbox.with(callbacks: callbacks) { sandbox in
                let config = directory.appendingPathComponent("Config"), adapters = directory.appendingPathComponent("Adapters")
                try FileManager.default.copyItem(at: Fixtures.root.appendingPathComponent("Config"), to: config)
                try FileManager.default.createDirectory(at: adapters, withIntermediateDirectories: true)
                let settings = config.appendingPathComponent("tongban.yaml")
                let tuned = try String(contentsOf: settings, encoding: .utf8).replacingOccurrences(of: "leaseMarginSeconds: 30", with: "leaseMarginSeconds: 1")
                    .replacingOccurrences(of: "pollMilliseconds: 100", with: "pollMilliseconds: 20")
                    + "notifications:\n  initialDelaySeconds: 0.05\n  maxDelaySeconds: 0.3\n  attempts: 100\n"
                try tuned.write(to: settings, atomically: true, encoding: .utf8)
                // The demo portal gets a webhook (its secret is in Config/sample.env).
                let portals = config.appendingPathComponent("portals.yaml")
                try (try String(contentsOf: portals, encoding: .utf8)).replacingOccurrences(
                    of: "      secretEnv: TONGBAN_PORTAL_DEMO_TOKEN\n",
                    with: "      secretEnv: TONGBAN_PORTAL_DEMO_TOKEN\n    webhook:\n      url: \(hookURL)/webhooks/tongban\n      secretEnv: TONGBAN_WEBHOOK_DEMO_SECRET\n")
                    .write(to: portals, atomically: true, encoding: .utf8)
                for (id, port) in sandbox.ports {
                    let spec = try String(contentsOf: Fixtures.root.appendingPathComponent("Adapters/\(id).yaml"), encoding: .utf8)
                    let rebased = spec.replacingOccurrences(of: #"baseURL: http://127.0.0.1:91\d\d"#, with: "baseURL: http://127.0.0.1:\(port)", options: .regularExpression)
                    try rebased.write(to: adapters.appendingPathComponent("\(id).yaml"), atomically: true, encoding: .utf8)
                }
                let sqlite = directory.appendingPathComponent("gateway.sqlite").path
                let portal = try Fixtures.configuration().portals.first { $0.id == "demo" }!
                let first = try await GatewayProcess(sqlitePath: sqlite, logPath: directory.appendingPathComponent("first.log").path,
                                                     configDirectory: config.path, adaptersDirectory: adapters.path)
                sandbox.redirectCallbacks(to: first.baseURL)
                let client = PortalClient(baseURL: first.baseURL, portal: portal)
                var ids: [String] = []
                let samples = try Fixtures.canonicalNames()
                for n in 0..<30 {
                    var object = try Fixtures.object(samples[n % samples.count])
                    object["portalCaseNo"] = "CK-\(n)"
                    let reply = try await client.submit(Fixtures.bytes(object))
                    #expect(reply.status == 202)
                    if let body = try? JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Any], let id = body["id"] as? String { ids.append(id) }
                }
                // Kill once callbacks and notifications are flowing, well before the end.
                #expect(await eventually { sandbox.backends.values.map(\.stats.callbacksAcknowledged).reduce(0, +) >= 20 && portalHook.acknowledged.count >= 5 })
                first.kill()
                let acknowledgedBeforeKill = sandbox.backends.values.flatMap(\.callbacks).filter(\.acknowledged).count

                let second = try await GatewayProcess(sqlitePath: sqlite, logPath: directory.appendingPathComponent("second.log").path,
                                                      configDirectory: config.path, adaptersDirectory: adapters.path)
                defer { second.terminate() }
                sandbox.redirectCallbacks(to: second.baseURL)
                let again = PortalClient(baseURL: second.baseURL, portal: portal)
                let accepted = ids
                let settled = await eventually(within: 60) {
                    for id in accepted {
                        guard let reply = try? await again.application(id: id),
                              let body = try? JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Any],
                              body["status"] as? String == "completed" else { return false }
                    }
                    return true
                }
                var unsettled: [String] = []
                for id in ids {
                    let reply = try await again.application(id: id)
                    let body = try JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Any]
                    if body?["status"] as? String != "completed" {
                        unsettled.append("\(id) \(body?["status"] ?? "?") \((body?["targets"] as? [[String: Any]])?.map { "\($0["status"] ?? "?")/\($0["backendRef"] ?? "-")" } ?? [])")
                    }
                }
                let stats = sandbox.backends.values.map { "\($0.profile.id): \($0.stats)" }
                #expect(settled, "not every application completed after the restart: \(unsettled) \(stats)")

                // No acknowledged callback is missing from the timelines.
                var recorded = Set<String>()
                for id in ids {
                    let reply = try await again.send(.GET, "/v1/applications/\(id)/events")
                    let body = try JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Any]
                    for event in body?["events"] as? [[String: Any]] ?? [] { if let external = event["externalId"] as? String { recorded.insert(external) } }
                }
                let acknowledged = sandbox.backends.values.flatMap(\.callbacks).filter(\.acknowledged)
                #expect(!acknowledged.isEmpty && acknowledged.allSatisfy { recorded.contains($0.eventId) },
                        "lost: \(acknowledged.filter { !recorded.contains($0.eventId) }.map(\.eventId))")
                #expect(acknowledgedBeforeKill < acknowledged.count, "the kill came after every callback; nothing was in flight")

                // Every status change (versions 2 and 3 of each application) reached the portal, at least once.
                @Sendable func versions() -> [String: Set<Int>] {
                    var versions: [String: Set<Int>] = [:]
                    for request in portalHook.acknowledged {
                        if let event = try? CanonicalJSON.decoder().decode(StatusNotification.self, from: Data(request.body)) {
                            versions[event.data.applicationId, default: []].insert(event.data.statusVersion)
                        }
                    }
                    return versions
                }
                let delivered = await eventually(within: 30) { let seen = versions(); return accepted.allSatisfy { seen[$0] == [2, 3] } }
                let seen = versions()
                let missing = accepted.enumerated().filter { seen[$0.element] != [2, 3] }
                    .map { "\($0.element) (\(samples[$0.offset % samples.count])): \(seen[$0.element].map { $0.sorted() } ?? [])" }
                let queue = try await again.send(.GET, "/admin/v1/notifications/dead-letters", extraHeaders: [("Authorization", "Bearer sandbox-admin-token-NOT-A-SECRET")]).text
                #expect(delivered, "some status change never reached the portal: \(missing); notification dead letters: \(queue.prefix(600))")
            }
        }
    }
}
