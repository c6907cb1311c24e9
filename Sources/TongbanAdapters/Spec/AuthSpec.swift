import TongbanCore
import TongbanCrypto

/// How the gateway authenticates to a back end, and how a back end signs its callbacks:
/// a named preset (`bearer`, `hmac-sha256`, `hmac-sm3`, `x-tif`, …) or `signed`, a scheme
/// the spec declares (header names, string to sign, algorithm, output, timestamp form).
/// Both become one `SigningScheme`. Secrets are never in the file: `secretEnv` names the
/// environment variable.
public struct AuthSpec: Sendable, Decodable, Equatable {
    public enum Scheme: String, Sendable, CaseIterable {
        case none, bearer
        case hmacSHA256 = "hmac-sha256"
        case hmacSM3 = "hmac-sm3"
        case hmacSHA256NoBody = "hmac-sha256-no-body"
        case hmacSM3NoBody = "hmac-sm3-no-body"
        case xTif = "x-tif"
        case signed
    }

    public var scheme: Scheme
    /// Environment variable holding the token or secret key.
    public var secretEnv: String?
    /// Sent in the clear as `{accessKey}` (the X-BG HMAC presets' `X-BG-HMAC-ACCESS-KEY`).
    public var accessKey: String?
    /// Sent in the clear as `{paasId}` (x-tif's `x-tif-paasid`).
    public var paasId: String?
    /// What is sent and signed.
    public var signing: SigningScheme
    /// A portal's previous secret during a rotation (portals only: an adapter spec refuses it).
    public var previousSecretEnv: String?
    /// SM2: the other side's public key (PEM), to verify what it signs (callbacks, portals).
    public var publicKey: String?

    public init(scheme: Scheme = .none, secretEnv: String? = nil, accessKey: String? = nil, paasId: String? = nil, windowSeconds: Double = 300) {
        precondition(scheme != .signed, "a signed scheme is built with init(signing:)")
        self.init(scheme: scheme, signing: SigningScheme.preset(scheme, windowSeconds: windowSeconds)!, secretEnv: secretEnv, accessKey: accessKey, paasId: paasId)
    }

    public init(scheme: Scheme = .signed, signing: SigningScheme, secretEnv: String?, accessKey: String? = nil, paasId: String? = nil) {
        self.scheme = scheme
        self.signing = signing
        self.secretEnv = secretEnv
        self.accessKey = accessKey
        self.paasId = paasId
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case scheme, secretEnv, accessKey, paasId, window, previousSecretEnv, publicKey
        case algorithm, encoding, sign, timestamp, zone, digest, digestForm, headers
    }
    static let declaredOnly: [CodingKeys] = [.algorithm, .encoding, .sign, .timestamp, .zone, .digest, .digestForm, .headers, .publicKey]

    public init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        scheme = try c.decodeWord(Scheme.self, forKey: .scheme)
        secretEnv = try c.decodeIfPresent(String.self, forKey: .secretEnv)
        accessKey = try c.decodeIfPresent(String.self, forKey: .accessKey)
        paasId = try c.decodeIfPresent(String.self, forKey: .paasId)
        previousSecretEnv = try c.decodeIfPresent(String.self, forKey: .previousSecretEnv)
        publicKey = try c.decodeIfPresent(String.self, forKey: .publicKey)
        let window = try c.decodeIfPresent(String.self, forKey: .window).map { try Duration.seconds($0, at: c.codingPath + [CodingKeys.window]) } ?? 300
        func fail(_ key: CodingKeys, _ reason: String) -> InvalidValueError { InvalidValueError(path: c.codingPath + [key], reason: reason) }
        if scheme == .signed {
            signing = try Self.declared(c, window: window)
        } else {
            if let key = Self.declaredOnly.first(where: { c.contains($0) }) {
                throw fail(key, "only with scheme: signed (scheme \(scheme.rawValue) is a preset)")
            }
            signing = SigningScheme.preset(scheme, windowSeconds: window)!
        }
        if let publicKey {
            guard signing.algorithm == .sm2 else { throw fail(.publicKey, "only with algorithm sm2") }
            do { _ = try SM2.Key(publicKey) } catch { throw fail(.publicKey, "\(error)") }
        }
        // An SM2 block that only verifies (a callback's) needs the public key, not a secret.
        if scheme != .none, secretEnv == nil, !(signing.algorithm == .sm2 && publicKey != nil) {
            throw fail(.secretEnv, signing.algorithm == .sm2 ? "required to sign (the private key), or give publicKey to verify" : "required for scheme \(scheme.rawValue)")
        }
        let fields = signing.headers.reduce(into: signing.stringToSign?.fields ?? []) { $0.formUnion($1.value.fields) }
        if fields.contains(.accessKey), accessKey == nil { throw fail(.accessKey, "required for scheme \(scheme.rawValue) ({accessKey} is sent)") }
        if fields.contains(.paasId), paasId == nil { throw fail(.paasId, "required for scheme \(scheme.rawValue) ({paasId} is sent)") }
        if let problem = signing.problem(forCallbacks: false) { throw fail(scheme == .signed ? .sign : .scheme, problem) }
    }

    /// Why `secret` cannot sign under this block (an SM2 scheme needs a private key), or nil.
    public func signingKeyProblem(_ secret: String) -> String? {
        guard signing.algorithm == .sm2 else { return nil }
        do {
            return try SM2.Key(secret).isPrivate ? nil : "holds a public key; the gateway signs with its SM2 private key"
        } catch {
            return "does not hold an SM2 private key: \(error)"
        }
    }

    /// Why this block cannot authenticate inbound requests (callbacks, signed portals), or nil.
    public var inboundProblem: String? {
        if signing.algorithm == .sm2, publicKey == nil { return "an SM2 signature is verified with the signer's public key: give publicKey (PEM)" }
        return signing.problem(forCallbacks: true).map { "scheme \(scheme.rawValue) cannot verify inbound requests: \($0)" }
    }

    /// A `signed` block: algorithm, encoding, sign, timestamp, zone, digest, digestForm, headers.
    private static func declared(_ c: KeyedDecodingContainer<CodingKeys>, window: Double) throws -> SigningScheme {
        func fail(_ key: CodingKeys, _ reason: String) -> InvalidValueError { InvalidValueError(path: c.codingPath + [key], reason: reason) }
        func template(_ text: String, _ key: [any CodingKey]) throws -> SigningTemplate {
            do { return try SigningTemplate(text) } catch { throw InvalidValueError(path: c.codingPath + key, reason: error.reason) }
        }
        let algorithm = try c.decodeWord(SigningScheme.Algorithm.self, forKey: .algorithm)
        let encoding = try c.contains(.encoding) ? c.decodeWord(SigningScheme.Encoding.self, forKey: .encoding) : .hex
        let sign = try c.decodeIfPresent(String.self, forKey: .sign).map { try template($0, [CodingKeys.sign]) }
        let zone = try c.decodeIfPresent(String.self, forKey: .zone)
        if let zone, TimestampForm.offset(zone) == nil { throw fail(.zone, "expected an offset such as +08:00 or Z, got '\(zone)'") }
        let stampText = try c.decodeIfPresent(String.self, forKey: .timestamp) ?? "unix"
        guard let timestamp = TimestampForm(stampText, zone: zone) else {
            throw fail(.timestamp, "expected \(TimestampForm.words.joined(separator: ", ")) or a pattern such as yyyyMMddHHmmss, got '\(stampText)'")
        }
        var digest: SigningScheme.BodyDigest?
        if let name = try c.decodeIfPresent(String.self, forKey: .digest) {
            let hash: HashAlgorithm
            switch name {
            case "sha-256", "sha256": hash = .sha256
            case "sm3": hash = .sm3
            default: throw fail(.digest, "expected sha-256 or sm3, got '\(name)'")
            }
            let form = try c.contains(.digestForm) ? c.decodeWord(SigningScheme.BodyDigest.Form.self, forKey: .digestForm) : .rfc9530
            digest = SigningScheme.BodyDigest(algorithm: hash, form: form)
        } else if c.contains(.digestForm) {
            throw fail(.digestForm, "needs digest (sha-256 or sm3)")
        }
        guard let raw = try c.decodeIfPresent([String: String].self, forKey: .headers), !raw.isEmpty else {
            throw fail(.headers, "a signed scheme names the headers it sends, for example {X-Timestamp: \"{timestamp}\", X-Signature: \"{signature}\"}")
        }
        var headers: [(String, SigningTemplate)] = []
        for (name, value) in raw.sorted(by: { $0.key.lowercased() < $1.key.lowercased() }) {
            guard !name.isEmpty, name.utf8.allSatisfy({ $0 > 32 && $0 < 127 && $0 != UInt8(ascii: ":") }) else {
                throw fail(.headers, "'\(name)' is not a header name")
            }
            guard !["content-type", "idempotency-key", "traceparent", "host", "content-length"].contains(name.lowercased()) else {
                throw fail(.headers, "\(name) is set by the gateway")
            }
            headers.append((name, try template(value, [CodingKeys.headers, AnyKey(stringValue: name)])))
        }
        return SigningScheme(algorithm: algorithm, encoding: encoding, stringToSign: sign, timestamp: timestamp, digest: digest,
                             headers: headers, windowSeconds: window)
    }
}
