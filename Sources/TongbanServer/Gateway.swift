import Hummingbird
import TongbanCore
import Logging
import Metrics
import NIOCore
import TongbanConfig
import TongbanStore

/// Assembles the gateway from its parts, top to bottom, so a reader sees the whole
/// pipeline in one place: request log → problem rendering → portal authentication →
/// routes → intake and callback services (from the configuration in force) → store.
public enum Gateway {
    /// The HTTP application, ready to run as a `Service`. `reloader` serves
    /// `POST /admin/v1/reload` and the adapter admin routes.
    public static func makeApplication(
        active: ActiveConfiguration,
        reloader: Reloader,
        readiness: Readiness,
        metrics: GatewayMetrics = GatewayMetrics(),
        logger: Logger = Logger(label: "tongban"),
        onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let server = active.configuration.settings.server
        let limits = ConnectionGuard.Limits(headerTimeout: .seconds(Int64(server.headerTimeoutSeconds)),
                                            idleTimeout: .seconds(Int64(server.idleTimeoutSeconds)),
                                            bodyTimeout: .seconds(Int64(server.bodyTimeoutSeconds)), maxConnections: server.maxConnections)
        let connections = ConnectionGuard.Counter()
        return Application(
            router: HeadAsGet(router: makeRouter(active: active, reloader: reloader, readiness: readiness, metrics: metrics)),
            server: .http1(configuration: .init(additionalChannelHandlers: [ConnectionGuard(limits: limits, counter: connections)])),
            configuration: .init(address: .hostname(server.host, port: server.port), serverName: "tongban"),
            onServerRunning: onServerRunning,
            logger: logger)
    }

    /// A gateway on a fixed configuration (tests): adapters can still be changed through
    /// the admin API, but there are no files to reload.
    public static func makeApplication(
        configuration: GatewayConfiguration,
        store: any GatewayStore,
        clock: any WallClock = SystemClock(),
        ids: any IdentifierSource = RandomIdentifiers(),
        readiness: Readiness? = nil,
        metrics: GatewayMetrics = GatewayMetrics(),
        logger: Logger = Logger(label: "tongban"),
        onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let active = ActiveConfiguration(configuration: configuration, store: store, clock: clock, ids: ids)
        let readiness = readiness ?? defaultReadiness(active)
        return makeApplication(active: active, reloader: Reloader(active: active, store: store, readiness: readiness, load: nil),
                               readiness: readiness, metrics: metrics, logger: logger, onServerRunning: onServerRunning)
    }

    /// Every route, behind its middleware (`router.routes` lists them; a test holds the
    /// OpenAPI document to it).
    public static func makeRouter(active: ActiveConfiguration, reloader: Reloader, readiness: Readiness,
                                  metrics: GatewayMetrics = GatewayMetrics()) -> Router<GatewayRequestContext> {
        let store = active.store
        store.faults.observe { [factory = metrics.factory] cause in
            Counter(label: "tongban_store_errors_total", dimensions: [("cause", cause.rawValue)], factory: factory).increment()
        }
        store.faults.observeSetAside { [factory = metrics.factory] queue in
            Counter(label: "tongban_poison_total", dimensions: [("queue", queue)], factory: factory).increment()
        }
        let router = Router(context: GatewayRequestContext.self)
        router.add(middleware: RequestLogMiddleware(metrics: metrics.factory))
        let allowed = AllowedMethods()
        router.add(middleware: ProblemMiddleware(allowed: allowed, metrics: metrics.factory))
        HealthRoutes(readiness: readiness, store: store, active: active).register(on: router)
        let v1 = router.group("v1").add(middleware: PortalAuthMiddleware(active: active))
        ApplicationRoutes(active: active, metrics: metrics.factory, store: store, clock: active.clock).register(on: v1)
        CallbackRoutes(active: active, metrics: metrics.factory).register(on: router)
        let admin = router.group("admin/v1")
        AdminRoutes(active: active, readiness: readiness).register(on: admin)
        ConfigurationRoutes(active: active, reloader: reloader, readiness: readiness).register(on: admin)
        AdminPage.register(on: router)
        MetricsRoutes(registry: metrics.registry, factory: metrics.factory, active: active, readiness: readiness).register(on: router)
        router.get("openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
        }
        allowed.learn(router.routes)
        return router
    }

    /// The router on a fixed configuration (tests).
    public static func makeRouter(configuration: GatewayConfiguration, store: any GatewayStore, clock: any WallClock = SystemClock(),
                                  ids: any IdentifierSource = RandomIdentifiers(), readiness: Readiness? = nil,
                                  metrics: GatewayMetrics = GatewayMetrics()) -> Router<GatewayRequestContext> {
        let active = ActiveConfiguration(configuration: configuration, store: store, clock: clock, ids: ids)
        let readiness = readiness ?? defaultReadiness(active)
        return makeRouter(active: active, reloader: Reloader(active: active, store: store, readiness: readiness, load: nil),
                          readiness: readiness, metrics: metrics)
    }

    /// Readiness of a gateway that dispatches nothing itself.
    static func defaultReadiness(_ active: ActiveConfiguration) -> Readiness {
        Readiness(adapterCount: active.configuration.adapters.adapters.count) {
            Dictionary(uniqueKeysWithValues: active.configuration.adapters.adapters.map { ($0.id, "not dispatched by this process") })
        }
    }
}
