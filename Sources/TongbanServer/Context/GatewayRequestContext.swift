import Hummingbird
import TongbanConfig

/// The per-request context: Hummingbird's core storage plus the portal that
/// authenticated, set by `PortalAuthMiddleware` for `/v1` routes.
public struct GatewayRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The authenticated portal; nil before authentication or on public routes.
    public var portal: PortalConfig?
    /// The W3C trace context of this request (the portal's, continued, or a new one).
    public var traceparent: String?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.portal = nil
        self.traceparent = nil
    }

    /// Bodies are collected explicitly against the configured limit, not Hummingbird's.
    public var maxUploadSize: Int { .max }
}
