import Foundation
import Testing
import TongbanTestSupport

/// A method a known path does not take is a 405 naming the ones it does; an unknown path
/// stays a 404. Nothing about authentication is needed to learn what the OpenAPI document
/// says anyway. Router mode: no socket is needed to show it.
@Suite struct MethodHTTPTests {
    @Test func anUnsupportedMethodIsA405WithAllow() async throws {
        try await RouterGateway.with { gateway in
            for (method, path, allow) in [
                ("TRACE", "/v1/applications", "GET, HEAD, POST"),
                ("DELETE", "/v1/applications/app_123", "GET, HEAD"),
                ("PUT", "/v1/applications/app_123/withdrawal", "POST"),
                ("TRACE", "/healthz", "GET, HEAD"),
                ("POST", "/metrics", "GET, HEAD"),
                ("PATCH", "/admin/v1/adapters/notary-sandbox", "DELETE, GET, HEAD, PUT"),
            ] {
                let reply = try await gateway.send(.init(method)!, path)
                #expect(reply.status == 405, "\(method) \(path): \(reply.status) \(reply.text)")
                #expect(reply.header("Allow") == allow, "\(method) \(path): \(reply.header("Allow") ?? "-")")
                #expect(reply.isProblem && reply.json["type"] as? String == "urn:tongban:problem:method-not-allowed")
            }
            #expect(try await gateway.send(.init("TRACE")!, "/v1/nothing-here").status == 404)
            #expect(try await gateway.send(.get, "/v1/applications/app_123/nothing").status == 404)
        }
    }

    @Test func headOfAGetRouteAnswersWithoutABody() async throws {
        try await RouterGateway.with { gateway in
            let reply = try await gateway.send(.head, "/healthz")
            #expect(reply.status == 200, "\(reply.status)")
            #expect(reply.body.isEmpty)
        }
    }
}
