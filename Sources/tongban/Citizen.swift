import ArgumentParser
import Foundation
import TongbanClient

/// `tongban withdraw ID`: withdraws an application as its portal.
struct Withdraw: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Withdraw an application as its portal: back ends with a cancel endpoint are told, the others are marked withdrawn locally.")

    @Argument(help: "The gateway id (app_…).")
    var id: String

    @Option(help: "Why the applicant withdraws (passed to the back ends).")
    var reason = ""

    @OptionGroup var options: ConfigOptions
    @OptionGroup var portalOptions: PortalOptions

    func run() async throws {
        let reply = try await portalOptions.client(options).withdraw(id: id, reason: reason)
        printReply(reply)
        if reply.status >= 300 { throw ExitCode(1) }
    }
}

/// `tongban supplement ID FILE`: sends materials a back end asked for.
struct SupplementCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "supplement",
        abstract: "Send materials a back end asked for (a supplement JSON file: supplementId, optional targetId and note, materials).")

    @Argument(help: "The gateway id (app_…).")
    var id: String

    @Argument(help: "The supplement JSON file.")
    var file: String

    @OptionGroup var options: ConfigOptions
    @OptionGroup var portalOptions: PortalOptions

    func run() async throws {
        guard let body = FileManager.default.contents(atPath: file) else { throw CommandError("cannot read \(file)") }
        let reply = try await portalOptions.client(options).supplement(id: id, Array(body))
        printReply(reply)
        if reply.status >= 300 { throw ExitCode(1) }
    }
}
