import Foundation
import Testing
import TongbanClient
import TongbanTestSupport

/// Each class of authentication failure is a 401 problem and changes nothing.
@Suite struct AuthHTTPTests {
    func expectRefused(_ reply: PortalClient.Reply, _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(reply.status == 401 && reply.isProblem, "\(reply.status) \(reply.text)", sourceLocation: sourceLocation)
        #expect((reply.json["detail"] as? String ?? "").contains(fragment), "\(reply.text)", sourceLocation: sourceLocation)
    }

    @Test func missingWrongStaleAndReplayedCredentialsAreRefused() async throws {
        try await LiveGateway.with { gateway in
            let client = gateway.client("shanghai-yiwang")
            let (body, caseNo) = try sample("yiwang/notary-will.json")
            let json = "application/json"
            let path = client.intakePath
            var unsigned = client
            unsigned.portal.scheme = .bearer
            unsigned.portal.secrets = []
            // No credentials at all.
            expectRefused(try await unsigned.send(.POST, path, body: body, contentType: json, extraHeaders: [("Authorization", "Basic eDp5")]), "缺少认证信息")
            // A paasid nobody registered.
            expectRefused(try await client.send(.POST, path, body: body, contentType: json, extraHeaders: [("x-tif-paasid", "intruder")]), "未登记")
            // A signature made with the wrong secret.
            var forged = client
            forged.portal.secrets = ["not-the-real-secret-at-all"]
            expectRefused(try await forged.submit(body), "签名不正确")
            // A missing signature header.
            expectRefused(try await client.send(.POST, path, body: body, contentType: json, extraHeaders: [("x-tif-signature", "")]), "签名不正确")
            // A timestamp well outside the 300-second window, correctly signed (a slow request
            // must not bring a future one back inside it).
            let stale = client.signatureHeaders(timestamp: Int(Date().timeIntervalSince1970) - 400)
            expectRefused(try await client.send(.POST, path, body: body, contentType: json, extraHeaders: stale), "时间窗")
            let future = client.signatureHeaders(timestamp: Int(Date().timeIntervalSince1970) + 400)
            expectRefused(try await client.send(.POST, path, body: body, contentType: json, extraHeaders: future), "时间窗")
            // A bearer token that no portal has.
            var wrongToken = gateway.client("demo")
            wrongToken.portal.secrets = ["sandbox-demo-token-NOT-A-SECREX"]
            expectRefused(try await wrongToken.submit(try sample("canonical/notary-will.json").body), "令牌无效")
            #expect(try await gateway.store.applicationCount() == 0)

            // A correctly signed request goes through once; replaying its exact headers is refused.
            let headers = client.signatureHeaders()
            let first = try await client.send(.POST, path, body: body, contentType: json, extraHeaders: headers)
            #expect(first.status == 202)
            expectRefused(try await client.send(.POST, path, body: body, contentType: json, extraHeaders: headers), "重放")
            expectRefused(try await client.send(.GET, "/v1/applications?portalCaseNo=\(caseNo)", extraHeaders: headers), "重放")
            #expect(try await gateway.store.applicationCount() == 1)
        }
    }

    /// A portal whose scheme signs the body (district-hall, `scheme: signed`): captured
    /// headers authorise no other body and no second request; nothing changes.
    @Test func aSignedPortalsHeadersCoverItsBodyAndAreUsedOnce() async throws {
        try await LiveGateway.with { gateway in
            let client = gateway.client("district-hall")
            var object = try Fixtures.object("canonical/notary-will.json")
            object["portalCaseNo"] = "DH-\(UUID().uuidString.prefix(8))"
            let body = try Fixtures.bytes(object)
            let json = "application/json", path = client.intakePath
            let captured = client.signatureHeaders(method: "POST", path: path, body: body)
            #expect(captured.contains { $0.0 == "X-Portal-Id" && $0.1 == "district-hall" })
            // Another body under the captured headers: refused before it is read as an application.
            var other = object
            other["portalCaseNo"] = "DH-FORGED"
            expectRefused(try await client.send(.POST, path, body: try Fixtures.bytes(other), contentType: json, extraHeaders: captured), "签名校验失败")
            #expect(try await gateway.store.applicationCount() == 0)
            // The genuine request goes through once; the same bytes and headers again are a replay.
            #expect(try await client.send(.POST, path, body: body, contentType: json, extraHeaders: captured).status == 202)
            expectRefused(try await client.send(.POST, path, body: body, contentType: json, extraHeaders: captured), "重放")
            // A wrong secret, a missing signature, a stale time.
            var forged = client
            forged.portal.secrets = ["not-the-district-hall-secret"]
            expectRefused(try await forged.submit(body), "签名校验失败")
            expectRefused(try await client.send(.POST, path, body: body, contentType: json, extraHeaders: [("X-Portal-Signature", "")]), "签名校验失败")
            let stale = client.signatureHeaders(timestamp: Int(Date().timeIntervalSince1970) - 400, method: "POST", path: path, body: body)
            expectRefused(try await client.send(.POST, path, body: body, contentType: json, extraHeaders: stale), "window")
            // Reads are signed too (an empty body), and work.
            #expect(try await client.application(caseNo: object["portalCaseNo"] as! String).status == 200)
            #expect(try await gateway.store.applicationCount() == 1)
        }
    }

    @Test func aPortalMayUseOnlyItsOwnDialect() async throws {
        try await LiveGateway.with { gateway in
            let yiwang = gateway.client("shanghai-yiwang")
            let reply = try await yiwang.send(.POST, "/v1/applications", body: try sample("canonical/notary-will.json").body, contentType: "application/json")
            #expect(reply.status == 403 && reply.isProblem)
            #expect(try await gateway.store.applicationCount() == 0)
        }
    }

    @Test func thePreviousSecretWorksDuringARotation() async throws {
        try await LiveGateway.with(configure: { configuration in
            let index = configuration.portals.firstIndex { $0.id == "shanghai-yiwang" }!
            configuration.portals[index].secrets = ["the-new-secret-after-rotation", "sandbox-yiwang-token-NOT-A-SECRET"]
        }) { gateway in
            var old = gateway.client("shanghai-yiwang")
            old.portal.secrets = ["sandbox-yiwang-token-NOT-A-SECRET"]
            let reply = try await old.submit(try sample("yiwang/notary-will.json").body)
            #expect(reply.status == 202)
        }
    }
}
