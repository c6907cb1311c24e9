import ArgumentParser
import Foundation

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
        let url = try store.url(options)
        switch try await StoreOpening.openExisting(url).verifyChain() {
        case .intact(let events, let head):
            print("ok: \(url.location): \(events) events, chain intact\(head.isEmpty ? "" : "; head \(head)")")
        case .broken(let link):
            print("broken: \(url.location): \(link)")
            throw ExitCode(1)
        }
    }
}
