/// A W3C trace context `traceparent`: version 00, a 16-byte trace id, an 8-byte parent id, flags.
public struct TraceParent: Sendable, Equatable {
    public var traceId: String
    public var parentId: String
    public var flags: String

    public var header: String { "00-\(traceId)-\(parentId)-\(flags)" }

    /// Parses a header; nil when it is not a valid version-00 value (then a new trace starts).
    public init?(header: String) {
        let parts = header.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 4, parts[0] == "00", Self.isHex(parts[1], count: 32), Self.isHex(parts[2], count: 16), Self.isHex(parts[3], count: 2),
              parts[1] != String(repeating: "0", count: 32), parts[2] != String(repeating: "0", count: 16) else { return nil }
        (traceId, parentId, flags) = (parts[1], parts[2], parts[3])
    }

    public init(traceId: String, parentId: String, flags: String) {
        (self.traceId, self.parentId, self.flags) = (traceId, parentId, flags)
    }

    /// The same trace, with this gateway's span as the parent.
    public func child() -> TraceParent { TraceParent(traceId: traceId, parentId: Self.randomHex(8), flags: flags) }

    public static func fresh() -> TraceParent { TraceParent(traceId: randomHex(16), parentId: randomHex(8), flags: "01") }

    /// `bytes` random bytes (a multiple of 8) as lower-case hex: one draw from the system's
    /// generator per 8 bytes (a draw per digit cost a system call each).
    private static func randomHex(_ bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        var hex: [UInt8] = []
        hex.reserveCapacity(bytes * 2)
        for _ in 0..<(bytes / 8) {
            let word = generator.next()
            for shift in stride(from: 60, through: 0, by: -4) {
                let nibble = UInt8(truncatingIfNeeded: word >> UInt64(shift)) & 0x0F
                hex.append(nibble < 10 ? 48 + nibble : 87 + nibble)
            }
        }
        return String(decoding: hex, as: UTF8.self)
    }

    private static func isHex(_ s: String, count: Int) -> Bool {
        s.utf8.count == count && s.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}
