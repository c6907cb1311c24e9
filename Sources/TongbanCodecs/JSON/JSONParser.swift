import Foundation

/// Why a JSON text was refused: where (byte offset, and the RFC 6901 pointer of the value
/// or member it happened in) and why.
public struct JSONSyntaxError: Error, CustomStringConvertible, Equatable {
    public var offset: Int
    public var reason: String
    /// The pointer of the member or element being read (`/materials/0/name`); `""` at the top.
    public var pointer: String
    /// The member name given twice, when that is the reason.
    public var duplicateKey: String?
    public var description: String { "invalid JSON at byte \(offset)\(pointer.isEmpty ? "" : " (\(pointer))"): \(reason)" }
}

/// A strict RFC 8259 parser straight from bytes to `JSONValue`: members keep document
/// order, numbers keep their exact text; invalid UTF-8, trailing data and a member name
/// given twice in one object are errors (RFC 8259 leaves duplicates to the reader, and two
/// readers that pick different values see two different requests). With `.printable`
/// text, escaped control characters other than tab, line feed and carriage return (`\u0000`
/// among them) are refused too, and member names may hold none at all.
/// The dispatcher parses every stored document once per delivery, so this sits on the
/// hot path and avoids Foundation's `JSONDecoder` (several times slower here).
struct JSONParser {
    typealias Failure = JSONSyntaxError

    /// Nesting beyond this is refused rather than risking the stack.
    static let maxDepth = 512

    private let bytes: [UInt8]
    private let printable: Bool
    private var i = 0

    private init(_ bytes: [UInt8], printable: Bool) {
        self.bytes = bytes
        self.printable = printable
    }

    static func parse(_ bytes: [UInt8], text: JSONValue.TextRule = .any) throws(Failure) -> JSONValue {
        var parser = JSONParser(bytes, printable: text == .printable)
        parser.skipSpace()
        let value = try parser.value(depth: 0)
        parser.skipSpace()
        guard parser.i == bytes.count else { throw parser.fail("unexpected data after the value") }
        return value
    }

    private func fail(_ reason: String) -> Failure { Failure(offset: i, reason: reason, pointer: "") }

    /// The error of a nested value, with its member name or index put in front of its pointer.
    private static func inside(_ component: String, _ error: Failure) -> Failure {
        var error = error
        let escaped = component.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
        error.pointer = "/" + escaped + error.pointer
        return error
    }

    private mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    }

    private mutating func value(depth: Int) throws(Failure) -> JSONValue {
        guard depth < Self.maxDepth else { throw fail("nested deeper than \(Self.maxDepth)") }
        guard i < bytes.count else { throw fail("unexpected end") }
        switch bytes[i] {
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw fail("unexpected character")
        }
    }

    private mutating func literal(_ word: StaticString) throws(Failure) {
        let count = word.utf8CodeUnitCount
        guard i + count <= bytes.count else { throw fail("unexpected end") }
        for k in 0..<count where bytes[i + k] != word.utf8Start[k] { throw fail("unexpected character") }
        i += count
    }

    private mutating func object(depth: Int) throws(Failure) -> JSONValue {
        i += 1
        var members: [JSONValue.Member] = []
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
        while true {
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw fail("expected a member name") }
            let keyStart = i
            let key = try string()
            if printable, key.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
                // The pointer names the object: a pointer holding the control character would carry it on.
                throw Failure(offset: keyStart, reason: "control character in a member name", pointer: "")
            }
            if Self.isDuplicate(key, in: members) {
                throw Self.inside(key, Failure(offset: keyStart, reason: "member name \"\(key)\" given twice", pointer: "", duplicateKey: key))
            }
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw fail("expected ':'") }
            i += 1
            skipSpace()
            do {
                members.append(.init(key, try value(depth: depth + 1)))
            } catch {
                throw Self.inside(key, error)
            }
            skipSpace()
            guard i < bytes.count else { throw fail("unexpected end") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; skipSpace(); continue }
            guard bytes[i] == UInt8(ascii: "}") else { throw fail("expected ',' or '}'") }
            i += 1
            return .object(members)
        }
    }

    private mutating func array(depth: Int) throws(Failure) -> JSONValue {
        i += 1
        var items: [JSONValue] = []
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
        while true {
            do {
                items.append(try value(depth: depth + 1))
            } catch {
                throw Self.inside(String(items.count), error)
            }
            skipSpace()
            guard i < bytes.count else { throw fail("unexpected end") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; skipSpace(); continue }
            guard bytes[i] == UInt8(ascii: "]") else { throw fail("expected ',' or ']'") }
            i += 1
            return .array(items)
        }
    }

    /// Whether `key` is already a member: a linear look for the small objects of requests,
    /// a set past 16 members so a wide object stays linear in its size.
    private static func isDuplicate(_ key: String, in members: [JSONValue.Member]) -> Bool {
        if members.count < 16 { return members.contains { $0.key == key } }
        var seen = Set<String>(minimumCapacity: members.count)
        for member in members { seen.insert(member.key) }
        return seen.contains(key)
    }

    private mutating func number() throws(Failure) -> String {
        let start = i
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard i < bytes.count, isDigit(bytes[i]) else { throw fail("expected a digit") }
        if bytes[i] == UInt8(ascii: "0") { i += 1 } else { while i < bytes.count, isDigit(bytes[i]) { i += 1 } }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            guard i < bytes.count, isDigit(bytes[i]) else { throw fail("expected a digit after '.'") }
            while i < bytes.count, isDigit(bytes[i]) { i += 1 }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard i < bytes.count, isDigit(bytes[i]) else { throw fail("expected a digit in the exponent") }
            while i < bytes.count, isDigit(bytes[i]) { i += 1 }
        }
        return String(decoding: bytes[start..<i], as: UTF8.self)
    }

    private func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    private mutating func string() throws(Failure) -> String {
        i += 1
        let start = i
        // Fast path: no escapes, the bytes are the text.
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                guard let text = Self.text(bytes[start..<i]) else { throw fail("invalid UTF-8") }
                i += 1
                return text
            }
            if b == UInt8(ascii: "\\") { break }
            guard b >= 0x20 else { throw fail("control character in a string") }
            if printable, b == 0x7F || b == 0xC2 && i + 1 < bytes.count && (0x80...0x9F).contains(bytes[i + 1]) {
                throw fail("control character in text")
            }
            i += 1
        }
        var out = Array(bytes[start..<i])
        while i < bytes.count {
            let b = bytes[i]
            switch b {
            case UInt8(ascii: "\""):
                guard let text = Self.text(out[...]) else { throw fail("invalid UTF-8") }
                i += 1
                return text
            case UInt8(ascii: "\\"):
                i += 1
                guard i < bytes.count else { throw fail("unexpected end") }
                let e = bytes[i]
                i += 1
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "b"), UInt8(ascii: "f"):
                    guard !printable else { throw fail("control character in text") }
                    out.append(e == UInt8(ascii: "b") ? 0x08 : 0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800...0xDBFF).contains(scalar) {
                        guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
                            throw fail("unpaired surrogate")
                        }
                        i += 2
                        let low = try hex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw fail("unpaired surrogate") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00...0xDFFF).contains(scalar) {
                        throw fail("unpaired surrogate")
                    }
                    if printable, scalar < 0x20 && scalar != 0x09 && scalar != 0x0A && scalar != 0x0D || (0x7F...0x9F).contains(scalar) {
                        throw fail("control character U+\(String(format: "%04X", scalar)) in text")
                    }
                    out.append(contentsOf: String(Character(Unicode.Scalar(scalar)!)).utf8)
                default:
                    throw fail("invalid escape")
                }
            default:
                guard b >= 0x20 else { throw fail("control character in a string") }
                if printable, b == 0x7F || b == 0xC2 && i + 1 < bytes.count && (0x80...0x9F).contains(bytes[i + 1]) {
                    throw fail("control character in text")
                }
                out.append(b)
                i += 1
            }
        }
        throw fail("unterminated string")
    }

    /// The bytes as a string, or nil when they are not valid UTF-8: decoding replaces every
    /// invalid sequence, so valid input is exactly the input that comes back unchanged.
    /// (`String(validating:as:)` looks up generic metadata on every call: a quarter of the
    /// parser's time.)
    static func text(_ bytes: ArraySlice<UInt8>) -> String? {
        var text = String(decoding: bytes, as: UTF8.self)
        let same = text.withUTF8 { decoded in
            bytes.withUnsafeBufferPointer { input in
                decoded.count == input.count && (input.isEmpty || memcmp(decoded.baseAddress!, input.baseAddress!, input.count) == 0)
            }
        }
        return same ? text : nil
    }

    private mutating func hex4() throws(Failure) -> UInt32 {
        guard i + 4 <= bytes.count else { throw fail("unexpected end") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[i]
            let digit: UInt8
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = b - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = b - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = b - UInt8(ascii: "A") + 10
            default: throw fail("invalid \\u escape")
            }
            value = value << 4 | UInt32(digit)
            i += 1
        }
        return value
    }
}
