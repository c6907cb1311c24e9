import Foundation
import TongbanCrypto

/// The one signing mechanism behind every `auth` block (DOMAIN 6): which headers a request
/// carries, the string that is signed (a template over method, path, query, timestamp,
/// nonce, body and body digest), the algorithm and how its output is written, and how the
/// timestamp is written. The gateway signs submissions, actions and probes with it and
/// verifies callbacks with it; `bearer`, the X-BG HMAC schemes and `x-tif` are presets.
public struct SigningScheme: Sendable, Equatable {
    public enum Algorithm: String, Sendable, CaseIterable {
        /// No signature: the headers carry the secret itself (a bearer token).
        case none
        case hmacSHA256 = "hmac-sha256"
        case hmacSM3 = "hmac-sm3"
        /// A plain hash over a string that holds `{secret}` (x-tif).
        case sha256, sm3
        /// An SM2 signature with SM3 (GB/T 32918) under a key pair: the private key (the
        /// secret) signs, the other side's public key (`publicKey`) verifies.
        case sm2

        var hash: HashAlgorithm? {
            switch self {
            case .none, .sm2: nil
            case .hmacSHA256, .sha256: .sha256
            case .hmacSM3, .sm3: .sm3
            }
        }
        var isHMAC: Bool { self == .hmacSHA256 || self == .hmacSM3 }
        /// Whether the signature needs a key (HMAC, SM2): else the string must hold the secret.
        var isKeyed: Bool { isHMAC || self == .sm2 }
    }

    public enum Encoding: String, Sendable, CaseIterable {
        case hex
        case hexUpper = "hex-upper"
        case base64

        func write(_ bytes: [UInt8]) -> String {
            switch self {
            case .hex: Hex.encode(bytes)
            case .hexUpper: Hex.encode(bytes).uppercased()
            case .base64: Data(bytes).base64EncodedString()
            }
        }

        /// The bytes `text` encodes (hex of either case), nil when it is not in this encoding.
        func read(_ text: String) -> [UInt8]? {
            switch self {
            case .base64: return Data(base64Encoded: text).map(Array.init)
            case .hex, .hexUpper:
                let digits = Array(text.utf8)
                guard digits.count % 2 == 0, digits.count <= 512 else { return nil }
                var out: [UInt8] = []
                out.reserveCapacity(digits.count / 2)
                for i in stride(from: 0, to: digits.count, by: 2) {
                    guard let byte = UInt8(String(decoding: digits[i...i + 1], as: UTF8.self), radix: 16) else { return nil }
                    out.append(byte)
                }
                return out
            }
        }
    }

    /// A digest of the body, named by `{digest}`.
    public struct BodyDigest: Sendable, Equatable {
        public enum Form: String, Sendable, CaseIterable {
            /// RFC 9530 `Content-Digest`: `sha-256=:<base64>:` (`sm3=:…:` for SM3).
            case rfc9530
            case hex
            case base64
        }
        public var algorithm: HashAlgorithm
        public var form: Form

        public init(algorithm: HashAlgorithm, form: Form = .rfc9530) {
            self.algorithm = algorithm
            self.form = form
        }

        public func write(_ body: [UInt8]) -> String {
            let digest = algorithm.digest(body)
            switch form {
            case .rfc9530: return "\(algorithm == .sha256 ? "sha-256" : "sm3")=:\(Data(digest).base64EncodedString()):"
            case .hex: return Hex.encode(digest)
            case .base64: return Data(digest).base64EncodedString()
            }
        }
    }

    public var algorithm: Algorithm
    public var encoding: Encoding
    /// What is signed; nil for `none`.
    public var stringToSign: SigningTemplate?
    public var timestamp: TimestampForm
    public var digest: BodyDigest?
    /// The headers sent (and, for callbacks, expected), in order (a declared scheme's by name).
    public var headers: [(name: String, value: SigningTemplate)]
    /// How far a signed time may be from now, either way.
    public var windowSeconds: Double

    public init(algorithm: Algorithm, encoding: Encoding = .hex, stringToSign: SigningTemplate?, timestamp: TimestampForm = TimestampForm(kind: .unixSeconds),
                digest: BodyDigest? = nil, headers: [(String, SigningTemplate)], windowSeconds: Double = 300) {
        self.algorithm = algorithm
        self.encoding = encoding
        self.stringToSign = stringToSign
        self.timestamp = timestamp
        self.digest = digest
        self.headers = headers.map { (name: $0.0, value: $0.1) }
        self.windowSeconds = windowSeconds
    }

    public static func == (a: SigningScheme, b: SigningScheme) -> Bool {
        a.algorithm == b.algorithm && a.encoding == b.encoding && a.stringToSign == b.stringToSign && a.timestamp == b.timestamp
            && a.digest == b.digest && a.windowSeconds == b.windowSeconds
            && a.headers.map(\.name) == b.headers.map(\.name) && a.headers.map(\.value) == b.headers.map(\.value)
    }

    /// The header a field is sent in (the first whose value names it).
    public func header(carrying field: SigningTemplate.Field) -> (name: String, value: SigningTemplate)? {
        headers.first { $0.value.uses(field) }
    }

    /// Whether an altered body fails verification: the signed string holds the body or
    /// its digest (which the verifier computes from the body it received).
    public var coversBody: Bool {
        guard algorithm != .none, let s = stringToSign else { return false }
        return s.uses(.body) || (s.uses(.digest) && digest != nil)
    }

    /// Why the scheme cannot sign or be verified consistently, or nil. `forCallbacks` adds
    /// the rules for inbound requests: the body and a time must be signed.
    public func problem(forCallbacks: Bool) -> String? {
        let used = stringToSign?.fields ?? []
        if algorithm == .none {
            if stringToSign != nil { return "algorithm none signs nothing: remove the string to sign or choose an algorithm" }
        } else {
            guard let stringToSign else { return "algorithm \(algorithm.rawValue) needs a string to sign (sign)" }
            if stringToSign.uses(.signature) { return "the string to sign cannot hold {signature}" }
            if algorithm == .sm2, stringToSign.uses(.secret) { return "an SM2 private key never goes into the string to sign" }
            if !algorithm.isKeyed, !stringToSign.uses(.secret) {
                return "a plain \(algorithm.rawValue) hash without {secret} in the string to sign can be computed by anyone; use hmac-\(algorithm.rawValue) or add {secret}"
            }
            if header(carrying: .signature) == nil { return "no header carries {signature}" }
        }
        for field in [SigningTemplate.Field.timestamp, .nonce] where used.contains(field) {
            guard let carrier = header(carrying: field) else { return "the string to sign holds {\(field.rawValue)} but no header sends it" }
            if carrier.value.fields != [field] { return "header \(carrier.name) must hold {\(field.rawValue)} alone (with literal text around it at most)" }
        }
        if used.contains(.digest) || header(carrying: .digest) != nil, digest == nil { return "{digest} is used but no digest algorithm is declared (digest)" }
        for (name, value) in headers {
            if value.uses(.body) { return "header \(name) cannot hold the body" }
            if value.uses(.secret), algorithm != .none { return "header \(name) would send the secret in the clear; sign with it instead" }
            if value.uses(.signature), algorithm == .none { return "header \(name) holds {signature} but the algorithm is none" }
            if value.uses(.signature), algorithm == .sm2, value.fields != [.signature] { return "header \(name) must hold an SM2 {signature} alone (with literal text around it at most)" }
            if value.uses(.timestamp) || value.uses(.nonce), value.fields.count > 1 { return "header \(name) must hold {timestamp} or {nonce} alone" }
        }
        guard forCallbacks else { return nil }
        if headers.isEmpty { return "callbacks without credentials would let anyone move any case" }
        if algorithm == .none { return "a token in a header (bearer) covers no body: one captured callback authorises any body; sign the body (hmac-sha256, hmac-sm3 or a signed scheme with {body} or {digest})" }
        if !coversBody { return "the signature covers no body ({body} or {digest} is not in the string to sign): one captured set of headers would authorise any body" }
        if !used.contains(.timestamp) { return "the signature covers no time ({timestamp} is not in the string to sign): a captured callback could be replayed for ever" }
        return nil
    }
}
