import COpenSSL
import Foundation

/// SM2 signatures (GB/T 32918) with SM3, from the system OpenSSL: the national algorithm
/// for signing with a key pair. The signer id is the standard's default,
/// `1234567812345678`, unless given. Signatures are DER (`SEQUENCE { r, s }`) and
/// randomised: the same message signs differently each time, and any of them verifies.
public enum SM2 {
    public static let defaultID = Array("1234567812345678".utf8)

    /// Why a key could not be read.
    public struct KeyError: Error, CustomStringConvertible {
        public var description: String
    }

    /// A key: private (signs and verifies) or public (verifies).
    public final class Key: @unchecked Sendable { // EVP_PKEY is reference-counted and safe to sign with from several threads, each with its own context
        let pkey: OpaquePointer
        public let isPrivate: Bool

        /// PEM (`-----BEGIN PRIVATE KEY-----`, `EC PRIVATE KEY` or `PUBLIC KEY`; a literal `\n`
        /// stands for a newline, so a key fits on one line of an environment file) or Base64 DER.
        public init(_ text: String) throws {
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "\\n", with: "\n")
            var key: OpaquePointer?
            var isPrivate = false
            if trimmed.hasPrefix("-----BEGIN") {
                let bytes = Array(trimmed.utf8)
                isPrivate = trimmed.contains("PRIVATE KEY")
                key = bytes.withUnsafeBytes { raw -> OpaquePointer? in
                    guard let bio = BIO_new_mem_buf(raw.baseAddress, Int32(raw.count)) else { return nil }
                    defer { BIO_free(bio) }
                    return isPrivate ? PEM_read_bio_PrivateKey(bio, nil, nil, nil) : PEM_read_bio_PUBKEY(bio, nil, nil, nil)
                }
            } else if let der = Data(base64Encoded: trimmed) {
                let bytes = Array(der)
                key = bytes.withUnsafeBufferPointer { buffer -> OpaquePointer? in
                    var p = buffer.baseAddress
                    if let k = d2i_AutoPrivateKey(nil, &p, buffer.count) {
                        isPrivate = true
                        return k
                    }
                    p = buffer.baseAddress
                    return d2i_PUBKEY(nil, &p, buffer.count)
                }
            }
            guard let key else { throw KeyError(description: "not an SM2 key in PEM or Base64 DER") }
            guard EVP_PKEY_is_a(key, "SM2") == 1 else {
                EVP_PKEY_free(key)
                throw KeyError(description: "the key is not an SM2 key (generate one with: openssl genpkey -algorithm SM2)")
            }
            pkey = key
            self.isPrivate = isPrivate
        }

        deinit { EVP_PKEY_free(pkey) }

        /// The DER signature of `message` (private keys only).
        public func sign(_ message: [UInt8], id: [UInt8] = SM2.defaultID) -> [UInt8]? {
            guard isPrivate else { return nil }
            return withContext(id: id) { ctx in
                guard EVP_DigestSignInit(ctx, nil, EVP_sm3(), nil, pkey) == 1 else { return nil }
                var length = 0
                guard message.withUnsafeBufferPointer({ EVP_DigestSign(ctx, nil, &length, $0.baseAddress, $0.count) }) == 1 else { return nil }
                var signature = [UInt8](repeating: 0, count: length)
                guard message.withUnsafeBufferPointer({ m in EVP_DigestSign(ctx, &signature, &length, m.baseAddress, m.count) }) == 1 else { return nil }
                return Array(signature.prefix(length))
            }
        }

        /// Whether `signature` (DER) is this key's over `message`.
        public func verify(_ signature: [UInt8], message: [UInt8], id: [UInt8] = SM2.defaultID) -> Bool {
            guard !signature.isEmpty, signature.count <= 128 else { return false }
            return withContext(id: id) { ctx in
                guard EVP_DigestVerifyInit(ctx, nil, EVP_sm3(), nil, pkey) == 1 else { return false }
                return signature.withUnsafeBufferPointer { s in
                    message.withUnsafeBufferPointer { m in EVP_DigestVerify(ctx, s.baseAddress, s.count, m.baseAddress, m.count) == 1 }
                }
            } ?? false
        }

        /// A message-digest context whose key context carries the signer id.
        private func withContext<T>(id: [UInt8], _ body: (OpaquePointer) -> T?) -> T? {
            // The caller keeps ownership of a key context set on a digest context: freed
            // after the digest context (the defers run last first).
            guard let pctx = EVP_PKEY_CTX_new(pkey, nil) else { return nil }
            defer { EVP_PKEY_CTX_free(pctx) }
            guard id.withUnsafeBufferPointer({ EVP_PKEY_CTX_set1_id(pctx, $0.baseAddress, Int32($0.count)) }) == 1,
                  let md = EVP_MD_CTX_new() else { return nil }
            defer { EVP_MD_CTX_free(md) }
            EVP_MD_CTX_set_pkey_ctx(md, pctx)
            return body(md)
        }
    }
}
