/// Personal data kept out of logs and error bodies (DESIGN 6): resident identity numbers and
/// mobile phone numbers in any text are masked, keeping only what helps a person match a
/// record they already hold (the region prefix and the last digits).
public enum Masking {
    /// `text` with every 18-character identity number (17 digits and a digit or X) shown as
    /// `310104********123X`→`310104**********3X`, and every mainland mobile number (11 digits
    /// starting 1[3-9]) as `138****5678`. Digit runs of other lengths are left alone.
    public static func mask(_ text: String) -> String {
        // Most text (ids, hex, paths) has no run of 11 digits, the shortest thing masked:
        // checked without copying.
        var run = 0, longest = 0
        for byte in text.utf8 {
            run = isDigit(byte) ? run + 1 : 0
            longest = max(longest, run)
        }
        guard longest >= 11 else { return text }
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            guard isDigit(bytes[i]), i == 0 || !isAlphanumeric(bytes[i - 1]) else {
                out.append(bytes[i])
                i += 1
                continue
            }
            var j = i
            while j < bytes.count, isDigit(bytes[j]) { j += 1 }
            let digits = j - i
            if digits == 17, j < bytes.count, bytes[j] == UInt8(ascii: "X") || bytes[j] == UInt8(ascii: "x"), !followedByAlphanumeric(bytes, j + 1) {
                out += bytes[i..<(i + 6)] + Array(repeating: UInt8(ascii: "*"), count: 10) + [bytes[i + 16], bytes[j]]
                i = j + 1
            } else if digits == 18, !followedByAlphanumeric(bytes, j) {
                out += bytes[i..<(i + 6)] + Array(repeating: UInt8(ascii: "*"), count: 10) + bytes[(i + 16)..<j]
                i = j
            } else if digits == 11, bytes[i + 0] == UInt8(ascii: "1"), (UInt8(ascii: "3")...UInt8(ascii: "9")).contains(bytes[i + 1]),
                      !followedByAlphanumeric(bytes, j) {
                out += bytes[i..<(i + 3)] + Array(repeating: UInt8(ascii: "*"), count: 4) + bytes[(i + 7)..<j]
                i = j
            } else {
                out += bytes[i..<j]
                i = j
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
    private static func isAlphanumeric(_ b: UInt8) -> Bool {
        isDigit(b) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z")) || (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z"))
    }
    private static func followedByAlphanumeric(_ bytes: [UInt8], _ k: Int) -> Bool { k < bytes.count && isAlphanumeric(bytes[k]) }
}
