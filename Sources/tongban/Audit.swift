import ArgumentParser
import Foundation
import TongbanSQLite

/// `tongban audit`: evidence checks on the store.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Check the store's evidence trail.", subcommands: [VerifyChain.self])
}

/// `tongban audit verify`: walks the event hash chain.
struct VerifyChain: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Walk the event hash chain from the first event; name the first broken link and exit 1 if there is one.")

    @OptionGroup var options: ConfigOptions
    @OptionGroup var store: StoreOptions

    func run() async throws {
        let path = try store.path(options)
        guard FileManager.default.fileExists(atPath: path) else { throw CommandError("no store at \(path)") }
        switch try SQLiteStore(path: path).verifyChain() {
        case .intact(let events, let head):
            print("ok: \(path): \(events) events, chain intact\(head.isEmpty ? "" : "; head \(head)")")
        case .broken(let link):
            print("broken: \(path): \(link)")
            throw ExitCode(1)
        }
    }
}
