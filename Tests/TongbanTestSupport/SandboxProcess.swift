import Foundation
import TongbanSandbox

/// The `tongban-sandbox` binary as its own process on consecutive free ports (one per back end), so a
/// test can kill it (its ports refuse connections, a real outage) and start it again on
/// the same ports.
public final class SandboxProcess: @unchecked Sendable { // the Process is only touched by the owning test
    public let basePort: Int
    private var process: Process?
    private let logPath: String

    /// Adapter id → port, for `ConfigCopy(in:ports:)`.
    public var ports: [String: Int] { Dictionary(uniqueKeysWithValues: BackendProfile.all(basePort: basePort).map { ($0.id, $0.port) }) }

    public init(logPath: String) async throws {
        self.logPath = logPath
        basePort = try Self.freePortRange(BackendProfile.all().count)
        try await start()
    }

    /// Starts the back ends and waits until all listen.
    public func start() async throws {
        FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        let process = Process()
        process.executableURL = try GatewayProcess.binary().deletingLastPathComponent().appendingPathComponent("tongban-sandbox")
        process.arguments = ["--base-port", String(basePort), "--no-callbacks",
                             "--env-file", Fixtures.root.appendingPathComponent("Config/sample.env").path]
        process.standardOutput = log
        process.standardError = log
        try process.run()
        self.process = process
        // A debug binary started while the whole suite runs can take a while to load.
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, process.isRunning {
            let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            if text.components(separatedBy: " listening on ").count - 1 >= BackendProfile.all().count { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw ProcessError("the sandbox did not start: \((try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "")")
    }

    /// SIGKILL: every port refuses connections at once.
    public func kill() {
        guard let process else { return }
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        self.process = nil
    }

    deinit { kill() }

    /// `count` consecutive ports nothing listens on, from a random start.
    static func freePortRange(_ count: Int) throws -> Int {
        for _ in 0..<50 {
            let base = Int.random(in: 20000...60000)
            if (base..<base + count).allSatisfy(isFree) { return base }
        }
        throw ProcessError("no \(count) consecutive free ports found")
    }

    private static func isFree(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } } == 0
    }
}
