import TongbanCodecs
import Foundation
import Testing
import TongbanConfig
import TongbanCore
import TongbanTestSupport
import Yams
@testable import TongbanAdapters

/// The cancel and supplement requests each sample spec declares, against golden files (like
/// `GoldenRequestTests`), and the spec errors an agency can make in those blocks.
@Suite struct ActionRequestTests {
    static let cases: [(spec: String, kind: CitizenAction.Kind)] = [
        ("notary-sandbox", .cancel), ("notary-sandbox", .supplement), ("arbitration-sandbox", .cancel),
        ("appraisal-sandbox", .cancel), ("appraisal-sandbox", .supplement), ("legal-aid-sandbox", .cancel), ("legal-aid-sandbox", .supplement),
        ("chongming-notary-sandbox", .cancel),
    ]
    static let supplement = #"""
        {"supplementId":"BZ-1","note":"补交材料","materials":[{"code":"M1","name":"身份证明","files":[{"uri":"https://files.example.gov.cn/a b.pdf","name":"a.pdf"}]}]}
        """#

    func adapter(_ id: String) throws -> DeclarativeAdapter {
        try DryRun.adapter(specPath: Fixtures.root.appendingPathComponent("Adapters/\(id).yaml").path,
                           configuration: try Fixtures.configuration(), environment: try Fixtures.sampleEnvironment())
    }

    @Test(arguments: cases.map { "\($0.spec) \($0.kind.rawValue)" })
    func requestMatchesTheGoldenFile(_ pair: String) throws {
        let parts = pair.split(separator: " ").map(String.init)
        let kind = try #require(CitizenAction.Kind(rawValue: parts[1]))
        let adapter = try adapter(parts[0])
        #expect(adapter.accepts(kind))
        let document = kind == .cancel ? #"{"reason":"已另行办理"}"# : Self.supplement
        let action = ActionDelivery(kind: kind, actionID: "act_golden", applicationID: "app_golden", targetID: "tgt_golden",
                                    caseRef: "GZ 2026/1", document: try JSONValue.parse(Array(document.utf8)),
                                    requestedAt: GoldenRequestTests.now, callbackURL: "http://127.0.0.1:8080/v1/callbacks/\(parts[0])",
                                    now: GoldenRequestTests.now, nonce: "golden-nonce")
        let (request, _) = try adapter.actionRequest(for: action)
        // The case number is percent-encoded into the path, and the path is what is signed.
        #expect(request.path.contains("GZ%202026%2F1") && request.url.hasSuffix(request.path))
        #expect(request.headers.contains { $0.name == "Idempotency-Key" && $0.value == "act_golden" })
        let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/\(parts[0])--\(parts[1]).txt")
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try (request.text + "\n").write(to: golden, atomically: true, encoding: .utf8)
        }
        #expect(request.text + "\n" == (try String(contentsOf: golden, encoding: .utf8)))
    }

    @Test func aPathNeedingACaseNumberTheBackEndNeverGaveFailsAsAMappingError() throws {
        let action = ActionDelivery(kind: .cancel, actionID: "a", applicationID: "p", targetID: "t", caseRef: nil, document: .object([]),
                                    requestedAt: Date(), callbackURL: "", now: Date(), nonce: "n")
        #expect(throws: MappingError.self) { try adapter("notary-sandbox").actionRequest(for: action) }
        // An adapter without the endpoint says so.
        #expect(try adapter("lawyer-sandbox").accepts(.cancel) == false)
        #expect(throws: MappingError.self) { try adapter("lawyer-sandbox").actionRequest(for: action) }
    }

    /// The lawyer spec with a cancel block appended.
    func problems(cancel block: String) throws -> [String] {
        let base = try String(contentsOf: Fixtures.root.appendingPathComponent("Adapters/lawyer-sandbox.yaml"), encoding: .utf8)
        let spec = try YAMLDecoder().decode(AdapterSpec.self, from: base + "\n" + block)
        let configuration = try Fixtures.configuration()
        return spec.problems(regions: configuration.regions, catalog: configuration.catalog).map { "\($0.key): \($0.reason)" }
    }

    @Test func specErrorsInActionBlocksAreNamed() throws {
        #expect(try problems(cancel: "cancel: {path: \"/c/{caseRef}\", fields: [{to: why, from: /reason}, {to: ref, from: $target.caseRef}]}").isEmpty)
        #expect(try problems(cancel: "cancel: {path: /c, fields: [{to: name, from: /applicant/name}]}")
                == ["cancel.fields[0]: /applicant/name is not a field of the cancel document (/reason)"])
        #expect(try problems(cancel: "cancel: {path: /c, fields: [{to: x, from: $target.dueDate}]}").first?.hasPrefix("cancel.fields[0]: unknown variable $target.dueDate") == true)
        #expect(try problems(cancel: "cancel: {path: /c, fields: [{to: x, from: /reason, table: t}]}") == ["cancel.fields[0].table: no table 't' in cancel.tables"])
        // A constant a refusing table lacks fails every delivery: an error when checked, not at delivery.
        #expect(try problems(cancel: "cancel: {path: /c, tables: {t: {a: b}}, fields: [{to: x, const: z, table: t}]}")
                == ["cancel.fields[0].table: table 't' has no entry for the constant 'z' and refuses missing values"])
        #expect(try problems(cancel: "cancel: {path: /c, tables: {t: {entries: {a: b}, missing: pass}}, fields: [{to: x, const: z, table: t}]}").isEmpty)
        #expect(try problems(cancel: "supplement: {path: /s, fields: [{to: m, each: /materials, fields: [{to: u, from: files/0/uri}, {to: z, from: nope}]}]}")
                == ["supplement.fields[0].fields[1]: 'nope' is not a field of the elements of /materials"])
        for (block, reason) in [("cancel: {path: \"/c/{case}\"}", "unknown placeholder {case}"), ("cancel: {path: c}", "expected a path starting with '/'"),
                                ("cancel: {path: /c, method: GET}", "expected POST, PUT or DELETE"), ("cancel: {path: \"/c/{caseRef\"}", "unclosed")] {
            #expect(throws: (any Error).self, "\(block) \(reason)") { try problems(cancel: block) }
        }
    }

    @Test func probeSpecsAreChecked() throws {
        let ok = try YAMLDecoder().decode(ProbeSpec.self, from: "{path: /health, interval: 10s, timeout: 2s}")
        #expect(ok == ProbeSpec(path: "/health", intervalSeconds: 10, timeoutSeconds: 2))
        for bad in ["{path: health}", "{path: /h, interval: 2s, timeout: 5s}", "{path: /h, interval: 500ms}", "{path: /h, every: 5s}"] {
            #expect(throws: (any Error).self, "\(bad)") { try YAMLDecoder().decode(ProbeSpec.self, from: bad) }
        }
    }
}
