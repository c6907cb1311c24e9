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

    private static func randomHex(_ bytes: Int) -> String {
        let digits = Array("0123456789abcdef")
        return String((0..<bytes * 2).map { _ in digits[Int.random(in: 0..<16)] })
    }

    private static func isHex(_ s: String, count: Int) -> Bool {
        s.utf8.count == count && s.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}
