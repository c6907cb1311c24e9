/// Personal data kept out of logs, error bodies and stored delivery errors (DESIGN 6).
/// Masked wherever they appear in text, keeping only what helps a person match a record
/// they already hold:
/// - resident identity numbers (18 characters, or the old 15 digits), also right after a
///   letter: `310104**********3X`;
/// - mainland mobile numbers, also with `+86`, `86` or `0086` in front: `138****5678`;
/// - passport and permit numbers (one or two capital letters and 7 or 8 digits): `E******78`;
/// - the values of fields that carry names and document numbers (`name`, `applicantName`,
///   `XM`, `姓名`, `idNumber`, `ZJHM`, `passport`, …) in JSON, XML and form text: `张**`.
/// Other digit runs are left alone.
public enum Masking {
    public static func mask(_ text: String) -> String {
        let masked = maskNumbers(text)
        return mayHoldKeyedValues(masked) ? maskKeyedValues(masked) : masked
    }

    // MARK: Numbers

    private static func maskNumbers(_ text: String) -> String {
        // Most text (ids, hex, paths) has no run of 7 digits, the shortest thing masked:
        // checked without copying.
        var run = 0, longest = 0
        for byte in text.utf8 {
            run = isDigit(byte) ? run + 1 : 0
            longest = max(longest, run)
        }
        guard longest >= 7 else { return text }
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        let star = UInt8(ascii: "*")
        while i < bytes.count {
            guard isDigit(bytes[i]), i == 0 || !isDigit(bytes[i - 1]) else {
                out.append(bytes[i])
                i += 1
                continue
            }
            var j = i
            while j < bytes.count, isDigit(bytes[j]) { j += 1 }
            let digits = j - i
            let run = bytes[i..<j]
            func isMobile(_ at: Int) -> Bool { bytes[at] == UInt8(ascii: "1") && (UInt8(ascii: "3")...UInt8(ascii: "9")).contains(bytes[at + 1]) }
            let letters = leadingCapitals(bytes, before: i)
            if digits == 17, j < bytes.count, bytes[j] == UInt8(ascii: "X") || bytes[j] == UInt8(ascii: "x") {
                out += bytes[i..<(i + 6)] + Array(repeating: star, count: 10) + [bytes[i + 16], bytes[j]]
                i = j + 1
                continue
            }
            switch digits {
            case 18:
                out += bytes[i..<(i + 6)] + Array(repeating: star, count: 10) + bytes[(i + 16)..<j]
            case 15 where bytes[i] == UInt8(ascii: "0") && bytes[i + 1] == UInt8(ascii: "0") && bytes[i + 2] == UInt8(ascii: "8")
                && bytes[i + 3] == UInt8(ascii: "6") && isMobile(i + 4):
                out += bytes[i..<(i + 7)] + Array(repeating: star, count: 4) + bytes[(i + 11)..<j]
            case 15:
                out += bytes[i..<(i + 6)] + Array(repeating: star, count: 6) + bytes[(i + 12)..<j]
            case 13 where bytes[i] == UInt8(ascii: "8") && bytes[i + 1] == UInt8(ascii: "6") && isMobile(i + 2):
                out += bytes[i..<(i + 5)] + Array(repeating: star, count: 4) + bytes[(i + 9)..<j]
            case 11 where isMobile(i):
                out += bytes[i..<(i + 3)] + Array(repeating: star, count: 4) + bytes[(i + 7)..<j]
            case 7...8 where (1...2).contains(letters) && !followedByAlphanumeric(bytes, j):
                out += Array(repeating: star, count: digits - 2) + bytes[(j - 2)..<j]
            default:
                out += run
            }
            i = j
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// How many capital letters stand right before `index`, when a non-letter (or the
    /// start) stands before them; else 0.
    private static func leadingCapitals(_ bytes: [UInt8], before index: Int) -> Int {
        var k = index
        while k > 0, isCapital(bytes[k - 1]), index - k < 3 { k -= 1 }
        let count = index - k
        guard count > 0, count <= 2, k == 0 || !isLetter(bytes[k - 1]) else { return 0 }
        return count
    }

    // MARK: Fields that carry names and document numbers

    /// Field names, lower-cased with '_' and '-' dropped, whose values are names.
    static let nameKeys: Set<String> = [
        "name", "xm", "姓名", "applicantname", "applyname", "agentname", "contactname", "respondentname", "partyname",
        "legalrepresentative", "lxr", "联系人", "sqr", "申请人", "dlr", "代理人", "applicant", "linkman", "realname", "fullname",
    ]
    /// Field names whose values are identity or travel document numbers.
    static let numberKeys: Set<String> = [
        "idnumber", "idno", "idcard", "cardnumber", "applycardnumber", "zjhm", "证件号码", "sfzh", "身份证号", "passport",
        "passportnumber", "passportno", "certno", "certnumber", "certificatenumber",
    ]

    private static func mayHoldKeyedValues(_ text: String) -> Bool {
        text.utf8.contains(UInt8(ascii: "\"")) || text.utf8.contains(UInt8(ascii: "<")) || text.utf8.contains(UInt8(ascii: "="))
    }

    private static func normalizedKey(_ key: Substring) -> String {
        String(key.lowercased().filter { $0 != "_" && $0 != "-" })
    }

    /// The value masked for its field: a name keeps its first character, a number its
    /// last two; a value masked already, empty or long (not a name) is left.
    private static func maskValue(_ value: Substring, key: Substring) -> String? {
        let normalized = normalizedKey(key)
        let isName = nameKeys.contains(normalized)
        guard isName || numberKeys.contains(normalized), !value.isEmpty, !value.contains("*"), value.count <= 64 else { return nil }
        if isName { return String(value.prefix(1)) + String(repeating: "*", count: max(2, value.count - 1)) }
        return String(repeating: "*", count: max(2, value.count - 2)) + value.suffix(2)
    }

    /// `"key": "value"` (JSON), `<KEY>value</KEY>` (XML) and `key=value` (form, query).
    private static func maskKeyedValues(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var rest = Substring(text)
        while let c = rest.first {
            if c == "\"", let (key, afterKey) = quoted(rest) {
                var cursor = afterKey.drop { $0 == " " }
                if cursor.first == ":" {
                    cursor = cursor.dropFirst().drop { $0 == " " }
                    if let (value, afterValue) = quoted(cursor), !value.contains("\\"), let masked = maskValue(value, key: key) {
                        out += "\"\(key)\"" + String(afterKey[afterKey.startIndex..<cursor.startIndex]) + "\"\(masked)\""
                        rest = afterValue
                        continue
                    }
                }
                out += "\"\(key)\""
                rest = afterKey
                continue
            }
            // Tags and values are looked for only a short way ahead: text of many '<' costs
            // linear time.
            if c == "<", let close = rest.prefix(42).firstIndex(of: ">") {
                let key = rest[rest.index(after: rest.startIndex)..<close]
                if !key.isEmpty, key.count <= 40, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) {
                    let body = rest[rest.index(after: close)...]
                    if let end = body.prefix(64 + 3 + key.count).range(of: "</\(key)>") {
                        let value = body[body.startIndex..<end.lowerBound]
                        if !value.contains("<"), let masked = maskValue(value, key: key) {
                            out += "<\(key)>\(masked)</\(key)>"
                            rest = body[end.upperBound...]
                            continue
                        }
                    }
                }
            }
            if c == "=", let masked = formValue(before: out, after: rest.dropFirst()) {
                out += "=" + masked.value
                rest = masked.rest
                continue
            }
            out.append(c)
            rest = rest.dropFirst()
        }
        return out
    }

    /// A JSON string at the start of `text` (without its quotes), and what follows it; nil
    /// when `text` does not start with a quote (or is empty: a cut-off `"key":` ends there).
    private static func quoted(_ text: Substring) -> (Substring, Substring)? {
        guard text.first == "\"" else { return nil }
        var index = text.index(after: text.startIndex)
        var escaped = false
        while index < text.endIndex {
            let c = text[index]
            if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "\"" {
                return (text[text.index(after: text.startIndex)..<index], text[text.index(after: index)...])
            }
            index = text.index(after: index)
        }
        return nil
    }

    private static func formValue(before: String, after: Substring) -> (value: String, rest: Substring)? {
        let key = before.suffix(40).reversed().prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
        guard !key.isEmpty else { return nil }
        let value = after.prefix(65).prefix { $0 != "&" && $0 != " " && $0 != "\n" && $0 != "," && $0 != "\"" }
        guard let masked = maskValue(value, key: Substring(String(key.reversed()))) else { return nil }
        return (masked, after[value.endIndex...])
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
    private static func isCapital(_ b: UInt8) -> Bool { b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") }
    private static func isLetter(_ b: UInt8) -> Bool { isCapital(b) || (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) }
    private static func isAlphanumeric(_ b: UInt8) -> Bool { isDigit(b) || isLetter(b) }
    private static func followedByAlphanumeric(_ bytes: [UInt8], _ k: Int) -> Bool { k < bytes.count && isAlphanumeric(bytes[k]) }
}
