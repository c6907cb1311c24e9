import Foundation
import Testing
import TongbanTestSupport

/// Oversized and malformed bodies get 413/400 problem+json, never a crash, and store nothing.
@Suite struct LimitsHTTPTests {
    @Test func oversizedMalformedAndWrongTypedBodiesAreRefusedPrecisely() async throws {
        try await LiveGateway.with(configure: { $0.settings.limits.maxBodyBytes = 8192 }) { gateway in
            let client = gateway.client("demo")
            let json = "application/json"
            func post(_ body: [UInt8], contentType: String = "application/json") async throws -> (Int, String, String) {
                let reply = try await client.send(.POST, "/v1/applications", body: body, contentType: contentType)
                #expect(reply.isProblem, "\(reply.text)")
                return (reply.status, reply.json["type"] as? String ?? "", reply.json["detail"] as? String ?? "")
            }
            // Too large (the sample padded past 8 KiB).
            var big = try Fixtures.object("canonical/notary-will.json")
            big.set(["form", "notary", "purpose"], String(repeating: "很", count: 4000))
            #expect(try await post(Fixtures.bytes(big)).0 == 413)
            // Too deep.
            let deep = Array(("{\"a\":" + String(repeating: "[", count: 40) + String(repeating: "]", count: 40) + "}").utf8)
            let (deepStatus, _, deepDetail) = try await post(deep)
            #expect(deepStatus == 400 && deepDetail.contains("嵌套"))
            // A string longer than the limit.
            var longObject = try Fixtures.object("canonical/notary-will.json")
            longObject.set(["applicant", "address"], String(repeating: "a", count: 20_000))
            let long = try Fixtures.bytes(longObject)
            let limits = try await LiveGateway.with(configure: { $0.settings.limits.maxStringBytes = 1024 }) { g in
                try await g.client("demo").send(.POST, "/v1/applications", body: long, contentType: "application/json").status
            }
            #expect(limits == 413)
            // Not JSON at all, and truncated JSON.
            #expect(try await post(Array("portalCaseNo=1".utf8)).0 == 400)
            #expect(try await post(Array(try Fixtures.application("canonical/notary-will.json").dropLast(20))).0 == 400)
            // Wrong type, with the pointer to the field.
            var wrongType = try Fixtures.object("canonical/notary-will.json")
            wrongType.set(["form", "notary", "copies"], "two")
            let reply = try await client.send(.POST, "/v1/applications", body: Fixtures.bytes(wrongType), contentType: json)
            #expect(reply.status == 400 && reply.problems.first?.pointer == "/form/notary/copies", "\(reply.text)")
            // A missing required field and an unknown enumeration word.
            var missing = try Fixtures.object("canonical/notary-will.json")
            missing["applicant"] = nil
            #expect(try await client.send(.POST, "/v1/applications", body: Fixtures.bytes(missing), contentType: json).problems.first?.pointer == "/applicant")
            var unknownWord = try Fixtures.object("canonical/notary-will.json")
            unknownWord.set(["form", "notary", "matter"], "telepathy")
            let word = try await client.send(.POST, "/v1/applications", body: Fixtures.bytes(unknownWord), contentType: json)
            #expect(word.status == 400 && word.problems.first?.pointer == "/form/notary/matter", "\(word.text)")
            // Wrong media type.
            #expect(try await post(try Fixtures.application("canonical/notary-will.json"), contentType: "text/plain").0 == 415)
            #expect(try await gateway.store.applicationCount() == 0)
            // The gateway still serves after all that.
            #expect(try await client.submit(try sample("canonical/notary-will.json").body).status == 202)
        }
    }

    @Test func unknownRoutesAndMissingQueryAreProblems() async throws {
        try await LiveGateway.with { gateway in
            let client = gateway.client("demo")
            let unknown = try await client.send(.GET, "/v1/nothing-here")
            #expect(unknown.status == 404 && unknown.isProblem)
            let noQuery = try await client.send(.GET, "/v1/applications")
            #expect(noQuery.status == 400 && noQuery.isProblem)
            let health = try await client.send(.GET, "/healthz")
            #expect(health.status == 200)
        }
    }
}
