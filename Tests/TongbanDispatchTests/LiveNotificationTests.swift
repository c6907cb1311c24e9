import Foundation
import Testing
import TongbanAdapters
import TongbanConfig
import TongbanCore
import TongbanSandbox
import TongbanStore
import TongbanTestSupport

/// Status pushes to a portal's webhook over real HTTP: every change of every application
/// reaches the portal, in order per application, even when the portal was down for a while;
/// the Standard Webhooks reference library accepts every signature.
@Suite(.serialized) struct LiveNotificationTests {
    static let secret = "whsec_" + Data((0..<24).map { UInt8($0 * 7 % 251) }).base64EncodedString()

    static func withWebhook(_ url: String) -> (inout GatewayConfiguration) -> Void {
        { configuration in
            let index = configuration.portals.firstIndex { $0.id == "demo" }!
            configuration.portals[index].webhook = PortalConfig.Webhook(url: url, secretEnv: "TEST_WEBHOOK_SECRET",
                                                                        key: StandardWebhook.key(fromSecret: secret)!)
            configuration.settings.admin.token = "test-admin-token-0123456789"
        }
    }

    @Test func aPortalDownForAWhileStillGetsEveryChangeInOrderSigned() async throws {
        let portal = CallbackRecorder(route: "webhooks/tongban")
        portal.setDown(true)
        try await portal.with { portalURL in
            var callbacks = LiveCallbackTests.settings()
            callbacks.stepDelay = .milliseconds(10)
            try await LiveSandbox.with(callbacks: callbacks) { sandbox in
                try await LiveGateway.with(dispatch: true, configure: { configuration in
                    configuration.adapters = sandbox.adapters(from: configuration)
                    Self.withWebhook(portalURL + "/webhooks/tongban")(&configuration)
                }) { gateway in
                    sandbox.redirectCallbacks(to: gateway.baseURL)
                    let ids = try await LiveCallbackTests().submitAll(gateway)
                    // Every application completes while the portal is down…
                    #expect(try await eventually(within: 30) {
                        for id in ids.values where try await gateway.store.application(id: id, portal: "demo")?.receipt.status != .completed { return false }
                        return true
                    })
                    #expect(await eventually { portal.requests.count >= 3 }, "the notifier kept trying")
                    #expect(portal.acknowledged.isEmpty)
                    // …then the portal comes back.
                    portal.setDown(false)
                    // submitted → in_progress (version 2) → completed (version 3), for each application.
                    #expect(await eventually(within: 30) { portal.acknowledged.count == ids.count * 2 }, "\(portal.acknowledged.count)")
                    try await Task.sleep(for: .milliseconds(200))
                    #expect(portal.acknowledged.count == ids.count * 2, "nothing sent twice once acknowledged")

                    var versions: [String: [Int]] = [:]
                    for request in portal.requests {  // arrival order, retries included
                        let event = try CanonicalJSON.decoder().decode(StatusNotification.self, from: Data(request.body))
                        #expect(event.specversion == "1.0" && event.type == "cn.gov.tongban.application.status.changed" && event.subject == event.data.applicationId)
                        #expect(request.headers["content-type"]?.hasPrefix("application/cloudevents+json") == true)
                        #expect(request.headers["webhook-id"] == event.id)
                        if request.answered == 200 { versions[event.data.applicationId, default: []].append(event.data.statusVersion) }
                        // Never a later version before an earlier one was acknowledged.
                        let acknowledged = versions[event.data.applicationId] ?? []
                        #expect(acknowledged == acknowledged.sorted())
                    }
                    for id in ids.values {
                        #expect(versions[id] == [2, 3], "\(id): \(versions[id] ?? [])")
                        let last = portal.acknowledged.last { (try? CanonicalJSON.decoder().decode(StatusNotification.self, from: Data($0.body)))?.data.applicationId == id }
                        let event = try CanonicalJSON.decoder().decode(StatusNotification.self, from: Data(try #require(last).body))
                        #expect(event.data.status == .completed && event.data.previousStatus == .inProgress && event.data.evaluationCode == 3)
                        #expect(event.data.targets.allSatisfy { $0.status == .completed && $0.backendRef != nil })
                        // The notary office's opinion and certificate number (its spec reads
                        // callback.note and callback.document) reach the portal; the others send none.
                        if id == ids["notary-will"] {
                            #expect(event.data.note == "准予公证，公证书已出具", "\(event.data)")
                            #expect(event.data.document?.hasPrefix("(2026)沪徐证字第") == true, "\(event.data)")
                            let timeline = try #require(try await gateway.store.timeline(applicationId: id, portal: "demo"))
                            #expect(timeline.contains { $0.type == "callback" && $0.note?.hasPrefix("准予公证，公证书已出具（文书 (2026)沪徐证字第") == true },
                                    "\(timeline.map { $0.note ?? "-" })")
                        } else if id == ids["notary-chongming"] {
                            // The seventh back end's opinion and certificate number (callback.note, callback.document).
                            #expect(event.data.note == "准予公证，公证书已出具" && event.data.document?.hasPrefix("(2026)沪崇证字第") == true, "\(event.data)")
                        } else {
                            #expect(event.data.note == nil && event.data.document == nil)
                        }
                    }
                    try await Self.verifyWithReferenceLibrary(portal.acknowledged)
                    #expect(try await gateway.store.notificationDeadLetters(limit: 10).isEmpty)
                }
            }
        }
    }

    /// Runs the Standard Webhooks Python library over the deliveries.
    static func verifyWithReferenceLibrary(_ deliveries: [CallbackRecorder.Received]) async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("webhooks-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        let list = deliveries.map { ["headers": $0.headers, "body": Data($0.body).base64EncodedString()] as [String: Any] }
        try JSONSerialization.data(withJSONObject: list).write(to: file)
        let (status, output) = try await ExternalTool.run(
            "python3", [Fixtures.root.appendingPathComponent("Tests/Fixtures/verify_standard_webhooks.py").path, secret, file.path])
        #expect(status == 0 && output.contains("verified \(deliveries.count)"), "\(output)")
    }

    @Test func aPortalThatNeverAnswersGetsItsNotificationsDeadLetteredAndReplayable() async throws {
        let portal = CallbackRecorder(route: "webhooks/tongban")
        portal.setDown(true)
        try await portal.with { portalURL in
            try await LiveSandbox.with(callbacks: LiveCallbackTests.settings()) { sandbox in
                try await LiveGateway.with(dispatch: true, configure: { configuration in
                    configuration.adapters = sandbox.adapters(from: configuration)
                    Self.withWebhook(portalURL + "/webhooks/tongban")(&configuration)
                }) { gateway in
                    sandbox.redirectCallbacks(to: gateway.baseURL)
                    let ids = try await LiveCallbackTests().submitAll(gateway)
                    let lawyer = try #require(ids["lawyer-consultation"])
                    // The notifier in LiveGateway gives up after 12 attempts of at most 0.3 s.
                    #expect(try await eventually(within: 30) {
                        try await gateway.store.notificationDeadLetters(limit: 100).contains { $0.applicationId == lawyer && $0.statusVersion == 2 }
                    })
                    let dead = try #require(try await gateway.store.notificationDeadLetters(limit: 100).first { $0.applicationId == lawyer && $0.statusVersion == 2 })
                    #expect(dead.attempts == 12 && dead.lastError.contains("HTTP 503"), "\(dead)")
                    portal.setDown(false)
                    // Version 3 of the lawyer application goes out once version 2 is no longer open…
                    #expect(await eventually { portal.acknowledged.contains { $0.headers["webhook-id"] != dead.id && String(decoding: $0.body, as: UTF8.self).contains(lawyer) } })
                    // …and version 2, replayed through the admin API, arrives too.
                    let client = gateway.client("demo")
                    let admin = [("Authorization", "Bearer test-admin-token-0123456789")]
                    let listed = try await client.send(.GET, "/admin/v1/notifications/dead-letters", extraHeaders: admin)
                    #expect(listed.status == 200 && listed.text.contains(dead.id), "\(listed.text)")
                    #expect(try await client.send(.POST, "/admin/v1/notifications/\(dead.id)/replay").status == 401)
                    #expect(try await client.send(.POST, "/admin/v1/notifications/ntf_nope/replay", extraHeaders: admin).status == 404)
                    #expect(try await client.send(.POST, "/admin/v1/notifications/\(dead.id)/replay", extraHeaders: admin).status == 200)
                    #expect(await eventually { portal.acknowledged.contains { $0.headers["webhook-id"] == dead.id } })
                }
            }
        }
    }
}
