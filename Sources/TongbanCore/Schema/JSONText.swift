/// Writing JSON text by hand where a `JSONEncoder` would cost too much per event (the
/// portal notification written with every status change, the writers of back-end bodies).
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
    /// The event as JSON text, keys sorted, as `CanonicalJSON.encoder()` writes it (a test
    /// holds them equal): written once per status change, on the store's single writer.
    public var jsonText: String {
        let q = JSONText.quoted
        let targets = data.targets.map { t in
            "{" + (t.backendRef.map { "\"backendRef\":\(q($0))," } ?? "")
                + "\"id\":\(q(t.id)),\"service\":\(q(t.service)),\"status\":\(q(t.status.rawValue))}"
        }.joined(separator: ",")
        let payload = "{\"applicationId\":\(q(data.applicationId)),"
            + (data.document.map { "\"document\":\(q($0))," } ?? "") + "\"evaluationCode\":\(data.evaluationCode),"
            + (data.note.map { "\"note\":\(q($0))," } ?? "")
            + "\"portalCaseNo\":\(q(data.portalCaseNo)),\"previousStatus\":\(q(data.previousStatus.rawValue)),"
            + "\"status\":\(q(data.status.rawValue)),\"statusVersion\":\(data.statusVersion),\"targets\":[\(targets)]}"
        return "{\"data\":\(payload),\"datacontenttype\":\(q(datacontenttype)),\"id\":\(q(id)),\"source\":\(q(source)),"
            + "\"specversion\":\(q(specversion)),\"subject\":\(q(subject)),\"time\":\(q(time)),\"type\":\(q(type))}"
    }
}
