/// Chinese phone numbers: an 11-digit mobile number (1[3-9]…) or a fixed line with area
/// code (0 + 2–3 digits, 7–8 digit number, optional extension), optionally `+86`.
public enum Phone {
    public static func isValid(_ raw: String) -> Bool {
        // The common case, a plain mobile number, without copying the string.
        let utf8 = raw.utf8
        if utf8.count == 11, utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) {
            return utf8.first == UInt8(ascii: "1") && (UInt8(ascii: "3")...UInt8(ascii: "9")).contains(utf8[utf8.index(after: utf8.startIndex)])
        }
        var number = raw.replacingOccurrences(of: " ", with: "")
        if number.hasPrefix("+86") { number.removeFirst(3) }
        let chars = Array(number)
        if chars.count == 11, chars.allSatisfy(\.isASCIIDigit), chars[0] == "1", ("3"..."9").contains(chars[1]) {
            return true
        }
        let parts = number.split(separator: "-", omittingEmptySubsequences: false)
        guard (2...3).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }) else {
            return false
        }
        let area = parts[0], local = parts[1]
        let extensionOK = parts.count == 2 || (1...6).contains(parts[2].count)
        return area.first == "0" && (3...4).contains(area.count) && (7...8).contains(local.count) && extensionOK
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
