import Foundation

/// A program the tests run to completion: a command line tool the gateway is held to
/// (`openssl`, `promtool`, `python3` with `jsonschema`, headless Chromium), a client that
/// misbehaves on purpose, or the `tongban` binary itself.
///
/// The wait happens on a thread of its own, never on one of Swift concurrency's cooperative
/// threads: there are as many of those as cores (two here), and a test that blocked one
/// while Chromium or a slow client ran for seconds would stall every other test in the
/// process, the in-process gateways they talk to among them.
public enum ExternalTool {
    public struct Finished: Sendable {
        public var status: Int32
        /// Standard output, and standard error unless it was kept apart.
        public var bytes: [UInt8]
        public var output: String { String(decoding: bytes, as: UTF8.self) }
    }

    /// Runs `command` (found on the PATH) with `arguments`; `input` on its standard input.
    @discardableResult
    public static func run(_ command: String, _ arguments: [String], in directory: URL? = nil,
                           input: [UInt8]? = nil, errorsApart: Bool = false) async throws -> (status: Int32, output: String) {
        let finished = try await run(executable: URL(fileURLWithPath: "/usr/bin/env"), [command] + arguments, in: directory,
                                     input: input, errorsApart: errorsApart)
        return (finished.status, finished.output)
    }

    /// Runs the program at `executable`. With `errorsApart`, its standard error goes to the
    /// test's own (a program whose output is parsed), else it joins the output.
    public static func run(executable: URL, _ arguments: [String], in directory: URL? = nil, input: [UInt8]? = nil,
                           environment: [String: String]? = nil, errorsApart: Bool = false) async throws -> Finished {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Finished, any Error>) in
            Thread {
                continuation.resume(with: Result {
                    try runBlocking(executable, arguments, directory: directory, input: input, environment: environment, errorsApart: errorsApart)
                })
            }.start()
        }
    }

    private static func runBlocking(_ executable: URL, _ arguments: [String], directory: URL?, input: [UInt8]?,
                                    environment: [String: String]?, errorsApart: Bool) throws -> Finished {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        if let environment { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        let pipe = Pipe(), stdin = Pipe()
        process.standardOutput = pipe
        if !errorsApart { process.standardError = pipe }
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input)) }
        try stdin.fileHandleForWriting.close()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Finished(status: process.terminationStatus, bytes: Array(output))
    }
}
