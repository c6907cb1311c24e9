import Foundation
import TongbanAdapters
import TongbanCore

/// One portal allowed to submit applications (`Config/portals.yaml`). The secret itself
/// comes from the environment variable the file names, never from the file.
public struct PortalConfig: Sendable, Equatable {
    /// Which request format a portal speaks, and so which intake route it may use.
    public enum Dialect: String, Sendable, CaseIterable { case canonical, yiwang }
    /// How a portal authenticates.
    public enum Scheme: String, Sendable, CaseIterable {
        case xTif = "x-tif"
        case bearer
        /// A declared scheme (as an adapter's `auth: {scheme: signed, …}`) that signs the body,
        /// a time and the portal's `accessKey`, for portals that can sign more than x-tif does.
        case signed
    }
    /// Hash for the x-tif signature.
    public enum Hash: String, Sendable, CaseIterable { case sha256, sm3 }

    public var id: String
    public var name: String
    public var dialect: Dialect
    /// Vendor table for document-type codes (`Config/document-types.yaml`), yiwang only.
    public var documentTypeVendor: String?
    public var scheme: Scheme
    public var hash: Hash
    /// The `x-tif-paasid` the portal sends; defaults to `id`.
    public var paasID: String
    /// Environment variable names of the current secret and, during a rotation, the previous one.
    public var secretEnv: String
    public var previousSecretEnv: String?
    /// Resolved secrets (current first), filled from the environment by the loader.
    public var secrets: [String]
    /// Where status changes are pushed, if anywhere.
    public var webhook: Webhook?
    /// For `signed`: the declared scheme; its `accessKey` names the portal in the header
    /// that carries `{accessKey}`.
    public var signing: AuthSpec?

    /// The portal's endpoint for status notifications (CloudEvents 1.0, signed with the
    /// Standard Webhooks scheme).
    public struct Webhook: Sendable, Equatable {
        public var url: String
        /// Environment variable holding the signing secret, `whsec_` + base64.
        public var secretEnv: String
        /// The decoded key, filled by the loader.
        public var key: [UInt8]

        public init(url: String, secretEnv: String, key: [UInt8] = []) {
            self.url = url
            self.secretEnv = secretEnv
            self.key = key
        }
    }

    public init(
        id: String, name: String? = nil, dialect: Dialect, documentTypeVendor: String? = nil, scheme: Scheme,
        hash: Hash = .sha256, paasID: String? = nil, secretEnv: String, previousSecretEnv: String? = nil, secrets: [String] = []
    ) {
        self.id = id
        self.name = name ?? id
        self.dialect = dialect
        self.documentTypeVendor = documentTypeVendor
        self.scheme = scheme
        self.hash = hash
        self.paasID = paasID ?? id
        self.secretEnv = secretEnv
        self.previousSecretEnv = previousSecretEnv
        self.secrets = secrets
    }
}

/// `Config/portals.yaml` as written.
struct PortalsFile: Decodable {
    var portals: [Entry]

    enum CodingKeys: String, CodingKey, CaseIterable { case portals }
    init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        portals = try c.decode([Entry].self, forKey: .portals)
    }

    struct Entry: Decodable {
        var portal: PortalConfig

        enum CodingKeys: String, CodingKey, CaseIterable { case id, name, dialect, documentTypeVendor, auth, webhook }
        enum WebhookKeys: String, CodingKey, CaseIterable { case url, secretEnv }
        enum AuthKeys: String, CodingKey, CaseIterable { case scheme, hash, paasId, secretEnv, previousSecretEnv }

        init(from decoder: any Decoder) throws {
            let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
            let id = try c.decode(String.self, forKey: .id)
            guard id.range(of: "^[a-z0-9][a-z0-9-]{0,62}$", options: .regularExpression) != nil else {
                throw InvalidValueError(path: c.codingPath + [CodingKeys.id], reason: "expected lower-case letters, digits and '-', got '\(id)'")
            }
            let auth = try c.superDecoder(forKey: .auth)
            if try auth.container(keyedBy: AnyKey.self).decodeIfPresent(String.self, forKey: AnyKey(stringValue: "scheme")) == PortalConfig.Scheme.signed.rawValue {
                portal = try Self.signed(id: id, c, auth: auth)
                try decodeWebhook(c)
                return
            }
            let a = try auth.strictContainer(keyedBy: AuthKeys.self)
            let secretEnv = try a.decode(String.self, forKey: .secretEnv)
            portal = PortalConfig(
                id: id,
                name: try c.decodeIfPresent(String.self, forKey: .name),
                dialect: try c.decodeWord(PortalConfig.Dialect.self, forKey: .dialect),
                documentTypeVendor: try c.decodeIfPresent(String.self, forKey: .documentTypeVendor),
                scheme: try a.decodeWord(PortalConfig.Scheme.self, forKey: .scheme),
                hash: try a.contains(.hash) ? a.decodeWord(PortalConfig.Hash.self, forKey: .hash) : .sha256,
                paasID: try a.decodeIfPresent(String.self, forKey: .paasId),
                secretEnv: secretEnv,
                previousSecretEnv: try a.decodeIfPresent(String.self, forKey: .previousSecretEnv)
            )
            try decodeWebhook(c)
        }

        /// A portal with a declared, body-covering scheme.
        static func signed(id: String, _ c: KeyedDecodingContainer<CodingKeys>, auth: any Decoder) throws -> PortalConfig {
            let spec = try AuthSpec(from: auth)
            if let problem = spec.inboundProblem { throw InvalidValueError(path: auth.codingPath + [AnyKey(stringValue: "sign")], reason: problem) }
            guard let carrier = spec.signing.header(carrying: .accessKey), carrier.value.fields == [.accessKey] else {
                throw InvalidValueError(path: auth.codingPath + [AnyKey(stringValue: "headers")],
                                        reason: "a portal's signed scheme sends its accessKey in a header of its own (for example X-Portal-Id: \"{accessKey}\"), so the gateway knows whose secret to check")
            }
            var portal = PortalConfig(id: id, name: try c.decodeIfPresent(String.self, forKey: .name),
                                      dialect: try c.decodeWord(PortalConfig.Dialect.self, forKey: .dialect),
                                      documentTypeVendor: try c.decodeIfPresent(String.self, forKey: .documentTypeVendor),
                                      scheme: .signed, paasID: spec.accessKey ?? id, secretEnv: spec.secretEnv ?? "", previousSecretEnv: spec.previousSecretEnv)
            portal.signing = spec
            return portal
        }

        mutating func decodeWebhook(_ c: KeyedDecodingContainer<CodingKeys>) throws {
            if c.contains(.webhook) {
                let w = try c.superDecoder(forKey: .webhook).strictContainer(keyedBy: WebhookKeys.self)
                let url = try w.decode(String.self, forKey: .url)
                guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil else {
                    throw InvalidValueError(path: w.codingPath + [WebhookKeys.url], reason: "expected an http(s) URL, got '\(url)'")
                }
                portal.webhook = PortalConfig.Webhook(url: url, secretEnv: try w.decode(String.self, forKey: .secretEnv))
            }
        }
    }
}
