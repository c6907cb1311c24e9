import COpenSSL

/// Hash algorithms the gateway signs and chains with: SHA-256, and SM3 (GB/T 32905), the
/// national standard hash, both from the system OpenSSL's libcrypto.
public enum HashAlgorithm: String, Sendable, Codable, CaseIterable {
    case sha256
    case sm3

    var evp: OpaquePointer? {
        switch self {
        case .sha256: EVP_sha256()
        case .sm3: EVP_sm3()
        }
    }

    /// The digest of `bytes`.
    public func digest(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let ok = Array(bytes).withUnsafeBytes { input in
            EVP_Digest(input.baseAddress, input.count, &output, &length, evp, nil)
        }
        // EVP_Digest only fails when the algorithm is missing from libcrypto, a broken install.
        precondition(ok == 1, "OpenSSL has no \(rawValue) digest")
        return Array(output.prefix(Int(length)))
    }

    /// The lower-case hex digest of a UTF-8 string.
    public func hexDigest(_ text: String) -> String { Hex.encode(digest(Array(text.utf8))) }

    /// HMAC of `message` under `key` with this hash.
    public func hmac(key: some Collection<UInt8>, message: some Collection<UInt8>) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let key = Array(key), message = Array(message)
        let result = key.withUnsafeBytes { k in
            message.withUnsafeBytes { m in
                HMAC(evp, k.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(k.count),
                     m.baseAddress?.assumingMemoryBound(to: UInt8.self), m.count, &output, &length)
            }
        }
        precondition(result != nil, "OpenSSL HMAC with \(rawValue) failed")
        return Array(output.prefix(Int(length)))
    }
}

/// Hex encoding.
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        encode(Array(bytes))
    }

    /// The common case (digests), written straight into the string's storage.
    public static func encode(_ bytes: [UInt8]) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { out in
            for (i, byte) in bytes.enumerated() {
                out[2 * i] = digits[Int(byte >> 4)]
                out[2 * i + 1] = digits[Int(byte & 0x0f)]
            }
            return bytes.count * 2
        }
    }
}

/// Comparison whose time does not depend on where two secrets first differ.
public func constantTimeEquals(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Bool {
    let a = Array(a), b = Array(b)
    guard a.count == b.count else { return false }
    if a.isEmpty { return true }
    return a.withUnsafeBytes { x in b.withUnsafeBytes { y in CRYPTO_memcmp(x.baseAddress, y.baseAddress, a.count) == 0 } }
}
