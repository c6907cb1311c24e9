import ArgumentParser

/// The `tongban` command: the gateway and the tools around it.
@main
struct Tongban: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tongban",
        abstract: "通办 Tongban: the gateway between the 一网通办 portal and public legal service back ends.",
        subcommands: [Serve.self, Check.self, Submit.self, Get.self, Watch.self, Withdraw.self, SupplementCommand.self, AdaptersCommand.self,
                      AuditCommand.self]
    )
}

/// Options every command that reads `Config/` shares.
struct ConfigOptions: ParsableArguments {
    @Option(name: .long, help: "The configuration directory.")
    var config = "Config"

    @Option(name: .long, help: "The adapter specs' directory (default: Adapters/ beside the configuration directory).")
    var adapters: String?

    @Option(name: .long, help: "A KEY=VALUE file whose values fill environment variables that are not set (for example Config/sample.env).")
    var envFile: String?
}
