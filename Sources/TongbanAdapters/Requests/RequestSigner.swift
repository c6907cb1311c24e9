import Foundation
import TongbanCore
import TongbanCrypto

/// Signs outbound requests the way an adapter's `auth` says (DOMAIN 6): renders the
/// scheme's string to sign, signs it, and renders each header.
public struct RequestSigner: Sendable {
    public var auth: AuthSpec
    /// The resolved secret (from `auth.secretEnv`); empty for `none`. For SM2 the private key.
    public var secret: String
    /// The SM2 private key read from `secret`, once (nil for other algorithms or a bad key,
    /// which the loader reports).
    let sm2Key: SM2.Key?

    public init(auth: AuthSpec, secret: String) {
        self.auth = auth
        self.secret = secret
        sm2Key = auth.signing.algorithm == .sm2 ? try? SM2.Key(secret) : nil
    }

    /// One request's signature: the headers to send and what was signed.
    public struct Signed: Sendable, Equatable {
        public var headers: [(name: String, value: String)]
        /// The string that was signed, `{secret}` shown as `[secret]`; nil when nothing is signed.
        public var stringToSign: String?
        /// Headers whose values carry the secret itself (hidden when printed).
        public var secretHeaders: Set<String>

        public static func == (a: Signed, b: Signed) -> Bool {
            a.stringToSign == b.stringToSign && a.headers.map { "\($0.name):\($0.value)" } == b.headers.map { "\($0.name):\($0.value)" }
        }
    }

    /// Signs one request at `now` with `nonce`.
    public func sign(method: String, path: String, query: String = "", body: [UInt8], now: Date, nonce: String) -> Signed {
        let scheme = auth.signing
        let values = Values(auth: auth, secret: secret, method: method, path: path, query: query, body: body,
                            timestamp: scheme.timestamp.format(now), nonce: nonce)
        let signature = values.signature(scheme, sm2: sm2Key)
        var secretHeaders: Set<String> = []
        let headers = scheme.headers.map { header in
            if header.value.uses(.secret) { secretHeaders.insert(header.name.lowercased()) }
            return (name: header.name, value: String(decoding: header.value.render { values.bytes($0, signature: signature) }, as: UTF8.self))
        }
        let shown = scheme.stringToSign.map { template in
            String(decoding: template.render { $0 == .secret ? Array("[secret]".utf8) : values.bytes($0, signature: nil) }, as: UTF8.self)
        }
        return Signed(headers: headers, stringToSign: shown, secretHeaders: secretHeaders)
    }

    /// Authentication headers for one request (what `sign` returns, without the rest).
    public func headers(method: String, path: String, query: String = "", body: [UInt8] = [], now: Date, nonce: String) -> [(name: String, value: String)] {
        sign(method: method, path: path, query: query, body: body, now: now, nonce: nonce).headers
    }

    /// The values a scheme's templates name, for one request.
    struct Values {
        var auth: AuthSpec
        var secret: String
        var method: String, path: String, query: String
        var body: [UInt8]
        var timestamp: String
        var nonce: String
        /// The body digest as written, computed once (the string to sign and a header may both name it).
        let digest: [UInt8]

        init(auth: AuthSpec, secret: String, method: String, path: String, query: String, body: [UInt8], timestamp: String, nonce: String) {
            (self.auth, self.secret, self.method, self.path, self.query, self.body, self.timestamp, self.nonce) =
                (auth, secret, method, path, query, body, timestamp, nonce)
            digest = Array((auth.signing.digest?.write(body) ?? "").utf8)
        }

        func bytes(_ field: SigningTemplate.Field, signature: String?) -> [UInt8] {
            switch field {
            case .method: Array(method.utf8)
            case .path: Array(path.utf8)
            case .query: Array(query.utf8)
            case .timestamp: Array(timestamp.utf8)
            case .nonce: Array(nonce.utf8)
            case .body: body
            case .digest: digest
            case .secret: Array(secret.utf8)
            case .accessKey: Array((auth.accessKey ?? "").utf8)
            case .paasId: Array((auth.paasId ?? "").utf8)
            case .signature: Array((signature ?? "").utf8)
            }
        }

        /// The rendered string to sign.
        func message(_ scheme: SigningScheme) -> [UInt8]? {
            scheme.stringToSign.map { template in template.render { bytes($0, signature: nil) } }
        }

        /// The signature of the rendered string; nil for `none` (and for SM2 without a private key).
        func signature(_ scheme: SigningScheme, sm2: SM2.Key? = nil) -> String? {
            guard let message = message(scheme) else { return nil }
            if scheme.algorithm == .sm2 { return sm2?.sign(message).map(scheme.encoding.write) }
            guard let hash = scheme.algorithm.hash else { return nil }
            let raw = scheme.algorithm.isHMAC ? hash.hmac(key: Array(secret.utf8), message: message) : hash.digest(message)
            return scheme.encoding.write(raw)
        }
    }

    /// 128 random bits as 32 lower-case hex digits, for schemes that sign a nonce.
    public static func randomNonce() -> String {
        var generator = SystemRandomNumberGenerator()
        return [generator.next() as UInt64, generator.next() as UInt64].map {
            let digits = String($0, radix: 16)
            return String(repeating: "0", count: 16 - digits.count) + digits
        }.joined()
    }

    /// `Tue, 14 Nov 2023 22:13:20 GMT`.
    public static func rfc1123(_ date: Date) -> String {
        let days = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let dayNumber = Int((Double(seconds) / 86400).rounded(.down))
        let civil = CivilDate(dayNumber: dayNumber)
        let s = seconds - dayNumber * 86400
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(days[((dayNumber % 7) + 7) % 7]), \(two(civil.day)) \(months[civil.month - 1]) \(civil.year) \(two(s / 3600)):\(two(s / 60 % 60)):\(two(s % 60)) GMT"
    }
}
