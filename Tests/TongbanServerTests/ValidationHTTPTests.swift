import Foundation
import Testing
import TongbanTestSupport

/// Every validation class over HTTP: 422 problem+json with pointer and code, and nothing stored.
@Suite struct ValidationHTTPTests {
    @Test func everyValidationClassIsA422AndStoresNothing() async throws {
        try await LiveGateway.with { gateway in
            let client = gateway.client("demo")
            for c in ValidationCase.all {
                var object = try c.object()
                let caseNo = "V-\(UUID().uuidString.prefix(10))"
                object["portalCaseNo"] = caseNo
                let reply = try await client.submit(Fixtures.bytes(object))
                #expect(reply.status == 422, "\(c.name): \(reply.text)")
                #expect(reply.isProblem && reply.json["type"] as? String == "urn:tongban:problem:validation")
                #expect(reply.problems.contains { $0.pointer == c.pointer && $0.code == c.code }, "\(c.name): \(reply.problems)")
                #expect(try await gateway.store.count(portal: "demo", caseNo: caseNo) == 0, "\(c.name) stored something")
            }
            #expect(try await gateway.store.applicationCount() == 0)
        }
    }

    @Test func yiwangProblemsPointAtTheFieldsThePortalSent() async throws {
        try await LiveGateway.with { gateway in
            var object = try Fixtures.object("yiwang/notary-will.json")
            object["apply_cardnumber"] = "340102198805059786"
            object["areacode"] = "999999000000"
            object["telphone"] = "123"
            object["receivetime"] = "yesterday"
            let reply = try await gateway.client("shanghai-yiwang").submit(Fixtures.bytes(object))
            #expect(reply.status == 422)
            let pointers = Set(reply.problems.map(\.pointer))
            #expect(pointers.isSuperset(of: ["/apply_cardnumber", "/areacode", "/telphone", "/receivetime"]), "\(reply.problems)")
        }
    }
}
