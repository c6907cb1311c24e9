import Foundation
import Testing
import TongbanConfig
import TongbanCore
import TongbanTestSupport
@testable import TongbanAdapters

/// Each sample adapter's exact request (body and every header, signatures included) for a
/// canonical sample, against a file under `Golden/`. Regenerate after an intended change
/// with `UPDATE_GOLDEN=1 swift test --filter GoldenRequestTests` and read the diff.
@Suite struct GoldenRequestTests {
    static let cases: [(spec: String, sample: String)] = [
        ("lawyer-sandbox", "lawyer-consultation"), ("notary-sandbox", "notary-will"),
        ("arbitration-sandbox", "arbitration-filing"), ("appraisal-sandbox", "appraisal-entrustment"),
        ("legal-aid-sandbox", "legal-aid-application"), ("legal-aid-sandbox", "bundle-unpaid-wages"),
        ("mediation-sandbox", "mediation-request"), ("mediation-sandbox", "bundle-unpaid-wages"),
        ("chongming-notary-sandbox", "notary-will"),
    ]
    static let now = RFC3339.parse("2026-11-30T10:00:00+08:00")!

    @Test(arguments: cases.map { "\($0.spec) \($0.sample)" })
    func requestMatchesTheGoldenFile(_ pair: String) throws {
        let parts = pair.split(separator: " ").map(String.init)
        let configuration = try Fixtures.configuration()
        let adapter = try DryRun.adapter(specPath: Fixtures.root.appendingPathComponent("Adapters/\(parts[0]).yaml").path,
                                         configuration: configuration, environment: try Fixtures.sampleEnvironment())
        let request = try DryRun.request(adapter: adapter, applicationJSON: try Fixtures.application("canonical/\(parts[1]).json"),
                                         now: Self.now, nonce: "golden-nonce")
        let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/\(parts[0])--\(parts[1]).txt")
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try (request.text + "\n").write(to: golden, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: golden, encoding: .utf8)
        #expect(request.text + "\n" == expected)
    }
}
