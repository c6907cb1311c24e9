import Foundation
import Testing
import TongbanClient
import TongbanCore
import TongbanSandbox
import TongbanStore
import TongbanTestSupport

/// Withdrawal and supplements over real HTTP: the portal asks the gateway, the gateway's
/// outbox carries the cancellation or the materials to the sandbox back end that can take
/// them, and the back end's answer (and its later callbacks) move the application.
@Suite(.serialized) struct LiveCitizenActionTests {
    func submit(_ client: PortalClient, _ sample: String) async throws -> String {
        var object = try Fixtures.object("canonical/\(sample).json")
        object["portalCaseNo"] = "CA-\(UUID().uuidString.prefix(10))"
        let reply = try await client.submit(Fixtures.bytes(object))
        guard reply.status == 202, let id = try json(reply)["id"] as? String else { throw ProcessError("submit \(sample): \(reply.text)") }
        return id
    }

    func json(_ reply: PortalClient.Reply) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Any], "\(reply.status) \(reply.text)")
    }

    func status(_ client: PortalClient, _ id: String) async throws -> String? {
        try json(try await client.application(id: id))["status"] as? String
    }

    func events(_ client: PortalClient, _ id: String) async throws -> [[String: Any]] {
        try #require(try json(try await client.events(id: id))["events"] as? [[String: Any]])
    }

    static func faults(_ lifeCycle: [String]) -> Faults {
        var faults = Faults()
        faults.lifeCycle = lifeCycle
        return faults
    }

    @Test func withdrawalReachesTheBackEndsThatCanBeToldAndSaysWhichWereNot() async throws {
        try await LiveSandbox.with(callbacks: LiveCallbackTests.settings()) { sandbox in
            // Notary stops at 03 (materials needed), lawyer and arbitration after their first step.
            try sandbox["notary-sandbox"].setFaults(Self.faults(["01", "03", "04", "05"]))
            try sandbox["lawyer-sandbox"].setFaults(Self.faults(["RECEIVED"]))
            try sandbox["arbitration-sandbox"].setFaults(Self.faults(["FILED"]))
            try await LiveGateway.with(dispatch: true, configure: {
                $0.adapters = sandbox.adapters(from: $0) { $0.retry.attempts = 2; $0.retry.initialDelay = 0.05 }
                $0.settings.admin.token = "test-admin-token-0123456789"
            }) { gateway in
                sandbox.redirectCallbacks(to: gateway.baseURL)
                let client = gateway.client("demo")
                let notary = try await submit(client, "notary-will"), lawyer = try await submit(client, "lawyer-consultation")
                let mediation = try await submit(client, "mediation-request"), arbitration = try await submit(client, "arbitration-filing")
                #expect(try await eventually(within: 20) {
                    let (n, m) = (try await status(client, notary), try await status(client, mediation))
                    return n == "supplement_required" && m == "completed"
                        && sandbox["lawyer-sandbox"].stats.callbacksAcknowledged == 1 && sandbox["arbitration-sandbox"].stats.callbacksAcknowledged == 1
                })

                // Notary declares a cancel endpoint: the cancellation goes out through the outbox.
                let accepted = try await client.withdraw(id: notary, reason: "已另行办理")
                #expect(accepted.status == 202, "\(accepted.text)")
                let actions = try #require(try json(accepted)["actions"] as? [[String: Any]])
                #expect(actions.map { $0["kind"] as? String } == ["cancel"] && actions.first?["adapterId"] as? String == "notary-sandbox")
                #expect(try await eventually { try await status(client, notary) == "withdrawn" })
                #expect(sandbox["notary-sandbox"].stats.cancellations == 1)
                let notaryEvents = try await events(client, notary)
                let cancel = try #require(notaryEvents.first { $0["type"] as? String == "cancel" })
                #expect(cancel["source"] as? String == "adapter:notary-sandbox" && cancel["moved"] as? Bool == true)
                #expect(notaryEvents.first { $0["type"] as? String == "withdrawal" }?["note"] as? String == "已另行办理")
                // Asked again: the same answer, nothing new anywhere.
                let again = try await client.withdraw(id: notary, reason: "已另行办理")
                #expect(again.status == 200 && again.header("Idempotent-Replayed") == "true")
                #expect(try await events(client, notary).count == notaryEvents.count)
                try await Task.sleep(for: .milliseconds(300))
                #expect(sandbox["notary-sandbox"].stats.cancellations == 1)
                // The cancelled case stopped: no more callbacks after 03.
                #expect(sandbox["notary-sandbox"].callbacks.map(\.status) == ["01", "03"])

                // Lawyer declares none: withdrawn at once, and the timeline says the back end was not told.
                let local = try await client.withdraw(id: lawyer, reason: "")
                #expect(try local.status == 202 && json(local)["status"] as? String == "withdrawn")
                let note = try await events(client, lawyer).first { $0["type"] as? String == "withdrawal" && $0["targetId"] != nil }?["note"] as? String
                #expect(note == "the back end was not told: its adapter declares no cancel endpoint")
                #expect(sandbox["lawyer-sandbox"].stats.cancellations == 0)

                // A completed application has nothing to withdraw.
                let before = try await events(client, mediation).count
                let refused = try await client.withdraw(id: mediation, reason: "")
                #expect(try refused.status == 409 && json(refused)["type"] as? String == "urn:tongban:problem:not-withdrawable")
                #expect(try await events(client, mediation).count == before)

                // Bad requests change nothing.
                let count = try await events(client, arbitration).count
                let path = "/v1/applications/\(arbitration)/withdrawal"
                for (body, expected) in [("not json", 400), (#"{"reason": 5}"#, 400), (#"{"why": "x"}"#, 400), (#"{"reason": "a\nb"}"#, 422),
                                         (#"{"reason": "\#(String(repeating: "长", count: 501))"}"#, 422)] {
                    let reply = try await client.send(.POST, path, body: Array(body.utf8), contentType: "application/json")
                    #expect(reply.status == expected, "\(body): \(reply.status) \(reply.text)")
                }
                #expect(try await client.send(.POST, path, body: Array("reason=x".utf8), contentType: "text/plain").status == 415)
                #expect(try await client.withdraw(id: "app_unknown", reason: "").status == 404)
                let forged = try await client.send(.POST, path, extraHeaders: [("Authorization", "Bearer forged-token")])
                #expect(forged.status == 401, "\(forged.text)")
                #expect(try await events(client, arbitration).count == count)
                let arbitrationStatus = try await status(client, arbitration)
                #expect(arbitrationStatus == "in_progress" || arbitrationStatus == "submitted")
                #expect(sandbox["arbitration-sandbox"].stats.cancellations == 0)

                // The commission's case already closed on its side (its life cycle ended at FILED):
                // it refuses the cancellation with 409, the action is a dead letter, the target keeps its status.
                #expect(try await client.withdraw(id: arbitration, reason: "").status == 202)
                let admin = [("Authorization", "Bearer test-admin-token-0123456789")]
                @Sendable func deadActions() async throws -> [[String: Any]] {
                    let reply = try await client.send(.GET, "/admin/v1/actions/dead-letters", extraHeaders: admin)
                    return try json(reply)["deadLetters"] as? [[String: Any]] ?? []
                }
                #expect(try await eventually { try await deadActions().count == 1 })
                let dead = try #require(try await deadActions().first)
                #expect(dead["kind"] as? String == "cancel" && (dead["lastError"] as? String ?? "").contains("HTTP 409"), "\(dead)")
                #expect(sandbox["arbitration-sandbox"].stats.actionsRefused >= 1)
                #expect(try await status(client, arbitration) == "in_progress")
                let refusal = try await events(client, arbitration).last { $0["type"] as? String == "cancel" }
                #expect((refusal?["note"] as? String ?? "").hasPrefix("the back end did not take the cancel: HTTP 409"))
                // Replayed by an operator: sent again (and refused again, the case being closed).
                let id = try #require(dead["id"] as? String)
                #expect(try await client.send(.POST, "/admin/v1/actions/\(id)/replay").status == 401)
                #expect(try await client.send(.POST, "/admin/v1/actions/act_nope/replay", extraHeaders: admin).status == 404)
                let refusedBefore = sandbox["arbitration-sandbox"].stats.actionsRefused
                #expect(try await client.send(.POST, "/admin/v1/actions/\(id)/replay", extraHeaders: admin).status == 200)
                #expect(try await eventually { sandbox["arbitration-sandbox"].stats.actionsRefused > refusedBefore })
            }
        }
    }

    func supplementBody(_ id: String, note: String = "补交遗嘱草稿") -> [UInt8] {
        Array(#"""
        {"supplementId": "\#(id)", "note": "\#(note)",
         "materials": [{"code": "M-WILL-DRAFT", "name": "遗嘱草稿", "files": [{"uri": "https://files.example.gov.cn/s/\#(id).pdf", "name": "草稿.pdf"}]}]}
        """#.utf8)
    }

    @Test func supplementsReachTheBackEndThatAskedAndTheCaseGoesOn() async throws {
        try await LiveSandbox.with(callbacks: LiveCallbackTests.settings()) { sandbox in
            try sandbox["notary-sandbox"].setFaults(Self.faults(["01", "03", "04", "05"]))
            try sandbox["legal-aid-sandbox"].setFaults(Self.faults(["已受理", "补充材料", "已指派", "已结案"]))
            try sandbox["lawyer-sandbox"].setFaults(Self.faults(["RECEIVED"]))
            try await LiveGateway.with(dispatch: true, configure: { $0.adapters = sandbox.adapters(from: $0) }) { gateway in
                sandbox.redirectCallbacks(to: gateway.baseURL)
                let client = gateway.client("demo")
                let notary = try await submit(client, "notary-will"), legalAid = try await submit(client, "legal-aid-application")
                let lawyer = try await submit(client, "lawyer-consultation")
                #expect(try await eventually(within: 20) {
                    let (n, l) = (try await status(client, notary), try await status(client, legalAid))
                    return n == "supplement_required" && l == "supplement_required" && sandbox["lawyer-sandbox"].stats.callbacksAcknowledged == 1
                })

                // Refused before anything is queued.
                let before = try await events(client, notary).count
                let path = "/v1/applications/\(notary)/supplements"
                for (body, expected) in [(#"{"materials": []}"#, 400), (#"{"supplementId": "A", "materials": []}"#, 422),
                                         (#"{"supplementId": "A", "materials": [{"code": "X", "name": "无文件", "files": []}]}"#, 422),
                                         (#"{"supplementId": "bad id!", "materials": [{"code": "X", "name": "n", "files": [], "onPaper": true}]}"#, 422),
                                         (#"{"supplementId": "A", "targetId": "tgt_nope", "materials": [{"code": "X", "name": "n", "files": [], "onPaper": true}]}"#, 409),
                                         (#"{"supplementId": "A", "extra": 1, "materials": [{"code": "X", "name": "n", "files": [], "onPaper": true}]}"#, 400)] {
                    let reply = try await client.send(.POST, path, body: Array(body.utf8), contentType: "application/json")
                    #expect(reply.status == expected, "\(body): \(reply.status) \(reply.text)")
                }
                #expect(try await client.supplement(id: lawyer, supplementBody("L-1")).status == 409)  // nobody asked
                #expect(try await events(client, notary).count == before)
                #expect(sandbox["notary-sandbox"].stats.supplements == 0)

                // The materials reach the notary office (XML) and the case goes on to completion.
                let queued = try await client.supplement(id: notary, supplementBody("BZ-1"))
                #expect(queued.status == 202, "\(queued.text)")
                #expect(try await eventually(within: 20) { try await status(client, notary) == "completed" })
                #expect(sandbox["notary-sandbox"].stats.supplements == 1)
                let types = try await events(client, notary).filter { $0["type"] as? String == "supplement" }.map { $0["source"] as? String }
                #expect(types == ["portal:demo", "adapter:notary-sandbox"])
                // Repeats are repeats; the same id with other content is a conflict; the case no longer waits.
                let repeated = try await client.supplement(id: notary, supplementBody("BZ-1"))
                #expect(repeated.status == 200 && repeated.header("Idempotent-Replayed") == "true")
                #expect(try await client.supplement(id: notary, supplementBody("BZ-1", note: "改了")).status == 409)
                #expect(try await client.supplement(id: notary, supplementBody("BZ-2")).status == 409)
                #expect(sandbox["notary-sandbox"].stats.supplements == 1)

                // Legal aid takes them as JSON.
                #expect(try await client.supplement(id: legalAid, supplementBody("FY-BC-1")).status == 202)
                #expect(try await eventually(within: 20) { try await status(client, legalAid) == "completed" })
                #expect(sandbox["legal-aid-sandbox"].stats.supplements == 1)
                // While it waited, its SLA clock was paused.
                let target = try #require(try await gateway.store.application(id: legalAid, portal: "demo")?.receipt.targets.first)
                #expect(target.pausedSince == nil)
            }
        }
    }
}
