import Foundation
import TongbanCore

/// How a signing scheme writes its time: `unix` (seconds), `unix-ms`, `rfc1123`
/// (`Tue, 14 Nov 2023 22:13:20 GMT`), `iso8601` (`2023-11-15T06:13:20+08:00`) or a pattern
/// of `yyyy MM dd HH mm ss` (`yyyyMMddHHmmss`) — the last two at the scheme's zone offset
/// (`+08:00` unless the spec says).
public struct TimestampForm: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case unixSeconds, unixMilliseconds, rfc1123, iso8601
        case pattern(String)
    }

    public var kind: Kind
    /// Seconds east of UTC, for `iso8601` and patterns.
    public var offsetSeconds: Int

    public init(kind: Kind, offsetSeconds: Int = BeijingTime.offsetSeconds) {
        self.kind = kind
        self.offsetSeconds = offsetSeconds
    }

    public static let words = ["unix", "unix-ms", "rfc1123", "iso8601"]

    /// Reads a spec's `timestamp` and `zone`; nil when the text is neither a word nor a pattern.
    public init?(_ text: String, zone: String?) {
        switch text {
        case "unix": kind = .unixSeconds
        case "unix-ms": kind = .unixMilliseconds
        case "rfc1123": kind = .rfc1123
        case "iso8601": kind = .iso8601
        default:
            guard text.contains("yyyy"), text.contains("MM"), text.contains("dd"), text.contains("HH"), text.contains("mm"), text.contains("ss") else { return nil }
            kind = .pattern(text)
        }
        guard let offset = Self.offset(zone ?? "+08:00") else { return nil }
        offsetSeconds = offset
    }

    /// `+08:00`, `-05:30`, `Z` → seconds east of UTC.
    public static func offset(_ zone: String) -> Int? {
        if zone == "Z" || zone == "+00:00" { return 0 }
        let b = Array(zone.utf8)
        guard b.count == 6, b[0] == UInt8(ascii: "+") || b[0] == UInt8(ascii: "-"), b[3] == UInt8(ascii: ":"),
              let h = Int(String(decoding: b[1...2], as: UTF8.self)), let m = Int(String(decoding: b[4...5], as: UTF8.self)),
              h <= 14, m < 60 else { return nil }
        return (h * 3600 + m * 60) * (b[0] == UInt8(ascii: "-") ? -1 : 1)
    }

    public var description: String {
        switch kind {
        case .unixSeconds: "unix"
        case .unixMilliseconds: "unix-ms"
        case .rfc1123: "rfc1123"
        case .iso8601: "iso8601"
        case .pattern(let p): p
        }
    }

    /// The zone as written in ISO 8601.
    private var zoneText: String {
        if offsetSeconds == 0 { return "Z" }
        let a = abs(offsetSeconds)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(offsetSeconds < 0 ? "-" : "+")\(two(a / 3600)):\(two(a / 60 % 60))"
    }

    /// The instant shifted so that Beijing-time formatting writes this zone's wall clock.
    private func shifted(_ date: Date) -> Date { date.addingTimeInterval(TimeInterval(offsetSeconds - BeijingTime.offsetSeconds)) }

    public func format(_ date: Date) -> String {
        let whole = Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
        switch kind {
        case .unixSeconds: return String(Int64(date.timeIntervalSince1970.rounded(.down)))
        case .unixMilliseconds: return String(Int64((date.timeIntervalSince1970 * 1000).rounded(.down)))
        case .rfc1123: return RequestSigner.rfc1123(date)
        case .iso8601: return (TimePattern.format(RFC3339.format(shifted(whole)), pattern: "yyyy-MM-ddTHH:mm:ss") ?? "") + zoneText
        case .pattern(let p): return TimePattern.format(RFC3339.format(shifted(whole)), pattern: p) ?? ""
        }
    }

    /// The instant `text` names; nil when it is not in this form.
    public func parse(_ text: String) -> Date? {
        guard !text.isEmpty, text.utf8.count <= 64 else { return nil }
        switch kind {
        case .unixSeconds:
            guard text.utf8.allSatisfy({ (48...57).contains($0) }), let v = Int64(text) else { return nil }
            return Date(timeIntervalSince1970: TimeInterval(v))
        case .unixMilliseconds:
            guard text.utf8.allSatisfy({ (48...57).contains($0) }), let v = Int64(text) else { return nil }
            return Date(timeIntervalSince1970: TimeInterval(v) / 1000)
        case .rfc1123:
            return RequestVerifier.parseRFC1123(text)
        case .iso8601:
            return RFC3339.parse(text)
        case .pattern(let p):
            return TimePattern.parse(text, pattern: p).map { $0.addingTimeInterval(TimeInterval(BeijingTime.offsetSeconds - offsetSeconds)) }
        }
    }
}
