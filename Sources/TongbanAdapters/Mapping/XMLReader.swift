import TongbanCodecs

/// A strict, linear-time reader of the XML that back ends send, into a `JSONValue` tree:
/// elements become object members (repeated names become arrays, in order), text becomes
/// strings (trimmed; ignored beside child elements), attributes are skipped. It reads
/// UTF-8 only, refuses DTDs (no entity can expand) and bounds elements and depth, so no
/// answer or callback can trap, stall or exhaust the process; anything else is an error.
public enum XMLReader {
    public struct Limits: Sendable {
        public var maxElements: Int
        public var maxDepth: Int
        public init(maxElements: Int = 50_000, maxDepth: Int = 64) {
            self.maxElements = maxElements
            self.maxDepth = maxDepth
        }
    }

    /// Why a document was not read, with the byte offset.
    public struct Failure: Error, CustomStringConvertible, Equatable {
        public var reason: String
        public var offset: Int
        public var description: String { "XML at byte \(offset): \(reason)" }
    }

    /// The document as an object holding its root element.
    public static func parse(_ bytes: [UInt8], limits: Limits = Limits()) throws(Failure) -> JSONValue {
        var reader = Reader(bytes: bytes, limits: limits)
        return try reader.document()
    }
}

private struct Frame {
    var name: String
    /// Child names in first-seen order, each with its values.
    var keys: [String] = []
    var values: [[JSONValue]] = []
    var index: [String: Int] = [:]
    var text: [UInt8] = []

    mutating func add(_ key: String, _ value: JSONValue) {
        if let i = index[key] { values[i].append(value); return }
        index[key] = keys.count
        keys.append(key)
        values.append([value])
    }

    func finish() -> JSONValue {
        if keys.isEmpty { return .string(Reader.trimmed(text)) }
        return .object(zip(keys, values).map { JSONValue.Member($0, $1.count == 1 ? $1[0] : .array($1)) })
    }
}

private struct Reader {
    let bytes: [UInt8]
    let limits: XMLReader.Limits
    var i = 0
    var elements = 0

    init(bytes: [UInt8], limits: XMLReader.Limits) {
        self.bytes = bytes
        self.limits = limits
    }

    func fail(_ reason: String) -> XMLReader.Failure { XMLReader.Failure(reason: reason, offset: i) }

    mutating func document() throws(XMLReader.Failure) -> JSONValue {
        guard String(validating: bytes, as: UTF8.self) != nil else {
            i = 0
            throw fail("not UTF-8 text")
        }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
        var stack: [Frame] = [Frame(name: "")]
        var sawRoot = false
        while i < bytes.count {
            if bytes[i] != UInt8(ascii: "<") {
                let start = i
                while i < bytes.count, bytes[i] != UInt8(ascii: "<") { i += 1 }
                if stack.count == 1 {
                    guard bytes[start..<i].allSatisfy(Self.isSpace) else { i = start; throw fail("text outside the root element") }
                } else {
                    try decodeText(bytes[start..<i], into: &stack[stack.count - 1].text)
                }
                continue
            }
            if starts(with: "<?") {
                try skipDeclaration(atStart: i == 0 || (i == 3 && bytes.starts(with: [0xEF, 0xBB, 0xBF])))
            } else if starts(with: "<!--") {
                try skip(past: "-->", what: "comment")
            } else if starts(with: "<![CDATA[") {
                guard stack.count > 1 else { throw fail("CDATA outside the root element") }
                i += 9
                let start = i
                try skip(past: "]]>", what: "CDATA section")
                stack[stack.count - 1].text += bytes[start..<(i - 3)]
            } else if starts(with: "<!") {
                throw fail("DTDs and declarations are not accepted")
            } else if starts(with: "</") {
                i += 2
                let name = try readName()
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: ">") else { throw fail("expected '>' to close </\(name)") }
                i += 1
                guard stack.count > 1, stack[stack.count - 1].name == name else { throw fail("</\(name)> closes no open element") }
                let frame = stack.removeLast()
                stack[stack.count - 1].add(frame.name, frame.finish())
            } else {
                i += 1
                let name = try readName()
                guard stack.count > 1 || !sawRoot else { throw fail("a second root element <\(name)>") }
                sawRoot = true
                elements += 1
                guard elements <= limits.maxElements else { throw fail("more than \(limits.maxElements) elements") }
                guard stack.count <= limits.maxDepth else { throw fail("nested deeper than \(limits.maxDepth) elements") }
                let selfClosing = try skipAttributes()
                if selfClosing { stack[stack.count - 1].add(name, .string("")) } else { stack.append(Frame(name: name)) }
            }
        }
        guard stack.count == 1 else { throw fail("<\(stack[stack.count - 1].name)> is never closed") }
        guard sawRoot else { throw fail("no root element") }
        return stack[0].finish()
    }

    func starts(with prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard i + count <= bytes.count else { return false }
        return prefix.withUTF8Buffer { p in (0..<count).allSatisfy { bytes[i + $0] == p[$0] } }
    }

    mutating func skip(past end: StaticString, what: String) throws(XMLReader.Failure) {
        let start = i
        while i < bytes.count {
            if starts(with: end) { i += end.utf8CodeUnitCount; return }
            i += 1
        }
        i = start
        throw fail("unterminated \(what)")
    }

    /// `<?xml version="1.0" encoding="UTF-8"?>` (only at the start, UTF-8 only) or another
    /// processing instruction.
    mutating func skipDeclaration(atStart: Bool) throws(XMLReader.Failure) {
        let start = i
        try skip(past: "?>", what: "processing instruction")
        let text = String(decoding: bytes[start..<i], as: UTF8.self).lowercased()
        guard text.hasPrefix("<?xml ") || text.hasPrefix("<?xml?") else { return }
        guard atStart else { i = start; throw fail("the XML declaration must come first") }
        if let range = text.range(of: "encoding") {
            let value = text[range.upperBound...].drop { $0 == " " || $0 == "=" || $0 == "\"" || $0 == "'" }.prefix { $0.isLetter || $0.isNumber || $0 == "-" }
            guard value == "utf-8" || value == "utf8" else { i = start; throw fail("encoding \(value) is not accepted; send UTF-8") }
        }
    }

    mutating func readName() throws(XMLReader.Failure) -> String {
        let start = i
        while i < bytes.count, !Self.isSpace(bytes[i]), ![UInt8(ascii: ">"), UInt8(ascii: "/"), UInt8(ascii: "="), UInt8(ascii: "<"),
                                                          UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "&")].contains(bytes[i]) {
            i += 1
        }
        guard i > start, i - start <= 256 else { throw fail("expected an element name") }
        let first = bytes[start]
        guard !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first), first != UInt8(ascii: "-"), first != UInt8(ascii: ".") else {
            throw fail("an element name cannot start with '\(Character(Unicode.Scalar(first)))'")
        }
        // The whole document is valid UTF-8 and a name stops only at ASCII bytes, so this
        // slice is whole characters.
        return String(decoding: bytes[start..<i], as: UTF8.self)
    }

    mutating func skipSpace() { while i < bytes.count, Self.isSpace(bytes[i]) { i += 1 } }

    /// Skips `name="value"` pairs up to `>` or `/>`; true for `/>`.
    mutating func skipAttributes() throws(XMLReader.Failure) -> Bool {
        while true {
            skipSpace()
            guard i < bytes.count else { throw fail("unterminated start tag") }
            if bytes[i] == UInt8(ascii: ">") { i += 1; return false }
            if starts(with: "/>") { i += 2; return true }
            _ = try readName()
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "=") else { throw fail("expected '=' after an attribute name") }
            i += 1
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") || bytes[i] == UInt8(ascii: "'") else { throw fail("expected a quoted attribute value") }
            let quote = bytes[i]
            i += 1
            while i < bytes.count, bytes[i] != quote {
                guard bytes[i] != UInt8(ascii: "<") else { throw fail("'<' in an attribute value") }
                i += 1
            }
            guard i < bytes.count else { throw fail("unterminated attribute value") }
            i += 1
        }
    }

    /// Text with the five predefined entities and character references decoded.
    mutating func decodeText(_ text: ArraySlice<UInt8>, into out: inout [UInt8]) throws(XMLReader.Failure) {
        var k = text.startIndex
        while k < text.endIndex {
            let byte = text[k]
            guard byte == UInt8(ascii: "&") else { out.append(byte); k += 1; continue }
            guard let semicolon = text[k...].prefix(12).firstIndex(of: UInt8(ascii: ";")) else { i = k; throw fail("'&' not starting an entity") }
            let name = String(decoding: text[(k + 1)..<semicolon], as: UTF8.self)
            switch name {
            case "lt": out.append(UInt8(ascii: "<"))
            case "gt": out.append(UInt8(ascii: ">"))
            case "amp": out.append(UInt8(ascii: "&"))
            case "quot": out.append(UInt8(ascii: "\""))
            case "apos": out.append(UInt8(ascii: "'"))
            default:
                let hex = name.hasPrefix("#x") || name.hasPrefix("#X")
                guard name.hasPrefix("#"), let value = UInt32(name.dropFirst(hex ? 2 : 1), radix: hex ? 16 : 10),
                      let scalar = Unicode.Scalar(value), value != 0 else {
                    i = k
                    throw fail("unknown entity &\(name);")
                }
                out += Array(String(Character(scalar)).utf8)
            }
            k = semicolon + 1
        }
    }

    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    /// `text` as a string without leading and trailing white space.
    static func trimmed(_ text: [UInt8]) -> String {
        var start = text.startIndex, end = text.endIndex
        while start < end, isSpace(text[start]) { start += 1 }
        while end > start, isSpace(text[end - 1]) { end -= 1 }
        return String(decoding: text[start..<end], as: UTF8.self)
    }
}
