import ArgumentParser
import Foundation
import TongbanConfig
import TongbanServer

/// `tongban check`: validates every file of `Config/` and `Adapters/` — and, with
/// `--sqlite`, the adapter specs stored through the admin API in that store, as a start
/// would load them — and prints each problem with file, key and reason; exits non-zero
/// when there is an error.
struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Validate the configuration directory and exit non-zero on errors.")

    @OptionGroup var options: ConfigOptions

    /// With a store: also the adapter specs stored through the admin API in it.
    @OptionGroup var store: StoreOptions

    func run() async throws {
        var loader = ConfigLoader(directory: options.config, adaptersDirectory: options.adapters, environment: try environment(envFile: options.envFile))
        let url = try store.givenURL()
        if let url {
            loader.storedAdapters = try await StoreOpening.openExisting(url).currentAdapterSpecs().compactMap(\.source)
        }
        // Stored specs that fail: a start disables those adapters and serves the rest; a
        // check says they fail.
        var disabled: [ConfigIssue] = []
        do {
            let configuration = try loader.load()
            for warning in configuration.warnings { print(warning) }
            disabled = configuration.disabledAdapters.sorted { $0.key < $1.key }.flatMap(\.value.problems)
            let items = configuration.catalog.items.values
            print("ok: \(options.config): \(configuration.portals.count) portals, \(items.count) catalogue items "
                + "(\(items.filter(\.isBundle).count) bundles), \(configuration.calendar.years.count) calendar years, "
                + "\(configuration.regions.names.count) regions, \(configuration.documentTypes.entries.count) document types, "
                + "\(configuration.adapters.adapters.count) adapters")
        } catch {
            for issue in error.issues { print(issue) }
            let count = error.issues.filter { $0.severity == .error }.count
            print("\(count) error\(count == 1 ? "" : "s") in \(options.config)")
            throw ExitCode.failure
        }
        if !disabled.isEmpty {
            for issue in disabled { print(issue) }
            print("\(disabled.count) error\(disabled.count == 1 ? "" : "s") in the stored adapter specs of \(url?.location ?? ""): those adapters are disabled at a start")
            throw ExitCode.failure
        }
    }
}
