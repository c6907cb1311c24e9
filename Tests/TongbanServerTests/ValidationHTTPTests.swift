import Foundation
import Testing
import TongbanTestSupport

/// Every validation class through the routes: 422 problem+json with pointer and code, and
/// nothing stored. Router mode on the in-memory store: no socket is needed to show it.
@Suite struct ValidationHTTPTests {
    @Test func everyValidationClassIsA422AndStoresNothing() async throws {
        try await RouterGateway.with { gateway in
            for c in ValidationCase.all {
                var object = try c.object()
                let caseNo = "V-\(UUID().uuidString.prefix(10))"
                object["portalCaseNo"] = caseNo
                let reply = try await gateway.submit(Fixtures.bytes(object))
                #expect(reply.status == 422, "\(c.name): \(reply.text)")
                #expect(reply.isProblem && reply.json["type"] as? String == "urn:tongban:problem:validation")
                #expect(reply.problems.contains { $0.pointer == c.pointer && $0.code == c.code }, "\(c.name): \(reply.problems)")
                #expect(try await gateway.store.application(portal: "demo", caseNo: caseNo) == nil, "\(c.name) stored something")
            }
            #expect(try await gateway.store.applicationCountsByStatus().isEmpty)
        }
    }

    @Test func yiwangProblemsPointAtTheFieldsThePortalSent() async throws {
        try await RouterGateway.with { gateway in
            var object = try Fixtures.object("yiwang/notary-will.json")
            object["apply_cardnumber"] = "340102198805059786"
            object["areacode"] = "999999000000"
            object["telphone"] = "123"
            object["receivetime"] = "yesterday"
            let reply = try await gateway.submit(Fixtures.bytes(object), as: "shanghai-yiwang")
            #expect(reply.status == 422)
            let pointers = Set(reply.problems.map(\.pointer))
            #expect(pointers.isSuperset(of: ["/apply_cardnumber", "/areacode", "/telphone", "/receivetime"]), "\(reply.problems)")
        }
    }

    /// A member given twice would be read one way here and another way by a tool that keeps
    /// the last value: refused, naming it. An escaped NUL in a text field is refused with
    /// its pointer. Neither stores anything.
    @Test func duplicateKeysAndEscapedControlCharactersAre400WithThePointer() async throws {
        try await LiveGateway.with { gateway in
            let client = gateway.client("demo")
            let (body, caseNo) = try sample("canonical/notary-will.json")
            let text = String(decoding: body, as: UTF8.self)
            let twice = Array(("{\"portalCaseNo\":\"\(caseNo)-B\"," + text.dropFirst()).utf8)
            let reply = try await client.submit(twice)
            #expect(reply.status == 400, "\(reply.text)")
            #expect(reply.isProblem && reply.problems.contains { $0.pointer == "/portalCaseNo" && $0.code == "duplicate-key" }, "\(reply.text)")
            #expect(reply.text.contains("portalCaseNo"))

            var object = try Fixtures.object("canonical/notary-will.json")
            object["portalCaseNo"] = caseNo
            var applicant = object["applicant"] as! [String: Any]
            applicant["name"] = "张\u{0}三"
            object["applicant"] = applicant
            let nul = try await client.submit(Fixtures.bytes(object))
            #expect(nul.status == 400, "\(nul.text)")
            #expect(nul.problems.contains { $0.pointer == "/applicant/name" }, "\(nul.text)")
            #expect(try await gateway.store.count(portal: "demo", caseNo: caseNo) == 0)
            #expect(try await gateway.store.count(portal: "demo", caseNo: caseNo + "-B") == 0)
        }
    }
}
