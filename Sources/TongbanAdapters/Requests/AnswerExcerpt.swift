import TongbanCore

/// What of a back end's answer may be kept (in logs, dead letters and delivery errors):
/// at most 300 bytes of its text, cut at a character boundary, control characters as
/// spaces, personal data masked. A back end's error text can quote the application.
public enum AnswerExcerpt {
    public static func of(_ body: [UInt8], limit: Int = 300) -> String {
        var text = String(decoding: body.prefix(limit + 4), as: UTF8.self)
        while text.utf8.count > limit { text.removeLast() }
        let cleaned = String(text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : Character($0) })
        return Masking.mask(cleaned)
    }

    /// A reason the back end gave in its own words, bounded and masked likewise.
    public static func of(_ reason: String) -> String { of(Array(reason.utf8)) }
}
