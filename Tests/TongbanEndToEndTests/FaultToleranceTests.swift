import Foundation
import Testing
import TongbanClient
import TongbanTestSupport

/// Faults from outside that must not stop or mislead the gateway, against the real binary.
@Suite struct FaultToleranceTests {
    func temporaryDirectory(_ name: String) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// Clients that close or reset the connection mid-body are logged as aborts, counted
    /// apart, and never a 500; the gateway serves the next request as usual.
    @Test func clientsThatAbortMidBodyAreNotServerErrors() async throws {
        let directory = try temporaryDirectory("aborts")
        defer { try? FileManager.default.removeItem(at: directory) }
        let log = directory.appendingPathComponent("g.log").path
        let gateway = try await GatewayProcess(sqlitePath: directory.appendingPathComponent("g.sqlite").path, logPath: log)
        defer { _ = gateway.terminate() }
        let port = String(gateway.baseURL.split(separator: ":").last!)
        for path in ["/v1/callbacks/notary-sandbox", "/v1/applications"] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", Fixtures.root.appendingPathComponent("Tests/Fixtures/abort_clients.py").path, port, path, "6"]
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
        }
        try await Task.sleep(for: .milliseconds(300))
        let client = try TrustSetup.client(gateway.baseURL)
        #expect(try await client.send(.GET, "/healthz").status == 200)
        let metrics = try await client.send(.GET, "/metrics", extraHeaders: TrustSetup.operatorToken).text
        let aborts = metrics.split(separator: "\n").first { $0.hasPrefix("tongban_client_aborts_total") }
        #expect(aborts.flatMap { Double($0.split(separator: " ").last ?? "") }.map { $0 >= 6 } == true, "\(aborts ?? "no tongban_client_aborts_total")")
        #expect(!metrics.contains(#"status="500""#), "a client abort was counted as a 500")
        let text = try String(contentsOfFile: log, encoding: .utf8)
        #expect(!text.contains("unexpected error"), "\(text.split(separator: "\n").filter { $0.contains("unexpected") }.prefix(3))")
        #expect(text.contains("client aborted the request"))
    }
}
