import TongbanCrypto

extension SigningScheme {
    /// The scheme a named `auth.scheme` stands for (nil for `signed`, which the spec declares).
    public static func preset(_ scheme: AuthSpec.Scheme, windowSeconds: Double = 300) -> SigningScheme? {
        func t(_ text: String) -> SigningTemplate {
            // The presets' templates are fixed and known to be valid.
            try! SigningTemplate(text)
        }
        switch scheme {
        case .signed:
            return nil
        case .none:
            return SigningScheme(algorithm: .none, stringToSign: nil, headers: [], windowSeconds: windowSeconds)
        case .bearer:
            return SigningScheme(algorithm: .none, stringToSign: nil, headers: [("Authorization", t("Bearer {secret}"))], windowSeconds: windowSeconds)
        case .hmacSHA256, .hmacSM3:
            // The X-BG HMAC of DOMAIN 6 with a nonce and the RFC 9530 body digest added to
            // the signed string, so it covers the body and cannot be replayed.
            let sm3 = scheme == .hmacSM3
            return SigningScheme(
                algorithm: sm3 ? .hmacSM3 : .hmacSHA256, encoding: .base64,
                stringToSign: t("{method}\n{path}\n{query}\n{accessKey}\n{timestamp}\n{nonce}\n{digest}\n"),
                timestamp: TimestampForm(kind: .rfc1123), digest: BodyDigest(algorithm: sm3 ? .sm3 : .sha256, form: .rfc9530),
                headers: [("X-BG-HMAC-ACCESS-KEY", t("{accessKey}")), ("X-BG-HMAC-ALGORITHM", t(scheme.rawValue)),
                          ("X-BG-DATE-TIME", t("{timestamp}")), ("X-BG-NONCE", t("{nonce}")), ("Content-Digest", t("{digest}")),
                          ("X-BG-HMAC-SIGNATURE", t("{signature}"))],
                windowSeconds: windowSeconds)
        case .hmacSHA256NoBody, .hmacSM3NoBody:
            // DOMAIN 6's X-BG HMAC exactly, for back ends that verify only that: it covers
            // neither body nor nonce, so it is refused for callbacks.
            let sm3 = scheme == .hmacSM3NoBody
            return SigningScheme(
                algorithm: sm3 ? .hmacSM3 : .hmacSHA256, encoding: .base64,
                stringToSign: t("{method}\n{path}\n{query}\n{accessKey}\n{timestamp}\n"), timestamp: TimestampForm(kind: .rfc1123),
                headers: [("X-BG-HMAC-ACCESS-KEY", t("{accessKey}")), ("X-BG-HMAC-ALGORITHM", t(sm3 ? "hmac-sm3" : "hmac-sha256")),
                          ("X-BG-DATE-TIME", t("{timestamp}")), ("X-BG-HMAC-SIGNATURE", t("{signature}"))],
                windowSeconds: windowSeconds)
        case .xTif:
            // DOMAIN 6: hex SHA-256 of timestamp + token + nonce + timestamp. No body.
            return SigningScheme(
                algorithm: .sha256, encoding: .hex, stringToSign: t("{timestamp}{secret}{nonce}{timestamp}"),
                timestamp: TimestampForm(kind: .unixSeconds),
                headers: [("x-tif-paasid", t("{paasId}")), ("x-tif-timestamp", t("{timestamp}")), ("x-tif-nonce", t("{nonce}")),
                          ("x-tif-signature", t("{signature}"))],
                windowSeconds: windowSeconds)
        }
    }
}
