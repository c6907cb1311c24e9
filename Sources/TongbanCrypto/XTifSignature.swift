/// The `x-tif` header scheme of government API gateways (DOMAIN 6): the caller sends
/// `x-tif-paasid`, `x-tif-timestamp` (unix seconds), `x-tif-nonce` and `x-tif-signature`,
/// the hex hash of `timestamp + token + nonce + timestamp`.
public struct XTifSignature: Sendable {
    public static let paasIDHeader = "x-tif-paasid"
    public static let timestampHeader = "x-tif-timestamp"
    public static let nonceHeader = "x-tif-nonce"
    public static let signatureHeader = "x-tif-signature"

    public var algorithm: HashAlgorithm

    public init(algorithm: HashAlgorithm = .sha256) { self.algorithm = algorithm }

    /// The signature for one request.
    public func sign(timestamp: String, token: String, nonce: String) -> String {
        algorithm.hexDigest(timestamp + token + nonce + timestamp)
    }

    /// Whether `signature` is right for these values (case-insensitive hex, constant time).
    public func verify(signature: String, timestamp: String, token: String, nonce: String) -> Bool {
        constantTimeEquals(Array(sign(timestamp: timestamp, token: token, nonce: nonce).utf8), Array(signature.lowercased().utf8))
    }
}
