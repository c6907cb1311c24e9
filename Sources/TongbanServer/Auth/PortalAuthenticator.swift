import Foundation
import TongbanCore
import TongbanAdapters
import TongbanConfig
import TongbanCrypto

/// The credentials a request carried, read from its headers.
public struct PortalCredentials: Sendable {
    public var paasID: String?
    public var timestamp: String?
    public var nonce: String?
    public var signature: String?
    public var bearer: String?

    public init(paasID: String? = nil, timestamp: String? = nil, nonce: String? = nil, signature: String? = nil, bearer: String? = nil) {
        self.paasID = paasID
        self.timestamp = timestamp
        self.nonce = nonce
        self.signature = signature
        self.bearer = bearer
    }
}

/// Authenticates portals (DESIGN 6): x-tif headers with SHA-256 or SM3 within a timestamp
/// window and with nonce replay rejection, or a bearer token. Every secret of a portal is
/// tried (two during a rotation).
public final class PortalAuthenticator: Sendable {
    /// Why a request was not authenticated; `message` is safe to return to the caller.
    public struct Failure: Error, Equatable {
        public var message: String
        public var retryable: Bool = false
    }

    private let xTifPortals: [String: PortalConfig]
    private let bearerPortals: [PortalConfig]
    /// Signed portals by the header naming them and the value it holds.
    private let signedPortals: [String: [String: PortalConfig]]
    private let window: Int64
    private let nonces: NonceCache
    private let clock: any WallClock

    public convenience init(portals: [PortalConfig], windowSeconds: Int, maxNonces: Int, clock: any WallClock) {
        self.init(portals: portals, windowSeconds: windowSeconds, nonces: NonceCache(capacity: maxNonces), clock: clock)
    }

    /// `nonces` outlives a reload, so a request cannot be replayed across one.
    init(portals: [PortalConfig], windowSeconds: Int, nonces: NonceCache, clock: any WallClock) {
        xTifPortals = Dictionary(portals.filter { $0.scheme == .xTif }.map { ($0.paasID, $0) }, uniquingKeysWith: { first, _ in first })
        bearerPortals = portals.filter { $0.scheme == .bearer }
        var signed: [String: [String: PortalConfig]] = [:]
        for portal in portals where portal.scheme == .signed {
            guard let auth = portal.signing, let carrier = auth.signing.header(carrying: .accessKey) else { continue }
            signed[carrier.name.lowercased(), default: [:]][auth.accessKey ?? portal.id] = portal
        }
        signedPortals = signed
        window = Int64(windowSeconds)
        self.nonces = nonces
        self.clock = clock
    }

    public func authenticate(_ c: PortalCredentials) -> Result<PortalConfig, Failure> {
        if let paasID = c.paasID { return authenticateXTif(paasID: paasID, c) }
        if let token = c.bearer { return authenticateBearer(token) }
        return .failure(Failure(message: "缺少认证信息：请提供 x-tif 签名头或 Authorization: Bearer 令牌"))
    }

    /// The signed portal a request names, if it names one (by the header carrying a
    /// portal's `{accessKey}`). Its signature covers the body, so it is checked by
    /// `verifySigned` once the body is read.
    public func signedPortal(header: (String) -> String?) -> PortalConfig? {
        for (name, portals) in signedPortals {
            if let value = header(name), let portal = portals[value] { return portal }
        }
        return nil
    }

    /// Checks a signed portal's request against each of its secrets (two during a rotation).
    public func verifySigned(_ portal: PortalConfig, method: String, path: String, query: String, body: [UInt8],
                             header: (String) -> String?) -> Result<RequestVerifier.Accepted, Failure> {
        guard let auth = portal.signing else { return .failure(Failure(message: "门户未配置签名方案")) }
        var last: RequestVerifier.Failure?
        for secret in portal.secrets {
            switch RequestVerifier(auth: auth, secret: secret).verify(method: method, path: path, query: query, body: body, now: clock.now(), header: header) {
            case .success(let accepted): return .success(accepted)
            case .failure(let failure): last = failure
            }
        }
        return .failure(Failure(message: "签名校验失败：\(last.map { "\($0)" } ?? "no secret")"))
    }

    private func authenticateBearer(_ token: String) -> Result<PortalConfig, Failure> {
        let presented = Array(token.utf8)
        for portal in bearerPortals where portal.secrets.contains(where: { constantTimeEquals(Array($0.utf8), presented) }) {
            return .success(portal)
        }
        return .failure(Failure(message: "令牌无效"))
    }

    private func authenticateXTif(paasID: String, _ c: PortalCredentials) -> Result<PortalConfig, Failure> {
        guard let portal = xTifPortals[paasID] else { return .failure(Failure(message: "未登记的门户 x-tif-paasid")) }
        guard let timestamp = c.timestamp, let nonce = c.nonce, let signature = c.signature else {
            return .failure(Failure(message: "x-tif 认证需要 x-tif-timestamp、x-tif-nonce 和 x-tif-signature"))
        }
        guard let seconds = Int64(timestamp), timestamp.count <= 12 else {
            return .failure(Failure(message: "x-tif-timestamp 应为 Unix 秒数"))
        }
        guard (1...128).contains(nonce.utf8.count) else { return .failure(Failure(message: "x-tif-nonce 长度应为1至128")) }
        let now = Int64(clock.now().timeIntervalSince1970)
        guard abs(now - seconds) <= window else {
            return .failure(Failure(message: "x-tif-timestamp 超出允许的 \(window) 秒时间窗，请校准时钟"))
        }
        let scheme = XTifSignature(algorithm: portal.hash == .sm3 ? .sm3 : .sha256)
        guard portal.secrets.contains(where: { scheme.verify(signature: signature, timestamp: timestamp, token: $0, nonce: nonce) }) else {
            return .failure(Failure(message: "x-tif-signature 签名不正确"))
        }
        switch nonces.record(portal: portal.id, nonce: nonce, expiry: seconds + window, now: now) {
        case .fresh: return .success(portal)
        case .replayed: return .failure(Failure(message: "x-tif-nonce 已使用过：重放的请求被拒绝"))
        case .full: return .failure(Failure(message: "认证繁忙，请稍后重试", retryable: true))
        }
    }
}
