import Foundation
import Testing
import TongbanSandbox
import TongbanTestSupport

/// `tongban watch`, the demo's live status display, as the real binary: it submits the
/// files it is given and prints each change until every application is final.
@Suite struct WatchCommandTests {
    /// Runs the binary without blocking a cooperative thread while it works.
    func run(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = try GatewayProcess.binary()
        process.arguments = arguments
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("watch-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        process.standardOutput = handle
        process.standardError = handle
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        try handle.close()
        defer { try? FileManager.default.removeItem(at: output) }
        return (status, try String(contentsOf: output, encoding: .utf8))
    }

    @Test func watchPrintsEachApplicationsProgressUntilAllAreFinal() async throws {
        var settings = CallbackSettings(gatewayURL: "http://127.0.0.1:1")
        settings.stepDelay = .milliseconds(300)
        try await LiveSandbox.with(callbacks: settings) { sandbox in
            try await LiveGateway.with(dispatch: true, configure: { $0.adapters = sandbox.adapters(from: $0) }) { gateway in
                sandbox.redirectCallbacks(to: gateway.baseURL)
                let samples = ["notary-will", "mediation-request"].map { Fixtures.root.appendingPathComponent("Tests/Fixtures/applications/canonical/\($0).json").path }
                let (status, output) = try await run(["watch", "--fresh", "--interval", "0.1", "--timeout", "60", "--url", gateway.baseURL,
                                                      "--config", Fixtures.configDirectory,
                                                      "--env-file", Fixtures.root.appendingPathComponent("Config/sample.env").path] + samples)
                #expect(status == 0, "\(output)")
                for name in ["notary-will", "mediation-request"] {
                    // One line per change (stdout is not a terminal): from submitted to completed, in order.
                    let lines = output.split(separator: "\n").filter { $0.contains(" \(name) ") }
                    #expect(lines.first?.contains("\(name) submitted (1)") == true, "\(output)")
                    #expect(lines.last?.contains("\(name) completed (3)") == true, "\(output)")
                    #expect(lines.contains { $0.contains("\(name) in_progress (2)") }, "\(output)")
                }
            }
        }
    }
}
