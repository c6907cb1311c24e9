import HTTPTypes
import Hummingbird
import TongbanStore

/// Authenticates the portal of every request it guards and puts it in the context;
/// failures are 401 problems and reach no handler.
struct PortalAuthMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext
    /// The portals of the configuration in force.
    let active: ActiveConfiguration

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let h = request.headers
        func header(_ name: String) -> String? { HTTPField.Name(name).flatMap { h[$0] } }
        var bearer: String?
        if let authorization = h[.authorization], authorization.lowercased().hasPrefix("bearer ") {
            bearer = String(authorization.dropFirst(7).drop { $0 == " " })
        }
        let credentials = PortalCredentials(
            paasID: header("x-tif-paasid"), timestamp: header("x-tif-timestamp"), nonce: header("x-tif-nonce"),
            signature: header("x-tif-signature"), bearer: bearer)
        switch active.services.authenticator.authenticate(credentials) {
        case .success(let portal):
            // The nonce is durable before the request is served: a restart cannot make a
            // captured request new again.
            if portal.scheme == .xTif, let nonce = credentials.nonce, let seconds = credentials.timestamp.flatMap({ Int64($0) }) {
                let window = Int64(active.configuration.settings.auth.timestampWindowSeconds)
                let fresh: Bool
                do {
                    fresh = try await active.store.rememberNonce(scope: "portal:\(portal.id)", nonce: nonce, expiresAt: seconds + window,
                                                                 now: Int64(active.clock.now().timeIntervalSince1970))
                } catch let error as StoreUnavailable {
                    throw Problem.storeUnavailable(error)
                } catch {
                    throw Problem("auth-busy", status: 503, title: "服务繁忙", detail: "认证记录暂不可写，请稍后重试")
                }
                guard fresh else { throw Problem.unauthorized("x-tif-nonce 已使用过：重放的请求被拒绝") }
            }
            var context = context
            context.portal = portal
            context.logger[metadataKey: "portal"] = .string(portal.id)
            return try await next(request, context)
        case .failure(let failure) where failure.retryable:
            throw Problem("auth-busy", status: 503, title: "服务繁忙", detail: failure.message)
        case .failure(let failure):
            throw Problem.unauthorized(failure.message)
        }
    }
}
