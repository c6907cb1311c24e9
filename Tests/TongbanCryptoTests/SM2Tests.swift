import Foundation
import Testing
@testable import TongbanCrypto
import TongbanTestSupport

/// SM2 with SM3 against the `openssl` command line: keys it generates, signatures it makes
/// verify here, and signatures made here verify there (SM2 signatures are randomised, so
/// the test is agreement both ways rather than a fixed vector).
@Suite struct SM2Tests {
    static func openssl(_ arguments: [String], in directory: URL) async throws -> (status: Int32, output: String) {
        try await OpenSSLTool.run(arguments, in: directory)
    }

    static func keyPair() async throws -> (directory: URL, privatePEM: String, publicPEM: String) { try await OpenSSLTool.sm2KeyPair() }

    @Test func signaturesAgreeWithOpenSSLBothWays() async throws {
        let (directory, privatePEM, publicPEM) = try await Self.keyPair()
        defer { try? FileManager.default.removeItem(at: directory) }
        let message = Array("1700000000000\n{\"状态\":\"已受理\"}".utf8)
        try Data(message).write(to: directory.appendingPathComponent("msg"))
        let key = try SM2.Key(privatePEM), publicKey = try SM2.Key(publicPEM)
        #expect(key.isPrivate && !publicKey.isPrivate)

        // Signed here, verified by openssl.
        let signature = try #require(key.sign(message))
        try Data(signature).write(to: directory.appendingPathComponent("ours.sig"))
        let (status, output) = try await Self.openssl(["dgst", "-sm3", "-verify", "pub.pem", "-sigopt", "distid:1234567812345678", "-signature", "ours.sig", "msg"], in: directory)
        #expect(status == 0 && output.contains("Verified OK"), "\(output)")

        // Signed by openssl, verified here; not for another message or another key.
        try #require(try await Self.openssl(["dgst", "-sm3", "-sign", "key.pem", "-sigopt", "distid:1234567812345678", "-out", "theirs.sig", "msg"], in: directory).0 == 0)
        let theirs = Array(try Data(contentsOf: directory.appendingPathComponent("theirs.sig")))
        #expect(publicKey.verify(theirs, message: message))
        #expect(!publicKey.verify(theirs, message: message + [0x20]))
        let (other, otherPrivate, otherPublic) = try await Self.keyPair()
        defer { try? FileManager.default.removeItem(at: other) }
        #expect(!(try SM2.Key(otherPublic)).verify(theirs, message: message))
        #expect(try SM2.Key(otherPrivate).sign(message) != nil)
        // The signer id is part of what is signed.
        #expect(!publicKey.verify(theirs, message: message, id: Array("ALICE123@YAHOO.COM".utf8)))
    }

    @Test func keysOnOneLineAndRefusals() async throws {
        let (directory, privatePEM, publicPEM) = try await Self.keyPair()
        defer { try? FileManager.default.removeItem(at: directory) }
        // A PEM with literal \n, as it fits on one line of an environment file.
        let oneLine = privatePEM.replacingOccurrences(of: "\n", with: "\\n")
        #expect(try SM2.Key(oneLine).isPrivate)
        #expect(throws: SM2.KeyError.self) { try SM2.Key("not a key") }
        #expect(throws: SM2.KeyError.self) { try SM2.Key(publicPEM.replacingOccurrences(of: "A", with: "B")) }
        // An ordinary EC key is not an SM2 key.
        try #require(try await Self.openssl(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "p256.pem"], in: directory).0 == 0)
        let p256 = try String(contentsOf: directory.appendingPathComponent("p256.pem"), encoding: .utf8)
        #expect(throws: SM2.KeyError.self) { try SM2.Key(p256) }
        // A public key cannot sign; garbage never verifies.
        #expect(try SM2.Key(publicPEM).sign([1, 2, 3]) == nil)
        #expect(!(try SM2.Key(publicPEM)).verify([0x30, 0x02, 0x01], message: [1]))
        #expect(!(try SM2.Key(publicPEM)).verify([UInt8](repeating: 7, count: 72), message: [1]))
    }
}
