/// JSON string literals for the writers that build text themselves (`CanonicalWriter`, the
/// back-end body writers).
public enum JSONText {
    /// `s` as a JSON string literal: quotes, backslashes and control characters escaped,
    /// everything else (slashes, non-ASCII) as it is.
    public static func quoted(_ s: String) -> String {
        // Most text needs no escaping at all.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) { return "\"" + s + "\"" }
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

extension StatusNotification {
    /// The event as JSON text, by the one writer (`CanonicalWriter`): what
    /// `CanonicalJSON.encoder()` writes, once per status change.
    public var jsonText: String { CanonicalWriter.text(of: self) }
}
