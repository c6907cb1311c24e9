import Hummingbird
import Logging
import NIOCore
import TongbanConfig
import TongbanStore

/// Assembles the gateway from its parts, top to bottom, so a reader sees the whole
/// pipeline in one place: problem rendering → portal authentication → routes → intake
/// and callback services → store.
public enum Gateway {
    /// The HTTP application, ready to run as a `Service`.
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
        let settings = configuration.settings
        return Application(
            router: makeRouter(configuration: configuration, store: store, clock: clock, ids: ids, readiness: readiness, metrics: metrics),
            configuration: .init(address: .hostname(settings.server.host, port: settings.server.port), serverName: "tongban"),
            onServerRunning: onServerRunning,
            logger: logger)
    }

    /// Every route, behind its middleware (`router.routes` lists them; a test holds the
    /// OpenAPI document to it).
    public static func makeRouter(configuration: GatewayConfiguration, store: any GatewayStore, clock: any WallClock = SystemClock(),
                                  ids: any IdentifierSource = RandomIdentifiers(), readiness: Readiness? = nil,
                                  metrics: GatewayMetrics = GatewayMetrics()) -> Router<GatewayRequestContext> {
        let settings = configuration.settings
        let router = Router(context: GatewayRequestContext.self)
        router.add(middleware: RequestLogMiddleware(metrics: metrics.factory))
        router.add(middleware: ProblemMiddleware())
        let adapterIds = configuration.adapters.adapters.map(\.id)
        let readiness = readiness ?? Readiness(adapterCount: adapterIds.count) {
            Dictionary(uniqueKeysWithValues: adapterIds.map { ($0, "not dispatched by this process") })
        }
        HealthRoutes(readiness: readiness, store: store).register(on: router)
        let authenticator = PortalAuthenticator(
            portals: configuration.portals, windowSeconds: settings.auth.timestampWindowSeconds,
            maxNonces: settings.auth.maxRememberedNonces, clock: clock)
        let v1 = router.group("v1").add(middleware: PortalAuthMiddleware(authenticator: authenticator))
        let intake = IntakeService(configuration: configuration, store: store, clock: clock, ids: ids)
        let actions = CitizenActionService(configuration: configuration, store: store, clock: clock)
        ApplicationRoutes(intake: intake, actions: actions, metrics: metrics.factory, store: store, clock: clock, calendar: configuration.calendar, maxBodyBytes: settings.limits.maxBodyBytes)
            .register(on: v1)
        CallbackRoutes(service: CallbackService(configuration: configuration, store: store, clock: clock), metrics: metrics.factory,
                       maxBodyBytes: settings.limits.maxBodyBytes)
            .register(on: router)
        AdminRoutes(store: store, readiness: readiness, token: settings.admin.token, calendar: configuration.calendar).register(on: router.group("admin/v1"))
        MetricsRoutes(registry: metrics.registry, factory: metrics.factory, store: store, readiness: readiness).register(on: router)
        router.get("openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
        }
        return router
    }
}
