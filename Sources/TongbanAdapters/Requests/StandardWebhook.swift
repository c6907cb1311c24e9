import Foundation
import TongbanCrypto

/// The Standard Webhooks signature scheme (DOMAIN 6) for the gateway's pushes to portals:
/// `webhook-id`, `webhook-timestamp` and `webhook-signature: v1,<base64 HMAC-SHA256 of
/// "id.timestamp.body">`, keyed with the base64 part of a `whsec_` secret.
public enum StandardWebhook {
    /// The key inside a `whsec_…` secret, or nil when it is not one.
    public static func key(fromSecret secret: String) -> [UInt8]? {
        guard secret.hasPrefix("whsec_"), let data = Data(base64Encoded: String(secret.dropFirst(6))), data.count >= 16 else { return nil }
        return Array(data)
    }

    /// `v1,<signature>` for one message.
    public static func signature(id: String, timestamp: Int, body: [UInt8], key: [UInt8]) -> String {
        let message = Array("\(id).\(timestamp).".utf8) + body
        return "v1," + Data(HashAlgorithm.sha256.hmac(key: key, message: message)).base64EncodedString()
    }

    /// The three headers for one message.
    public static func headers(id: String, timestamp: Int, body: [UInt8], key: [UInt8]) -> [(name: String, value: String)] {
        [("webhook-id", id), ("webhook-timestamp", String(timestamp)),
         ("webhook-signature", signature(id: id, timestamp: timestamp, body: body, key: key))]
    }
}
