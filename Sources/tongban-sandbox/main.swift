import ArgumentParser
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import TongbanConfig
import TongbanDispatch
import TongbanSandbox

/// `tongban-sandbox`: the seven reference back ends on loopback, for the demo, the tests
/// and the benchmarks.
@main
struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tongban-sandbox",
        abstract: "Run the seven reference back ends (lawyer, notary, arbitration, appraisal, legal aid, mediation, and a second notary office answering with business codes) on ports 9101-9107.")

    @Option(help: "First port; the seven back ends take it and the six after it.")
    var basePort = 9101

    @Option(help: "A KEY=VALUE file filling environment variables that are not set (Config/sample.env).")
    var envFile: String?

    @Option(name: .customLong("fault"), help: ArgumentHelp(
        "BACKEND:JSON, for example 'notary-sandbox:{\"errorRate\":0.3}'. Repeatable.",
        discussion: """
            Fault keys: errorRate (0-1), latencyMs, hang, outage, outageSeconds, malformed, rejectStatus (4xx), \
            lifeCycle (statuses for new cases), duplicateCallbacks, outOfOrderCallbacks, answerCodes (business codes of the next submissions, chongming-notary-sandbox). \
            The same JSON can be PUT to /_sandbox/faults on the back end's port.
            """))
    var faults: [String] = []

    @Option(help: "The gateway's base URL: each case's life cycle is reported to <URL>/v1/callbacks/<back end>.")
    var callbacksTo = "http://127.0.0.1:8080"

    @Option(help: "Milliseconds between two steps of a case's life cycle.")
    var callbackStepMs = 1500

    @Flag(help: "Report nothing back: take submissions only (the benchmarks use this).")
    var noCallbacks = false

    func validate() throws {
        guard (1...65535).contains(basePort), basePort + 6 <= 65535 else { throw ValidationError("--base-port must leave room for seven ports") }
        guard (0...600_000).contains(callbackStepMs) else { throw ValidationError("--callback-step-ms must be 0 to 600000") }
        guard let url = URL(string: callbacksTo), url.scheme == "http" || url.scheme == "https", url.host != nil else {
            throw ValidationError("--callbacks-to must be an http(s) URL, got '\(callbacksTo)'")
        }
    }

    func run() async throws {
        var environment = ProcessInfo.processInfo.environment
        if let envFile { environment = try EnvironmentFile.merged(envFile, into: environment) }
        let logger = Logger(label: "tongban-sandbox")
        var callbacks = CallbackSettings(gatewayURL: callbacksTo.hasSuffix("/") ? String(callbacksTo.dropLast()) : callbacksTo)
        callbacks.stepDelay = .milliseconds(callbackStepMs)
        let transport = HTTPDeliveryTransport(maxConnectionsPerHost: 8)
        let backends = BackendProfile.all(basePort: basePort).map {
            SandboxBackend(profile: $0, environment: environment, callbacks: noCallbacks ? nil : callbacks, transport: transport, logger: logger)
        }
        for fault in faults {
            guard let colon = fault.firstIndex(of: ":"), let backend = backends.first(where: { $0.profile.id == String(fault[..<colon]) }),
                  let parsed = try? JSONDecoder().decode(Faults.self, from: Data(fault[fault.index(after: colon)...].utf8)) else {
                throw ValidationError("--fault \(fault): expected BACKEND:JSON with a known back end")
            }
            do { try backend.setFaults(parsed) } catch { throw ValidationError("--fault \(fault): \(error)") }
        }
        var services: [any Service] = backends.map { backend in
            backend.application { port in
                // Unbuffered, so scripts reading a pipe see it at once.
                FileHandle.standardOutput.write(Data("\(backend.profile.id) listening on http://127.0.0.1:\(port)\(backend.profile.path)\n".utf8))
            }
        }
        services += backends.compactMap(\.callbackService)
        if !noCallbacks { FileHandle.standardOutput.write(Data("callbacks go to \(callbacks.gatewayURL)/v1/callbacks/<back end>\n".utf8)) }
        try await ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)).run()
        try await transport.shutdown()
    }
}
