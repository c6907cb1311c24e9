import Foundation

/// The `openssl` command line, an implementation apart from the gateway's, for tests that
/// check signatures against it.
public enum OpenSSLTool {
    /// Runs `openssl` with `arguments` in `directory`, `input` on its standard input; returns
    /// its exit status and output.
    @discardableResult
    public static func run(_ arguments: [String], in directory: URL, input: [UInt8]? = nil) async throws -> (status: Int32, output: String) {
        try await ExternalTool.run("openssl", arguments, in: directory, input: input)
    }

    /// A fresh SM2 key pair (`openssl genpkey -algorithm SM2`) in a new temporary folder,
    /// as `key.pem` and `pub.pem`; the caller removes the folder.
    public static func sm2KeyPair() async throws -> (directory: URL, privatePEM: String, publicPEM: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sm2-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for arguments in [["genpkey", "-algorithm", "SM2", "-out", "key.pem"], ["pkey", "-in", "key.pem", "-pubout", "-out", "pub.pem"]] {
            let (status, output) = try await run(arguments, in: directory)
            guard status == 0 else { throw ProcessError("openssl \(arguments.joined(separator: " ")): \(output)") }
        }
        return (directory, try String(contentsOf: directory.appendingPathComponent("key.pem"), encoding: .utf8),
                try String(contentsOf: directory.appendingPathComponent("pub.pem"), encoding: .utf8))
    }
}
