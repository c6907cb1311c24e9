import Foundation
import Testing
import TongbanSandbox
import TongbanTestSupport

/// `tongban watch`, the demo's live status display, as the real binary: it submits the
/// files it is given and prints each change until every application is final.
@Suite struct WatchCommandTests {
    @Test func watchPrintsEachApplicationsProgressUntilAllAreFinal() async throws {
        var settings = CallbackSettings(gatewayURL: "http://127.0.0.1:1")
        settings.stepDelay = .milliseconds(300)
        try await LiveSandbox.with(callbacks: settings) { sandbox in
            try await LiveGateway.with(dispatch: true, configure: { $0.adapters = sandbox.adapters(from: $0) }) { gateway in
                sandbox.redirectCallbacks(to: gateway.baseURL)
                let samples = ["notary-will", "mediation-request"].map { Fixtures.root.appendingPathComponent("Tests/Fixtures/applications/canonical/\($0).json").path }
                let (status, output) = try await GatewayProcess.command(["watch", "--fresh", "--interval", "0.1", "--timeout", "60", "--url", gateway.baseURL,
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
