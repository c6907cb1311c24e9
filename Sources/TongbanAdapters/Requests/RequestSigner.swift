import Foundation
import TongbanCore
import TongbanCrypto

/// Signs outbound requests the way an adapter's `auth` says (DOMAIN 6).
public struct RequestSigner: Sendable {
    public var auth: AuthSpec
    /// The resolved secret (from `auth.secretEnv`); empty for `none`.
    public var secret: String

    public init(auth: AuthSpec, secret: String) {
        self.auth = auth
        self.secret = secret
    }

    /// Authentication headers for one request at `now` with `nonce`.
    public func headers(method: String, path: String, query: String = "", now: Date, nonce: String) -> [(name: String, value: String)] {
        switch auth.scheme {
        case .none:
            return []
        case .bearer:
            return [("Authorization", "Bearer \(secret)")]
        case .hmacSHA256, .hmacSM3:
            let date = Self.rfc1123(now)
            let accessKey = auth.accessKey ?? ""
            let signature = Self.hmacSignature(algorithm: auth.scheme == .hmacSM3 ? .sm3 : .sha256, method: method, path: path,
                                               query: query, accessKey: accessKey, date: date, secret: secret)
            return [("X-BG-HMAC-ACCESS-KEY", accessKey), ("X-BG-HMAC-ALGORITHM", auth.scheme.rawValue),
                    ("X-BG-DATE-TIME", date), ("X-BG-HMAC-SIGNATURE", signature)]
        case .xTif:
            let timestamp = String(Int(now.timeIntervalSince1970))
            let signature = XTifSignature(algorithm: .sha256).sign(timestamp: timestamp, token: secret, nonce: nonce)
            return [(XTifSignature.paasIDHeader, auth.paasId ?? ""), (XTifSignature.timestampHeader, timestamp),
                    (XTifSignature.nonceHeader, nonce), (XTifSignature.signatureHeader, signature)]
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

    /// Base64 HMAC over `METHOD\npath\ncanonical-query\naccess-key\ndate\n`.
    public static func hmacSignature(algorithm: HashAlgorithm, method: String, path: String, query: String,
                                     accessKey: String, date: String, secret: String) -> String {
        let message = "\(method)\n\(path)\n\(query)\n\(accessKey)\n\(date)\n"
        return Data(algorithm.hmac(key: Array(secret.utf8), message: Array(message.utf8))).base64EncodedString()
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
