import ArgumentParser
import Foundation
import TongbanAdapters
import TongbanConfig
import TongbanCore

/// `tongban adapters …`: tools for agencies writing adapter specs.
struct AdaptersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "adapters", abstract: "Check and dry-run adapter specs.", subcommands: [TryAdapter.self])
}

/// `tongban adapters try SPEC APPLICATION.json`: prints the exact request the adapter
/// would send for a canonical application, secrets redacted, without sending it.
struct TryAdapter: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "try", abstract: "Print the request an adapter spec would send for an application (secrets redacted).")

    @Argument(help: "The adapter spec (YAML).")
    var spec: String

    @Argument(help: "A canonical application (JSON), for example Tests/Fixtures/applications/canonical/notary-will.json.")
    var application: String

    @OptionGroup var options: ConfigOptions

    func run() async throws {
        let env = try environment(envFile: options.envFile)
        let configuration: GatewayConfiguration
        do {
            configuration = try ConfigLoader(directory: options.config, environment: env).load()
        } catch {
            throw CommandError("configuration in \(options.config) is invalid:\n\(error)")
        }
        let adapter = try DryRun.adapter(specPath: spec, configuration: configuration, environment: env)
        guard let bytes = FileManager.default.contents(atPath: application) else { throw CommandError("cannot read \(application)") }
        let request = try DryRun.request(adapter: adapter, applicationJSON: Array(bytes), now: Date(), nonce: "dry-run-nonce")
        print(request.redacted().text)
    }
}
