import Foundation

/// The real `tongban` binary run as a separate process, for tests that kill it.
public final class GatewayProcess: @unchecked Sendable { // the Process is only touched by the owning test
    public let baseURL: String
    public let logPath: String
    private let process: Process

    /// The built `tongban` next to the test bundle (or `TONGBAN_BIN`).
    public static func binary() throws -> URL {
        if let path = ProcessInfo.processInfo.environment["TONGBAN_BIN"] { return URL(fileURLWithPath: path) }
        var candidates = [URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tongban")]
        if let bundle = Bundle.main.executableURL { candidates.append(bundle.deletingLastPathComponent().appendingPathComponent("tongban")) }
        candidates.append(Fixtures.root.appendingPathComponent(".build/debug/tongban"))
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw ProcessError("no tongban binary near the tests (looked at \(candidates.map(\.path))); run swift build first")
        }
        return found
    }

    /// Runs one `tongban` command (`audit verify`, `check`…) to its end: its exit status and
    /// everything it printed.
    public static func command(_ arguments: [String], environment: [String: String]? = nil) async throws -> (status: Int32, output: String) {
        let finished = try await ExternalTool.run(executable: try binary(), arguments, environment: environment)
        return (finished.status, finished.output)
    }

    /// Starts `tongban serve` on a free loopback port (or `port`) with the sample config and
    /// secrets (or `envFile`; `environment` is added to the process's own), and waits until
    /// it listens.
    public init(sqlitePath: String, logPath: String, configDirectory: String = Fixtures.configDirectory, adaptersDirectory: String? = nil,
                port: Int = 0, envFile: String? = nil, environment: [String: String] = [:]) async throws {
        self.logPath = logPath
        FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        log.seekToEndOfFile()
        process = Process()
        process.executableURL = try Self.binary()
        process.arguments = ["serve", "--config", configDirectory, "--env-file", envFile ?? Fixtures.root.appendingPathComponent("Config/sample.env").path,
                             "--port", String(port), "--sqlite", sqlitePath] + (adaptersDirectory.map { ["--adapters", $0] } ?? [])
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        process.standardOutput = log
        process.standardError = log
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        var found: String?
        while found == nil, Date() < deadline, process.isRunning {
            try await Task.sleep(for: .milliseconds(50))
            let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").last(where: { $0.hasPrefix("tongban listening on ") }) {
                found = line.split(separator: " ")[3].description
            }
        }
        guard let url = found else {
            process.terminate()
            throw ProcessError("gateway did not start: \((try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "")")
        }
        baseURL = url
    }

    /// SIGHUP: reload the configuration.
    public func hangup() {
        Foundation.kill(process.processIdentifier, SIGHUP)
    }

    /// SIGKILL: no chance to flush or clean up, like a power cut for the process.
    public func kill() {
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// SIGTERM, then waits; returns the exit status.
    @discardableResult
    public func terminate() -> Int32 {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// SIGTERM without blocking a thread: waits up to `seconds` for the exit and returns
    /// its status, or nil when the process is still running then.
    public func stop(within seconds: Double) async -> Int32? {
        Foundation.kill(process.processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning, Date() < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        return process.isRunning ? nil : process.terminationStatus
    }

    deinit { if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) } }
}

/// A test helper failed to run a process.
public struct ProcessError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
