import Foundation
import Testing
import TongbanClient
import TongbanSandbox
import TongbanTestSupport

/// Specs stored through the admin API survive a restart of the real binary: the stored
/// version is in force again, every version is kept, and the audit chain verifies.
@Suite struct AdapterVersionsRestartTests {
    static let notary = [("Authorization", "Bearer sandbox-agency-notary-token-NOT-A-SECRET")]

    @Test func storedVersionsAreInForceAfterARestart() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("versions-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let sqlite = directory.appendingPathComponent("gateway.sqlite").path
        let portal = try #require(try Fixtures.configuration().portals.first { $0.id == "demo" })
        let original = try String(contentsOf: Fixtures.root.appendingPathComponent("Adapters/notary-sandbox.yaml"), encoding: .utf8)
        let pudongOnly = original.replacingOccurrences(of: #"regions: ["310000"]"#, with: #"regions: ["310115"]"#)
        var sample = try Fixtures.object("canonical/notary-will.json")

        let first = try await GatewayProcess(sqlitePath: sqlite, logPath: directory.appendingPathComponent("first.log").path)
        var client = PortalClient(baseURL: first.baseURL, portal: portal)
        for text in [original.replacingOccurrences(of: "priority: 10", with: "priority: 11"), pudongOnly] {
            let reply = try await client.send(.PUT, "/admin/v1/adapters/notary-sandbox", body: Array(text.utf8), contentType: "application/yaml", extraHeaders: Self.notary)
            #expect(reply.status == 200, "\(reply.text)")
        }
        #expect(await first.stop(within: 25) == 0)

        let second = try await GatewayProcess(sqlitePath: sqlite, logPath: directory.appendingPathComponent("second.log").path)
        defer { second.terminate() }
        client = PortalClient(baseURL: second.baseURL, portal: portal)
        let detail = try JSONSerialization.jsonObject(with: Data(try await client.send(.GET, "/admin/v1/adapters/notary-sandbox", extraHeaders: Self.notary).body)) as? [String: Any]
        #expect((detail?["origin"] as? [String: Any])?["version"] as? Int == 2)
        #expect(detail?["spec"] as? String == pudongOnly)
        #expect((detail?["versions"] as? [[String: Any]])?.compactMap { $0["version"] as? Int } == [2, 1])
        // In force: a Xuhui notary application finds no office.
        sample["portalCaseNo"] = "VR-1"
        #expect(try await client.submit(Fixtures.bytes(sample)).status == 422)

        // The audit chain holds, admin changes included (the CLI reads the same file), and
        // `tongban check --sqlite` checks the stored specs with the files.
        let verified = try await Self.tongban(["audit", "verify"], "--sqlite", sqlite)
        #expect(verified.status == 0 && verified.output.contains("chain intact"), "\(verified.output)")
        let checked = try await Self.tongban(["check"], "--sqlite", sqlite)
        #expect(checked.status == 0 && checked.output.contains("\(BackendProfile.all().count) adapters"), "\(checked.output)")
        let missing = try await Self.tongban(["check"], "--sqlite", directory.appendingPathComponent("none.sqlite").path)
        #expect(missing.status != 0 && missing.output.contains("no store at"), "\(missing.output)")
    }

    /// Runs the CLI on the sample configuration; its exit status and everything it printed.
    static func tongban(_ command: [String], _ options: String...) async throws -> (status: Int32, output: String) {
        try await GatewayProcess.command(command + ["--config", Fixtures.configDirectory, "--env-file", Fixtures.root.appendingPathComponent("Config/sample.env").path] + options)
    }
}
