import Foundation
import TongbanCore
import TongbanCrypto

/// Checks an inbound request's credentials the way an `auth` block says: what a back end
/// does with the gateway's submissions, and what the gateway does with a back end's
/// callbacks. The counterpart of `RequestSigner`.
public struct RequestVerifier: Sendable {
    public var auth: AuthSpec
    public var secret: String
    /// How far a signed time may be from now (HMAC date, x-tif timestamp).
    public var maxSkewSeconds: Double

    public init(auth: AuthSpec, secret: String, maxSkewSeconds: Double = 300) {
        self.auth = auth
        self.secret = secret
        self.maxSkewSeconds = maxSkewSeconds
    }

    /// Why a request was not accepted.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case missing(String)
        case wrong(String)
        case stale(String)

        public var description: String {
            switch self {
            case .missing(let what): "missing \(what)"
            case .wrong(let what): "wrong \(what)"
            case .stale(let what): "\(what) is outside the allowed window"
            }
        }
    }

    /// Nil when the credentials are right; `header` reads a request header by name
    /// (case-insensitive).
    public func failure(method: String, path: String, query: String = "", now: Date, header: (String) -> String?) -> Failure? {
        func value(_ name: String) -> String? { header(name).flatMap { $0.isEmpty ? nil : $0 } }
        switch auth.scheme {
        case .none:
            return nil
        case .bearer:
            guard let given = value("Authorization") else { return .missing("Authorization") }
            return constantTimeEquals(Array(given.utf8), Array("Bearer \(secret)".utf8)) ? nil : .wrong("bearer token")
        case .hmacSHA256, .hmacSM3:
            guard let key = value("X-BG-HMAC-ACCESS-KEY") else { return .missing("X-BG-HMAC-ACCESS-KEY") }
            guard key == auth.accessKey ?? "" else { return .wrong("access key") }
            guard let date = value("X-BG-DATE-TIME") else { return .missing("X-BG-DATE-TIME") }
            guard let signed = Self.parseRFC1123(date), abs(signed.timeIntervalSince(now)) <= maxSkewSeconds else { return .stale("X-BG-DATE-TIME") }
            guard let signature = value("X-BG-HMAC-SIGNATURE") else { return .missing("X-BG-HMAC-SIGNATURE") }
            let expected = RequestSigner.hmacSignature(algorithm: auth.scheme == .hmacSM3 ? .sm3 : .sha256, method: method, path: path,
                                                       query: query, accessKey: key, date: date, secret: secret)
            return constantTimeEquals(Array(signature.utf8), Array(expected.utf8)) ? nil : .wrong("HMAC signature")
        case .xTif:
            guard let paasId = value(XTifSignature.paasIDHeader) else { return .missing(XTifSignature.paasIDHeader) }
            guard paasId == auth.paasId ?? "" else { return .wrong(XTifSignature.paasIDHeader) }
            guard let timestamp = value(XTifSignature.timestampHeader) else { return .missing(XTifSignature.timestampHeader) }
            guard let seconds = Double(timestamp), abs(seconds - now.timeIntervalSince1970) <= maxSkewSeconds else {
                return .stale(XTifSignature.timestampHeader)
            }
            guard let nonce = value(XTifSignature.nonceHeader) else { return .missing(XTifSignature.nonceHeader) }
            guard let signature = value(XTifSignature.signatureHeader) else { return .missing(XTifSignature.signatureHeader) }
            let valid = XTifSignature(algorithm: .sha256).verify(signature: signature, timestamp: timestamp, token: secret, nonce: nonce)
            return valid ? nil : .wrong("x-tif signature")
        }
    }

    /// Parses `Tue, 14 Nov 2023 22:13:20 GMT` (the only form `RequestSigner` writes).
    public static func parseRFC1123(_ text: String) -> Date? {
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[5] == "GMT", let day = Int(parts[1]), let month = months.firstIndex(of: String(parts[2])),
              let year = Int(parts[3]), let date = CivilDate(year: year, month: month + 1, day: day) else { return nil }
        let clock = parts[4].split(separator: ":").compactMap { Int($0) }
        guard clock.count == 3, clock[0] < 24, clock[1] < 60, clock[2] < 61 else { return nil }
        let seconds = date.dayNumber * 86400 + clock[0] * 3600 + clock[1] * 60 + clock[2]
        let parsed = Date(timeIntervalSince1970: TimeInterval(seconds))
        // The weekday must agree with the date.
        return RequestSigner.rfc1123(parsed) == text ? parsed : nil
    }
}
