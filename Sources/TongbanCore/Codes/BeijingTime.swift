import Foundation

/// China Standard Time (UTC+8, no daylight saving): the portal's `yyyy-MM-dd HH:mm:ss`
/// timestamps and the calendar date that due dates count from.
public enum BeijingTime {
    public static let offsetSeconds = 8 * 3600

    /// Parses `yyyy-MM-dd HH:mm:ss` (also with `T` as separator) as Beijing time.
    public static func parse(_ text: String) -> Date? {
        let t = Array(text.utf8)
        guard t.count == 19, t[4] == UInt8(ascii: "-"), t[7] == UInt8(ascii: "-"),
              t[10] == UInt8(ascii: " ") || t[10] == UInt8(ascii: "T"),
              t[13] == UInt8(ascii: ":"), t[16] == UInt8(ascii: ":") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for i in range {
                guard (48...57).contains(t[i]) else { return nil }
                value = value * 10 + Int(t[i] - 48)
            }
            return value
        }
        guard let y = number(0..<4), let mo = number(5..<7), let d = number(8..<10),
              let h = number(11..<13), let mi = number(14..<16), let s = number(17..<19),
              let date = CivilDate(year: y, month: mo, day: d), h < 24, mi < 60, s < 60 else { return nil }
        let seconds = date.dayNumber * 86400 + h * 3600 + mi * 60 + s - offsetSeconds
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// The Beijing calendar date of an instant.
    public static func civilDate(of date: Date) -> CivilDate {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down)) + offsetSeconds
        return CivilDate(dayNumber: Int((Double(seconds) / 86400).rounded(.down)))
    }
}
