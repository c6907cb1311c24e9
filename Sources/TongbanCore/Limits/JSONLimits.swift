/// Bounds on a JSON request body, checked in one pass over the bytes before any decoder
/// sees them, so a deeply nested or huge-string body is refused cheaply (DESIGN 6).
public struct JSONLimits: Sendable, Equatable {
    /// Deepest nesting of objects and arrays.
    public var maxDepth: Int
    /// Longest string (key or value), in bytes of UTF-8 as sent (escapes counted as sent).
    public var maxStringBytes: Int

    public init(maxDepth: Int = 16, maxStringBytes: Int = 16384) {
        self.maxDepth = maxDepth
        self.maxStringBytes = maxStringBytes
    }

    /// Why a body was refused.
    public enum Violation: Equatable, Sendable, Error {
        case tooDeep(offset: Int)
        case stringTooLong(offset: Int)
    }

    /// Scans `bytes`; returns the first violation, or nil. Malformed JSON is left to the decoder.
    public func check(_ bytes: [UInt8]) -> Violation? {
        // Concrete and over a buffer pointer: this runs on every request body, and a generic
        // sequence across the module boundary costs a witness call per byte.
        bytes.withUnsafeBufferPointer(scan)
    }

    private func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> Violation? {
        var depth = 0
        var inString = false
        var escaped = false
        var stringStart = 0
        var offset = -1
        for byte in bytes {
            offset += 1
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                    continue
                }
                if offset - stringStart > maxStringBytes { return .stringTooLong(offset: stringStart) }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
                stringStart = offset
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                if depth > maxDepth { return .tooDeep(offset: offset) }
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
            default:
                break
            }
        }
        return nil
    }
}
