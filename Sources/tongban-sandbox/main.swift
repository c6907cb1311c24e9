import ArgumentParser
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import TongbanConfig
import TongbanSandbox

/// `tongban-sandbox`: the six reference back ends on loopback, for the demo, the tests
/// and the benchmarks.
@main
struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tongban-sandbox",
        abstract: "Run the six reference back ends (lawyer, notary, arbitration, appraisal, legal aid, mediation) on ports 9101-9106.")

    @Option(help: "First port; the six back ends take it and the five after it.")
    var basePort = 9101

    @Option(help: "A KEY=VALUE file filling environment variables that are not set (Config/sample.env).")
    var envFile: String?

    @Option(name: .customLong("fault"), help: "BACKEND:JSON, for example 'notary-sandbox:{\"errorRate\":0.3}'. Repeatable.")
    var faults: [String] = []

    func run() async throws {
        var environment = ProcessInfo.processInfo.environment
        if let envFile { environment = try EnvironmentFile.merged(envFile, into: environment) }
        let backends = BackendProfile.all(basePort: basePort).map { SandboxBackend(profile: $0, environment: environment) }
        for fault in faults {
            guard let colon = fault.firstIndex(of: ":"), let backend = backends.first(where: { $0.profile.id == String(fault[..<colon]) }),
                  let parsed = try? JSONDecoder().decode(Faults.self, from: Data(fault[fault.index(after: colon)...].utf8)) else {
                throw ValidationError("--fault \(fault): expected BACKEND:JSON with a known back end")
            }
            backend.setFaults(parsed)
        }
        let logger = Logger(label: "tongban-sandbox")
        let services: [any Service] = backends.map { backend in
            backend.application { port in
                // Unbuffered, so scripts reading a pipe see it at once.
                FileHandle.standardOutput.write(Data("\(backend.profile.id) listening on http://127.0.0.1:\(port)\(backend.profile.path)\n".utf8))
            }
        }
        try await ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)).run()
    }
}
