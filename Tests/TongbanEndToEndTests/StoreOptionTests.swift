import Foundation
import Testing
import TongbanTestSupport

/// The store named by URL (`--store`, `storage.url`, `TONGBAN_STORAGE_URL`) as an operator
/// types it into the real binary: what it cannot open is refused with the reason, nothing is
/// created, and one mistake is reported once.
@Suite struct StoreOptionTests {
    let config = ["--config", Fixtures.configDirectory, "--env-file", Fixtures.root.appendingPathComponent("Config/sample.env").path]

    @Test(arguments: [
        (["check", "--store", "postgres://db/tongban"], "PostgreSQL is not available in this build"),
        (["check", "--store", "sqlite:/tmp/a.sqlite", "--sqlite", "/tmp/b.sqlite"], "give --store or --sqlite, not both"),
        (["audit", "verify", "--store", "mysql://db"], "is not a store URL"),
        (["audit", "verify", "--store", "sqlite:"], "names no file"),
        (["adapters", "dead-letters", "--store", "redis://cache"], "is not a store URL"),
    ])
    func refusedWithTheReason(_ arguments: [String], _ reason: String) async throws {
        let (status, output) = try await GatewayProcess.command(arguments + config)
        #expect(status != 0 && output.contains(reason), "\(output)")
    }

    /// A maintenance command on a store that does not exist says so and creates nothing.
    @Test func aMissingStoreIsNotCreated() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("absent-\(UUID().uuidString).sqlite").path
        for command in [["audit", "verify"], ["adapters", "dead-letters"], ["check"]] {
            let (status, output) = try await GatewayProcess.command(command + ["--store", "sqlite:\(path)"] + config)
            #expect(status != 0 && output.contains("no store at \(path)"), "\(command): \(output)")
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    /// A bad store URL in the environment stops `serve` with one error naming the variable
    /// (not a cascade of errors about everything that depends on the settings).
    @Test func serveRefusesABadStoreURLOnce() async throws {
        let (status, output) = try await GatewayProcess.command(["serve", "--port", "0"] + config, environment: ["TONGBAN_STORAGE_URL": "postgres://db/tongban"])
        #expect(status != 0, "\(output)")
        let errors = output.split(separator: "\n").filter { $0.hasPrefix("error:") }
        #expect(errors.count == 1 && errors.first?.contains("TONGBAN_STORAGE_URL") == true && errors.first?.contains("PostgreSQL is not available") == true,
                "\(output)")
    }
}
