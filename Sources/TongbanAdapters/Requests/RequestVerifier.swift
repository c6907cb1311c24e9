import Foundation
import TongbanCore
import TongbanCrypto

/// Checks an inbound request's credentials the way an `auth` block says: what a back end
/// does with the gateway's submissions, and what the gateway does with a back end's
/// callbacks. The counterpart of `RequestSigner`: it reads the timestamp and nonce from
/// their headers, computes the digest from the body it received, signs again and compares
/// every declared header.
public struct RequestVerifier: Sendable {
    public var auth: AuthSpec
    public var secret: String
    /// For SM2: the other side's public key (`auth.publicKey`), read once.
    let sm2Key: SM2.Key?

    public init(auth: AuthSpec, secret: String) {
        self.auth = auth
        self.secret = secret
        sm2Key = auth.signing.algorithm == .sm2 ? auth.publicKey.flatMap { try? SM2.Key($0) } : nil
    }

    /// How far a signed time may be from now.
    public var maxSkewSeconds: Double { auth.signing.windowSeconds }

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

    /// An accepted request: what identifies it for replay protection.
    public struct Accepted: Sendable, Equatable {
        /// The nonce when the scheme signs one, else the signature (which covers the time
        /// and, for callbacks, the body); nil when nothing is signed.
        public var replayKey: String?
        /// The time it was signed at, when the scheme sends one.
        public var signedAt: Date?

        public init(replayKey: String?, signedAt: Date?) {
            self.replayKey = replayKey
            self.signedAt = signedAt
        }
    }

    /// Checks one request; `header` reads a request header by name (case-insensitive).
    public func verify(method: String, path: String, query: String = "", body: [UInt8], now: Date,
                       header: (String) -> String?) -> Result<Accepted, Failure> {
        func value(_ name: String) -> String? { header(name).flatMap { $0.isEmpty ? nil : $0 } }
        let scheme = auth.signing
        var timestamp = "", nonce = "", signedAt: Date?
        if let carrier = scheme.header(carrying: .timestamp) {
            guard let text = value(carrier.name) else { return .failure(.missing(carrier.name)) }
            guard let stamp = carrier.value.extract(.timestamp, from: text), let date = scheme.timestamp.parse(stamp) else {
                return .failure(.wrong("\(carrier.name) (expected \(scheme.timestamp))"))
            }
            guard abs(date.timeIntervalSince(now)) <= scheme.windowSeconds else { return .failure(.stale(carrier.name)) }
            (timestamp, signedAt) = (stamp, date)
        }
        if let carrier = scheme.header(carrying: .nonce) {
            guard let text = value(carrier.name) else { return .failure(.missing(carrier.name)) }
            guard let extracted = carrier.value.extract(.nonce, from: text), !extracted.isEmpty, extracted.utf8.count <= 128 else {
                return .failure(.wrong(carrier.name))
            }
            nonce = extracted
        }
        let values = RequestSigner.Values(auth: auth, secret: secret, method: method, path: path, query: query, body: body,
                                          timestamp: timestamp, nonce: nonce)
        var signature = values.signature(scheme)
        if scheme.algorithm == .sm2 {
            // A randomised signature cannot be recomputed: it is checked with the public key.
            guard let carrier = scheme.header(carrying: .signature) else { return .failure(.missing("signature")) }
            guard let text = value(carrier.name) else { return .failure(.missing(carrier.name)) }
            guard let extracted = carrier.value.extract(.signature, from: text), let der = scheme.encoding.read(extracted),
                  let key = sm2Key, let message = values.message(scheme), key.verify(der, message: message) else {
                return .failure(.wrong("signature (\(carrier.name))"))
            }
            signature = extracted
        }
        for (name, template) in scheme.headers {
            guard let given = value(name) else { return .failure(.missing(name)) }
            let expected = String(decoding: template.render { values.bytes($0, signature: signature) }, as: UTF8.self)
            let hex = template.uses(.signature) && scheme.encoding != .base64
            let same = hex ? constantTimeEquals(Array(given.lowercased().utf8), Array(expected.lowercased().utf8))
                : constantTimeEquals(Array(given.utf8), Array(expected.utf8))
            guard same else {
                if template.uses(.signature) { return .failure(.wrong("signature (\(name))")) }
                if template.uses(.digest) { return .failure(.wrong("\(name): the body does not match its digest")) }
                if template.uses(.secret) { return .failure(.wrong("token (\(name))")) }
                return .failure(.wrong(name))
            }
        }
        let key = scheme.header(carrying: .nonce) != nil ? nonce : signature
        return .success(Accepted(replayKey: key, signedAt: signedAt))
    }

    /// Nil when the credentials are right.
    public func failure(method: String, path: String, query: String = "", body: [UInt8] = [], now: Date, header: (String) -> String?) -> Failure? {
        if case .failure(let failure) = verify(method: method, path: path, query: query, body: body, now: now, header: header) { return failure }
        return nil
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
