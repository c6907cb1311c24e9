import AsyncHTTPClient
import Foundation
import Hummingbird
import ServiceLifecycle
import Synchronization
import TongbanClient
import TongbanAdapters
import TongbanConfig
import TongbanCore
import TongbanDispatch
import TongbanServer
import TongbanSQLite

/// A gateway running in-process on a loopback port with a real SQLite file, for HTTP tests.
public struct LiveGateway: Sendable {
    public let baseURL: String
    public let store: SQLiteStore
    public let configuration: GatewayConfiguration
    public let sqlitePath: String
    /// The dispatcher, when the gateway was started with `dispatch: true`.
    public let dispatcher: Dispatcher?

    /// A client signing as the portal `id` of the sample configuration.
    public func client(_ id: String) -> PortalClient {
        PortalClient(baseURL: baseURL, portal: configuration.portals.first { $0.id == id }!)
    }

    /// Runs `body` against a fresh gateway on a new SQLite file, then shuts it down.
    public static func with<T: Sendable>(
        dispatch: Bool = false,
        clock: any WallClock = SystemClock(),
        configure: (inout GatewayConfiguration) -> Void = { _ in },
        _ body: @Sendable (LiveGateway) async throws -> T
    ) async throws -> T {
        var configuration = try Fixtures.configuration()
        configuration.settings.server.port = 0
        configure(&configuration)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tongban-test-\(UUID().uuidString)")
        let path = directory.appendingPathComponent("gateway.sqlite").path
        let store = try SQLiteStore(path: path, maxBatch: configuration.settings.intake.maxBatchSize, clock: clock)
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let transport = HTTPDeliveryTransport(maxConnectionsPerHost: 16)
        var settings = Dispatcher.Settings()
        settings.pollSeconds = 0.02
        let metrics = GatewayMetrics()
        let dispatcher = dispatch ? Dispatcher(adapters: configuration.adapters, store: store, transport: transport, settings: settings,
                                               metrics: metrics.factory, clock: clock) : nil
        let prober = dispatch ? Prober(adapters: configuration.adapters, transport: transport, clock: clock) : nil
        let readiness = dispatcher.map { dispatcher in
            Readiness(adapterCount: configuration.adapters.adapters.count, probes: {
                prober?.latest.mapValues { Readiness.ProbeStatus(up: $0.up, detail: $0.detail, checkedAt: $0.checkedAt) } ?? [:]
            }) { dispatcher.health }
        }
        let app = Gateway.makeApplication(configuration: configuration, store: store, clock: clock, readiness: readiness, metrics: metrics) { channel in
            portContinuation.yield(channel.localAddress?.port ?? 0)
            portContinuation.finish()
        }
        var notify = Notifier.Settings()
        notify.pollSeconds = 0.02
        notify.retry = RetrySchedule(attempts: notify.retry.attempts, initialDelay: 0.05, maxDelay: 0.3)
        let webhooks = Dictionary(uniqueKeysWithValues: configuration.portals.compactMap { portal in
            portal.webhook.map { (portal.id, Notifier.Webhook(url: $0.url, key: $0.key)) }
        })
        let notifier = dispatch ? Notifier(webhooks: webhooks, store: store, transport: transport, settings: notify, metrics: metrics.factory, clock: clock) : nil
        let services: [any ServiceLifecycle.Service] = [app] + (dispatcher.map { [$0] } ?? []) + (notifier.map { [$0] } ?? []) + (prober.map { [$0] } ?? [])
        let group = ServiceGroup(configuration: .init(services: services, logger: .init(label: "test")))
        defer { try? FileManager.default.removeItem(at: directory) }
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw CancellationError() }
            let gateway = LiveGateway(baseURL: "http://127.0.0.1:\(port)", store: store, configuration: configuration, sqlitePath: path,
                                      dispatcher: dispatcher)
            do {
                let result = try await body(gateway)
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                try await transport.shutdown()
                return result
            } catch {
                await group.triggerGracefulShutdown()
                try? await tasks.waitForAll()
                try? await transport.shutdown()
                throw error
            }
        }
    }
}

extension LiveGateway {
    /// Submits every canonical sample as the demo portal, each with a fresh case number;
    /// returns sample name (without folder and extension) → application id.
    public func submitEverySample() async throws -> [String: String] {
        var ids: [String: String] = [:]
        for name in try Fixtures.canonicalNames() {
            var object = try Fixtures.object(name)
            object["portalCaseNo"] = "LC-\(UUID().uuidString.prefix(10))"
            let reply = try await client("demo").submit(Fixtures.bytes(object))
            guard reply.status == 202, let body = try JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Any],
                  let id = body["id"] as? String else { throw ProcessError("submit \(name): \(reply.text)") }
            ids[String(name.dropFirst("canonical/".count).dropLast(5))] = id
        }
        return ids
    }

    /// `GET /v1/applications/{id}` as the demo portal, as a JSON object.
    public func applicationObject(_ id: String) async throws -> [String: Any] {
        let reply = try await client("demo").application(id: id)
        guard let object = try JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Any] else { throw ProcessError("not an object: \(reply.text)") }
        return object
    }
}
