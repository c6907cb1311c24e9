import Foundation

/// The one JSON form of canonical documents: RFC 3339 times written in Beijing time
/// (`2026-11-30T10:15:00+08:00`), read with any offset; keys sorted so equal applications
/// encode to equal bytes (the idempotency digest relies on it).
public enum CanonicalJSON {
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var c = encoder.singleValueContainer()
            try c.encode(RFC3339.format(date))
        }
        return encoder
    }

    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let c = try decoder.singleValueContainer()
            let text = try c.decode(String.self)
            guard let date = RFC3339.parse(text) else {
                throw DecodingError.dataCorruptedError(in: c, debugDescription: "expected an RFC 3339 time such as 2026-11-30T10:15:00+08:00")
            }
            return date
        }
        return decoder
    }
}

/// RFC 3339 times, written in Beijing time.
public enum RFC3339 {
    public static func format(_ date: Date) -> String {
        let totalMillis = Int((date.timeIntervalSince1970 * 1000).rounded(.down)) + BeijingTime.offsetSeconds * 1000
        let millis = ((totalMillis % 1000) + 1000) % 1000
        let seconds = (totalMillis - millis) / 1000
        let day = CivilDate(dayNumber: Int((Double(seconds) / 86400).rounded(.down)))
        let secondOfDay = seconds - day.dayNumber * 86400
        func pad(_ v: Int, _ w: Int = 2) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, w - s.count)) + s
        }
        let time = "\(pad(secondOfDay / 3600)):\(pad(secondOfDay / 60 % 60)):\(pad(secondOfDay % 60))"
        let fraction = millis == 0 ? "" : "." + pad(millis, 3)
        return "\(day)T\(time)\(fraction)+08:00"
    }

    /// Parses `yyyy-MM-ddTHH:mm:ss[.fff…](Z|±HH:MM)`.
    public static func parse(_ text: String) -> Date? {
        let chars = Array(text.utf8)
        guard chars.count >= 20, let base = BeijingTime.parse(String(decoding: chars[0..<19], as: UTF8.self)),
              chars[10] == UInt8(ascii: "T") || chars[10] == UInt8(ascii: "t") else { return nil }
        var i = 19
        var fraction = 0.0
        if chars[i] == UInt8(ascii: ".") {
            i += 1
            var scale = 0.1
            let start = i
            while i < chars.count, (48...57).contains(chars[i]) {
                fraction += Double(chars[i] - 48) * scale
                scale /= 10
                i += 1
            }
            guard i > start else { return nil }
        }
        guard i < chars.count else { return nil }
        var offset: Int
        switch chars[i] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            guard i + 1 == chars.count else { return nil }
            offset = 0
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard i + 6 == chars.count, chars[i + 3] == UInt8(ascii: ":"),
                  let h = Int(String(decoding: chars[(i + 1)...(i + 2)], as: UTF8.self)),
                  let m = Int(String(decoding: chars[(i + 4)...(i + 5)], as: UTF8.self)), h < 24, m < 60 else { return nil }
            offset = (h * 3600 + m * 60) * (chars[i] == UInt8(ascii: "-") ? -1 : 1)
        default:
            return nil
        }
        // `base` read the wall-clock digits as Beijing time; shift to the stated offset.
        return base.addingTimeInterval(TimeInterval(BeijingTime.offsetSeconds - offset) + fraction)
    }
}
