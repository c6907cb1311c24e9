import Foundation
import Testing
import TongbanAdapters
import TongbanCore
import TongbanSandbox
import TongbanStore
import TongbanTestSupport

/// The seventh reference back end over real HTTP: a notary office that answers every
/// submission with HTTP 200 and a business code, signs both ways with its own headers (a
/// hex HMAC-SM3 over the millisecond time and the body), reports in Chinese status words
/// with opinions and times without a zone. Its spec (Adapters/chongming-notary-sandbox.yaml)
/// classifies the codes: transient, permanent, refused, accepted.
@Suite(.serialized) struct BusinessCodeBackendTests {
    static let id = "chongming-notary-sandbox"
    static let admin = [("Authorization", "Bearer test-admin-token-0123456789")]

    /// Runs `body` with the sandbox (callbacks on), the gateway delivering to it with short
    /// retry waits, and the demo portal's webhook at a recorder.
    func with(codes: [String] = [], faults: Faults = Faults(), attempts: Int = 6,
              _ body: @Sendable (LiveSandbox, LiveGateway, CallbackRecorder) async throws -> Void) async throws {
        var scripted = faults
        scripted.answerCodes = codes
        let faults = scripted
        let portal = CallbackRecorder(route: "webhooks/tongban")
        try await portal.with { portalURL in
            try await LiveSandbox.with(callbacks: LiveCallbackTests.settings()) { sandbox in
                try sandbox[Self.id].setFaults(faults)
                try await LiveGateway.with(dispatch: true, configure: { configuration in
                    configuration.adapters = sandbox.adapters(from: configuration) { limits in
                        limits.retry.initialDelay = 0.05
                        limits.retry.maxDelay = 0.1
                        limits.retry.attempts = attempts
                    }
                    LiveNotificationTests.withWebhook(portalURL + "/webhooks/tongban")(&configuration)
                }) { gateway in
                    sandbox.redirectCallbacks(to: gateway.baseURL)
                    try await body(sandbox, gateway, portal)
                }
            }
        }
    }

    /// Submits the Chongming sample, `edit`ed; returns the application id.
    func submit(_ gateway: LiveGateway, _ edit: (inout [String: Any]) -> Void = { _ in }) async throws -> String {
        var object = try Fixtures.object("canonical/notary-chongming.json")
        object["portalCaseNo"] = "CM-\(UUID().uuidString.prefix(10))"
        edit(&object)
        let reply = try await gateway.client("demo").submit(Fixtures.bytes(object))
        let body = try JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Any]
        return try #require(reply.status == 202 ? body?["id"] as? String : nil, "\(reply.text)")
    }

    func target(_ gateway: LiveGateway, _ id: String) async throws -> TargetSummary {
        try #require(try await gateway.store.application(id: id, portal: "demo")?.receipt.targets.first)
    }

    func timeline(_ gateway: LiveGateway, _ id: String) async throws -> [TimelineEvent] {
        try #require(try await gateway.store.timeline(applicationId: id, portal: "demo"))
    }

    func metric(_ gateway: LiveGateway, _ prefix: String) async throws -> Double {
        let text = try await gateway.client("demo").send(.GET, "/metrics").text
        return text.split(separator: "\n").filter { $0.hasPrefix(prefix) }.compactMap { $0.split(separator: " ").last.flatMap { Double($0) } }.reduce(0, +)
    }

    @Test func transientCodesAreRetriedWithTheSameKeyUntilAccepted() async throws {
        try await with(codes: ["E500", "E503", "E500"]) { sandbox, gateway, _ in
            let id = try await submit(gateway)
            #expect(try await eventually(within: 30) { try await target(gateway, id).status == .completed })
            let backend = sandbox[Self.id]
            // Four requests under one Idempotency-Key; one case.
            #expect(backend.stats.received == 4 && backend.stats.created == 1 && backend.cases.count == 1, "\(backend.stats)")
            #expect(backend.cases.keys.first == (try await target(gateway, id)).id)
            #expect(try await target(gateway, id).backendRef == backend.cases.values.first)
            #expect(try await metric(gateway, #"tongban_delivery_retries_total{adapter="chongming-notary-sandbox""#) == 3)
            #expect(try await gateway.store.deadLetters(limit: 10).isEmpty)
        }
    }

    @Test func permanentCodesAreDeadLetteredAndReplayed() async throws {
        try await with(codes: ["E101"]) { sandbox, gateway, _ in
            let id = try await submit(gateway)
            #expect(try await eventually { try await target(gateway, id).status == .failed })
            let letters = try await gateway.store.deadLetters(limit: 10)
            #expect(letters.count == 1 && letters[0].attempts == 1, "not retried: \(letters)")
            #expect(letters.first?.lastError.contains("/code = E101") == true && letters.first?.lastError.contains("公证事项代码无效") == true,
                    "\(letters.first?.lastError ?? "")")
            #expect(sandbox[Self.id].stats.created == 0)
            // The operator fixes it at the back end and replays.
            let targetId = try await target(gateway, id).id
            let replayed = try await gateway.client("demo").send(.POST, "/admin/v1/deliveries/\(targetId)/replay", extraHeaders: Self.admin)
            #expect(replayed.status == 200, "\(replayed.text)")
            #expect(try await eventually(within: 30) { try await target(gateway, id).status == .completed })
            #expect(sandbox[Self.id].stats.created == 1)
        }
    }

    @Test func aRefusalEndsRejectedWithItsMessageOnTheTimelineAndAtThePortal() async throws {
        try await with(codes: ["E200"]) { sandbox, gateway, portal in
            let id = try await submit(gateway)
            #expect(try await eventually { try await target(gateway, id).status == .rejected })
            let move = try await timeline(gateway, id).first { $0.type == "delivery" && $0.toStatus == "rejected" }
            #expect(move?.note == "不符合受理条件：该事项须申请人到场办理", "\(String(describing: move))")
            #expect(try await gateway.store.deadLetters(limit: 10).isEmpty, "a refusal is an answer, not a dead letter")
            #expect(sandbox[Self.id].stats.created == 0)
            #expect(await eventually { portal.acknowledged.contains { Self.event($0)?.data.status == .rejected } })
            let event = try #require(portal.acknowledged.compactMap(Self.event).first { $0.data.status == .rejected })
            #expect(event.data.note == "不符合受理条件：该事项须申请人到场办理", "\(event.data)")
            try await LiveNotificationTests.verifyWithReferenceLibrary(portal.acknowledged)
        }
    }

    @Test func anAcceptedAnswerWithoutACaseNumberIsAnAnomalyNeverDelivered() async throws {
        try await with(codes: Array(repeating: "NOREF", count: 3), attempts: 3) { sandbox, gateway, _ in
            let id = try await submit(gateway)
            #expect(try await eventually { try await target(gateway, id).status == .failed })
            #expect(try await timeline(gateway, id).allSatisfy { $0.toStatus != "delivered" }, "never delivered")
            let letter = try #require(try await gateway.store.deadLetters(limit: 10).first)
            #expect(letter.attempts == 3 && letter.lastError.contains("without a case reference at /data/slh"), "\(letter)")
            #expect(try await metric(gateway, #"tongban_answer_anomalies_total{adapter="chongming-notary-sandbox""#) == 3)
            #expect(sandbox[Self.id].stats.received == 3 && sandbox[Self.id].stats.created == 0)
        }
    }

    @Test func opinionsAndTheCertificateReachTheTimelineAndThePortal() async throws {
        try await with { _, gateway, portal in
            let id = try await submit(gateway)
            #expect(try await eventually(within: 30) { try await target(gateway, id).status == .completed })
            let callbacks = try await timeline(gateway, id).filter { $0.type == "callback" }
            #expect(callbacks.compactMap(\.nativeStatus) == ["已受理", "审查中", "已出证"])
            #expect(callbacks.last?.note?.hasPrefix("准予公证，公证书已出具（文书 (2026)沪崇证字第") == true, "\(callbacks.map { $0.note ?? "-" })")
            #expect(await eventually { portal.acknowledged.contains { Self.event($0)?.data.status == .completed } })
            let completed = try #require(portal.acknowledged.compactMap(Self.event).first { $0.data.status == .completed })
            #expect(completed.data.note == "准予公证，公证书已出具" && completed.data.document?.hasPrefix("(2026)沪崇证字第") == true, "\(completed.data)")
            try await LiveNotificationTests.verifyWithReferenceLibrary(portal.acknowledged)
        }
    }

    @Test func eachTableMissModeAtDelivery() async throws {
        try await with { sandbox, gateway, _ in
            // pass: a document type the table lacks is sent as it is.
            let passed = try await submit(gateway) { object in
                var applicant = object["applicant"] as! [String: Any]
                applicant["idType"] = "516"
                applicant["idNumber"] = "H12345678"
                object["applicant"] = applicant
            }
            // default: a channel the table lacks becomes its default.
            let defaulted = try await submit(gateway) { $0["source"] = ["channel": "hotline"] }
            // refuse: a matter the office does not handle fails before anything is sent.
            let refused = try await submit(gateway) { object in
                var form = object["form"] as! [String: Any]
                var notary = form["notary"] as! [String: Any]
                notary["matter"] = "birth"
                form["notary"] = notary
                object["form"] = form
            }
            #expect(try await eventually { try await target(gateway, refused).status == .failed })
            let letter = try #require(try await gateway.store.deadLetters(limit: 10).first)
            #expect(letter.lastError.contains("table 'matter'") && letter.lastError.contains("'birth'"), "\(letter.lastError)")
            #expect(try await eventually {
                let a = try await target(gateway, passed).backendRef, b = try await target(gateway, defaulted).backendRef
                return a != nil && b != nil
            })
            let bodies = sandbox[Self.id].submissions
            #expect(bodies.count == 2, "nothing was sent for the refused matter")
            func sent(_ id: String) async throws -> [String: Any] {
                let text = try #require(bodies[try await target(gateway, id).id])
                return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            }
            #expect((try await sent(passed)["sqr"] as? [String: Any])?["zjlx"] as? String == "516")
            #expect(try await sent(defaulted)["qd"] as? String == "QT")
            #expect(try await sent(passed)["qd"] as? String == "WS")
        }
    }

    @Test func aCancelTheOfficeRefusesIsRecordedAsRefusedNotLost() async throws {
        var faults = Faults()
        faults.lifeCycle = ["已受理"]  // the office closes the case at its end after accepting it
        try await with(faults: faults) { sandbox, gateway, _ in
            let id = try await submit(gateway)
            #expect(try await eventually { try await target(gateway, id).status == .accepted })
            try await Task.sleep(for: .milliseconds(100))
            let reply = try await gateway.client("demo").withdraw(id: id, reason: "不再需要")
            #expect(reply.status == 202, "\(reply.text)")
            #expect(try await eventually { try await gateway.store.actions(applicationId: id).first?.state == "done" })
            let action = try #require(try await gateway.store.actions(applicationId: id).first)
            #expect(action.lastError?.contains("已出证，不能撤回") == true, "\(action)")
            #expect(try await timeline(gateway, id).contains { $0.note?.hasPrefix("the back end refused the cancel") == true })
            #expect(sandbox[Self.id].stats.actionsRefused == 1)
        }
    }

    static func event(_ received: CallbackRecorder.Received) -> StatusNotification? {
        try? CanonicalJSON.decoder().decode(StatusNotification.self, from: Data(received.body))
    }
}
