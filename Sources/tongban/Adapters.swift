import ArgumentParser
import Foundation
import TongbanAdapters
import TongbanConfig
import TongbanCore
import TongbanSQLite
import TongbanStore

/// `tongban adapters …`: tools for agencies writing adapter specs.
struct AdaptersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "adapters", abstract: "Dry-run adapter specs, list dead letters, replay deliveries.", subcommands: [TryAdapter.self, DeadLetters.self, Replay.self])
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

    @Option(help: "Sign at this unix time (seconds, fractions allowed) instead of now, to compare signatures with your own implementation.")
    var time: Double?

    @Option(help: "The nonce to sign with.")
    var nonce = "dry-run-nonce"

    @OptionGroup var options: ConfigOptions

    func run() async throws {
        let env = try environment(envFile: options.envFile)
        let configuration: GatewayConfiguration
        do {
            configuration = try ConfigLoader(directory: options.config, adaptersDirectory: options.adapters, environment: env).load()
        } catch {
            throw CommandError("configuration in \(options.config) is invalid:\n\(error)")
        }
        let adapter = try DryRun.adapter(specPath: spec, configuration: configuration, environment: env)
        guard let bytes = FileManager.default.contents(atPath: application) else { throw CommandError("cannot read \(application)") }
        let now = time.map(Date.init(timeIntervalSince1970:)) ?? Date()
        let request = try DryRun.request(adapter: adapter, applicationJSON: Array(bytes), now: now, nonce: nonce)
        print(request.redacted().text)
        // What the signature was computed over, byte for byte (newlines shown as they are).
        if let signed = request.signedString {
            print("\n--- signed string (\(adapter.spec.auth.signing.algorithm.rawValue), \(signed.utf8.count) bytes, between the lines) ---")
            print(signed)
            print("--- end ---")
        }
    }
}

/// Options naming the store a command works on: `--store <url>`, or `--sqlite <file>` as
/// the older spelling of `--store sqlite:<file>`.
struct StoreOptions: ParsableArguments {
    @Option(help: "The store, by URL: sqlite:<file> (serve, audit and adapters: default storage.url of the configuration; check: none).")
    var store: String?

    @Option(help: "SQLite file: the same as --store sqlite:<file>.")
    var sqlite: String?

    func validate() throws {
        if store != nil, sqlite != nil { throw ValidationError("give --store or --sqlite, not both") }
    }

    /// The store URL given on the command line, if any, as written.
    var given: String? { store ?? sqlite.map { "sqlite:\($0)" } }

    /// The store given on the command line, if any.
    func givenURL() throws -> StoreURL? {
        do { return try given.map(StoreURL.init) } catch { throw CommandError("--store: \(error)") }
    }

    /// The store named on the command line, else the configuration's `storage.url`.
    func url(_ options: ConfigOptions) throws -> StoreURL {
        if let url = try givenURL() { return url }
        let env = try environment(envFile: options.envFile)
        do {
            return try ConfigLoader(directory: options.config, adaptersDirectory: options.adapters, environment: env).load().settings.storage.url
        } catch {
            throw CommandError("configuration in \(options.config) is invalid:\n\(error)")
        }
    }
}

extension StoreURL {
    /// What messages name: the file of a SQLite store.
    var location: String {
        switch self {
        case .sqlite(let path): path
        }
    }
}

/// `tongban adapters dead-letters`: deliveries that gave up.
struct DeadLetters: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "dead-letters", abstract: "List deliveries that gave up, newest first.")

    @OptionGroup var options: ConfigOptions
    @OptionGroup var store: StoreOptions
    @Option(help: "How many to list.") var limit = 50

    func run() async throws {
        let letters = try await StoreOpening.openExisting(try store.url(options)).deadLetters(limit: limit)
        if letters.isEmpty { print("no dead letters") }
        for letter in letters {
            print("\(letter.targetId)  \(letter.adapterId)  application \(letter.applicationId)  attempts \(letter.attempts)  \(RFC3339.format(letter.failedAt))\n    \(letter.lastError)")
        }
    }
}

/// `tongban adapters replay TARGET…`: puts dead deliveries back in the queue.
struct Replay: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Put dead deliveries back in the queue (a running gateway picks them up).")

    @Argument(help: "Target ids (tgt_…) from dead-letters.") var targets: [String]
    @OptionGroup var options: ConfigOptions
    @OptionGroup var store: StoreOptions

    func run() async throws {
        let opened = try StoreOpening.openExisting(try store.url(options))
        var missing = 0
        for target in targets {
            do {
                if try await opened.replay(targetId: target, now: Date()) { print("\(target): queued again") } else {
                    print("\(target): no dead delivery with this id")
                    missing += 1
                }
            } catch let refused as ReplayRefused {
                print("\(target): not replayed: \(refused.reason)")
                missing += 1
            }
        }
        if missing > 0 { throw ExitCode(1) }
    }
}
