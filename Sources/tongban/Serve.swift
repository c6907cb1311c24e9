import Foundation
import ArgumentParser
import Hummingbird
import Logging
import ServiceLifecycle
import TongbanAdapters
import TongbanConfig
import TongbanCore
import TongbanDispatch
import TongbanServer
import TongbanSQLite
import TongbanStore

/// `tongban serve`: runs the gateway until SIGTERM or SIGINT.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the gateway.")

    @OptionGroup var options: ConfigOptions

    @Option(help: "Address to listen on (overrides server.host).")
    var host: String?

    @Option(help: "Port to listen on, 0 for any free port (overrides server.port).")
    var port: Int?

    @OptionGroup var store: StoreOptions

    @Flag(help: "Take and store applications but deliver nothing (an intake-only instance).")
    var noDispatch = false

    func validate() throws {
        if let port, !(0...65535).contains(port) { throw ValidationError("--port must be 0 to 65535, got \(port)") }
    }

    func run() async throws {
        MemoryTuning.apply()
        // JSON lines on standard output, personal numbers masked (JSONLogHandler).
        let sink = JSONLogHandler.Sink()
        LoggingSystem.bootstrap { JSONLogHandler(label: $0, sink: sink) }
        var logger = Logger(label: "tongban")
        logger.logLevel = .info
        let env = withFlags(try environment(envFile: options.envFile))
        var configuration = try loadConfiguration(environment: env, stored: [])
        // One clock and one source of ids for every part: the store, the services, the dispatcher, the notifier, the prober.
        let clock = SystemClock(), ids = RandomIdentifiers(clock: clock)
        let store = try StoreOpening.open(configuration.settings.storage.url, settings: configuration.settings, clock: clock, ids: ids)
        // Adapter specs stored through the admin API join the files'.
        let stored = try await store.currentAdapterSpecs().compactMap(\.source)
        if !stored.isEmpty {
            configuration = try loadConfiguration(environment: env, stored: stored, storeURL: configuration.settings.storage.url)
        }
        for warning in configuration.warnings { logger.warning("\(warning)") }
        for (id, disabled) in configuration.disabledAdapters.sorted(by: { $0.key < $1.key }) {
            logger.error("\(disabled.summary(id: id)); the other adapters serve", metadata: ["adapter": "\(id)"])
        }
        let storeURL = configuration.settings.storage.url
        let transport = HTTPDeliveryTransport(maxConnectionsPerHost: configuration.adapters.adapters.map(\.limits.concurrency).max() ?? 8)
        var dispatch = Dispatcher.Settings()
        dispatch.publicBaseURL = configuration.settings.server.callbackBaseURL
        dispatch.pollSeconds = Double(configuration.settings.dispatch.pollMilliseconds) / 1000
        dispatch.leaseMarginSeconds = Double(configuration.settings.dispatch.leaseMarginSeconds)
        let metrics = GatewayMetrics()
        let dispatcher = Dispatcher(adapters: configuration.adapters, store: store, transport: transport, settings: dispatch, logger: logger,
                                    metrics: metrics.factory, clock: clock)
        let noDispatch = self.noDispatch
        let prober = Prober(adapters: configuration.adapters, transport: transport, logger: logger, clock: clock)
        let readiness = Readiness(adapterCount: configuration.adapters.adapters.count, probes: {
            prober.latest.mapValues { Readiness.ProbeStatus(up: $0.up, detail: $0.detail, checkedAt: $0.checkedAt) }
        }) {
            noDispatch ? dispatcher.health.mapValues { _ in "not dispatched (--no-dispatch)" } : dispatcher.health
        }
        // Notifications are outbox rows like deliveries: the same lease margin decides how
        // soon another process (or this one after a crash) takes over one left leased.
        var notifications = Notifier.Settings(configuration.settings.notifications)
        notifications.leaseMarginSeconds = Double(configuration.settings.dispatch.leaseMarginSeconds)
        let notifier = Notifier(webhooks: configuration.notifierWebhooks, store: store, transport: transport,
                                settings: notifications, logger: logger, metrics: metrics.factory, clock: clock)
        let active = ActiveConfiguration(configuration: configuration, store: store, clock: clock, ids: ids,
                                         callbackJournal: configuration.settings.storage.sqlitePath + ".callbacks-in-flight")
        // A reload reads the files and the environment file again; flags still win.
        let command = self
        let reloader = Reloader(active: active, store: store, readiness: readiness, load: { stored throws(ConfigError) in
            let env: [String: String]
            do { env = command.withFlags(try environment(envFile: command.options.envFile)) } catch {
                throw ConfigError(issues: [ConfigIssue(file: command.options.envFile ?? "environment", key: "", reason: "\(error)")])
            }
            return try ConfigLoader(directory: command.options.config, adaptersDirectory: command.options.adapters, environment: env).loading(stored)
        }, appliers: [
            { dispatcher.apply($0.adapters) },
            { prober.apply($0.adapters) },
            { notifier.apply(webhooks: $0.notifierWebhooks) },
        ], logger: logger)
        let app = Gateway.makeApplication(active: active, reloader: reloader, readiness: readiness, metrics: metrics, logger: logger) { channel in
            let address = channel.localAddress
            // With --port 0 the port is known only now: no adapter may be pointed at it.
            if let port = address?.port { transport.refuseGatewayPort(port) }
            // One parseable line: scripts and tests wait for it to learn the port.
            let line = "tongban listening on http://\(address?.ipAddress ?? "?"):\(address?.port ?? 0) store=\(storeURL)\n"
            FileHandle.standardOutput.write(Data(line.utf8))
        }
        let hangups = HangupReloads(reloader: reloader, logger: logger)
        let services: [any ServiceLifecycle.Service] = noDispatch ? [app, prober, hangups] : [app, dispatcher, notifier, prober, hangups]
        var lifecycle = ServiceGroupConfiguration(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        // SIGTERM: /readyz fails at once, the server stops accepting and finishes its requests,
        // the dispatcher hands back rows it holds and waits for answered outcomes to be
        // durable; whatever is still running after the bound is cancelled.
        lifecycle.maximumGracefulShutdownDuration = .seconds(configuration.settings.server.shutdownGraceSeconds)
        lifecycle.maximumCancellationDuration = .seconds(5)
        let group = ServiceGroup(configuration: lifecycle)
        try await withGracefulShutdownHandler {
            try await group.run()
        } onGracefulShutdown: {
            readiness.setDraining(true)
        }
        try await transport.shutdown()
        logger.info("stopped")
    }
}

extension Serve {
    /// The environment with this command's flags as settings overrides (a flag wins over
    /// the environment and the file), so everything the loader decides — the gateway's own
    /// port in the egress policy too — sees them.
    func withFlags(_ environment: [String: String]) -> [String: String] {
        var env = environment
        if let host { env[SettingsOverrides.variable(for: "server.host")] = host }
        if let port { env[SettingsOverrides.variable(for: "server.port")] = String(port) }
        if let given = store.given { env[SettingsOverrides.variable(for: "storage.url")] = given }
        return env
    }

    /// `storeURL`: where `stored` came from, for the hint when they do not load.
    func loadConfiguration(environment env: [String: String], stored: [AdapterSource], storeURL: StoreURL? = nil) throws -> GatewayConfiguration {
        do {
            return try ConfigLoader(directory: options.config, adaptersDirectory: options.adapters, environment: env).loading(stored)
        } catch {
            for issue in error.issues { print(issue) }
            let storeOption = storeURL.map { " --store \($0)" } ?? ""
            throw CommandError("configuration in \(options.config)\(stored.isEmpty ? "" : " with the adapter specs stored through the admin API") is invalid; "
                + "run `tongban check --config \(options.config)\(storeOption)`")
        }
    }
}

extension ConfigLoader {
    /// Loads with `stored` as the adapter specs stored through the admin API.
    func loading(_ stored: [AdapterSource]) throws(ConfigError) -> GatewayConfiguration {
        var loader = self
        loader.storedAdapters = stored
        return try loader.load()
    }
}

extension GatewayConfiguration {
    /// The portals' webhooks, as the notifier takes them.
    var notifierWebhooks: [String: Notifier.Webhook] {
        Dictionary(uniqueKeysWithValues: portals.compactMap { portal in portal.webhook.map { (portal.id, Notifier.Webhook(url: $0.url, key: $0.key)) } })
    }
}

extension Notifier.Settings {
    init(_ config: GatewaySettings.Notifications) {
        self.init()
        concurrency = config.concurrency
        retry = RetrySchedule(attempts: config.attempts, initialDelay: config.initialDelaySeconds, maxDelay: config.maxDelaySeconds)
        timeoutSeconds = config.timeoutSeconds
    }
}
