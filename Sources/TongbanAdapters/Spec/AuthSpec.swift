import TongbanCore

/// How the gateway authenticates to a back end, and how a back end signs its callbacks.
/// Secrets are never in the file: `secretEnv` names the environment variable.
public struct AuthSpec: Sendable, Decodable, Equatable {
    public enum Scheme: String, Sendable, CaseIterable {
        case none, bearer
        case hmacSHA256 = "hmac-sha256"
        case hmacSM3 = "hmac-sm3"
        case xTif = "x-tif"
    }

    public var scheme: Scheme
    /// Environment variable holding the token or secret key.
    public var secretEnv: String?
    /// HMAC schemes: the access key sent in the clear (`X-BG-HMAC-ACCESS-KEY`).
    public var accessKey: String?
    /// x-tif: the paas id sent in `x-tif-paasid`.
    public var paasId: String?

    public init(scheme: Scheme = .none, secretEnv: String? = nil, accessKey: String? = nil, paasId: String? = nil) {
        self.scheme = scheme
        self.secretEnv = secretEnv
        self.accessKey = accessKey
        self.paasId = paasId
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case scheme, secretEnv, accessKey, paasId }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        scheme = try c.decodeWord(Scheme.self, forKey: .scheme)
        secretEnv = try c.decodeIfPresent(String.self, forKey: .secretEnv)
        accessKey = try c.decodeIfPresent(String.self, forKey: .accessKey)
        paasId = try c.decodeIfPresent(String.self, forKey: .paasId)
        let missing: CodingKeys? = switch scheme {
        case .none: nil
        case .bearer: secretEnv == nil ? .secretEnv : nil
        case .hmacSHA256, .hmacSM3: secretEnv == nil ? .secretEnv : accessKey == nil ? .accessKey : nil
        case .xTif: secretEnv == nil ? .secretEnv : paasId == nil ? .paasId : nil
        }
        if let missing {
            throw InvalidValueError(path: c.codingPath + [missing], reason: "required for scheme \(scheme.rawValue)")
        }
    }
}
