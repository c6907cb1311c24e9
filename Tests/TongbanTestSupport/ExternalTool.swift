import Foundation

/// A command line program the tests hold the gateway to (`openssl`, `python3` with
/// `jsonschema`): an implementation apart from the gateway's.
public enum ExternalTool {
    /// Runs `command` with `arguments` (found on the PATH) in `directory`, `input` on its
    /// standard input; returns its exit status and its output and errors together.
    @discardableResult
    public static func run(_ command: String, _ arguments: [String], in directory: URL? = nil,
                           input: [UInt8]? = nil) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [command] + arguments
        if let directory { process.currentDirectoryURL = directory }
        let pipe = Pipe(), stdin = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input)) }
        try stdin.fileHandleForWriting.close()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }
}
