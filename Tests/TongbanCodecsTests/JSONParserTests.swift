import Foundation
import Testing
@testable import TongbanCodecs
import TongbanTestSupport

@Suite struct JSONParserTests {
    func parse(_ text: String) throws -> JSONValue { try JSONValue.parse(Array(text.utf8)) }

    @Test func keepsMemberOrderAndNumberText() throws {
        let value = try parse(#" { "b" : 1.50 , "a" : [ -0, 1e+3, 12345678901234567890123 ], "c": null, "d": true, "e": false } "#)
        #expect(value == .object([
            .init("b", .number("1.50")),
            .init("a", .array([.number("-0"), .number("1e+3"), .number("12345678901234567890123")])),
            .init("c", .null), .init("d", .bool(true)), .init("e", .bool(false)),
        ]))
    }

    @Test func decodesEscapesAndUnicode() throws {
        let value = try parse(#"["张三", "a\"b\\c\/d\n\t\r\b\f", "\u00e9\u4e2d", "\ud83d\ude00"]"#)
        #expect(value == .array([.string("张三"), .string("a\"b\\c/d\n\t\r\u{08}\u{0C}"), .string("é中"), .string("😀")]))
    }

    @Test(arguments: [
        "", " ", "{", "[1,]", "{\"a\":1,}", "{a:1}", "01", "1.", ".5", "-", "1e", "+1", "tru", "nul", "[1 2]",
        "\"abc", "\"a\u{01}b\"", "\"\\x\"", "\"\\u12\"", "\"\\ud83d\"", "\"\\ude00\"", "{} {}", "[1]x", "NaN",
    ])
    func refusesInvalidText(_ text: String) {
        #expect(throws: (any Error).self) { try parse(text) }
    }

    @Test(arguments: [
        [0xC3, 0x28],               // a lead byte without its continuation
        [0xC0, 0xAF],               // overlong
        [0x80],                     // a lone continuation byte
        [0xE4, 0xB8],               // cut short
        [0xED, 0xA0, 0x80],         // a surrogate, encoded
        [0xFF],
        [0x5C, 0x6E, 0xFF],         // after an escape (the slow path)
    ] as [[UInt8]])
    func refusesInvalidUTF8(_ inside: [UInt8]) {
        #expect(throws: (any Error).self) { try JSONValue.parse([0x22] + inside + [0x22]) }
    }

    @Test func keepsValidMultiByteText() throws {
        #expect(try parse(#"["中文 😀 𠀀", "a\n中"]"#) == .array([.string("中文 😀 𠀀"), .string("a\n中")]))
    }

    @Test func refusesExcessiveNesting() throws {
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        #expect(throws: (any Error).self) { try parse(deep) }
        let fine = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        _ = try parse(fine)
    }

    @Test(arguments: [
        (#"{"a":1,"a":2}"#, "/a", "a"),
        (#"{"x":{"portalCaseNo":"A","portalCaseNo":"B"}}"#, "/x/portalCaseNo", "portalCaseNo"),
        (#"[{"k":1},{"k":1,"m":0,"k":2}]"#, "/1/k", "k"),
        (#"{"a/b":{"c~d":[0,{"e":1,"\u0065":2}]}}"#, "/a~1b/c~0d/1/e", "e"),
    ])
    func refusesAMemberNameGivenTwice(_ text: String, pointer: String, key: String) {
        do {
            _ = try JSONValue.parse(Array(text.utf8))
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.pointer == pointer)
            #expect(error.duplicateKey == key)
        }
    }

    @Test func findsADuplicateInAWideObject() throws {
        let members = (0..<40).map { "\"k\($0)\":\($0)" }
        _ = try parse("{" + members.joined(separator: ",") + "}")
        #expect(throws: JSONSyntaxError.self) { try parse("{" + (members + ["\"k7\":0"]).joined(separator: ",") + "}") }
    }

    @Test(arguments: [
        (#"{"name":"a\u0000b"}"#, "/name"),
        (#"{"r":["ok","\u001f"]}"#, "/r/1"),
        (#"{"r":"\b"}"#, "/r"),
        (#"{"r":"\u007f"}"#, "/r"),
        (#"{"r":"\u0085"}"#, "/r"),
        ("{\"r\":\"a\u{7F}\"}", "/r"),
        ("{\"r\":\"a\u{85}\"}", "/r"),
        (#"{"na\u0000me":"x"}"#, ""),
        (#"{"x":{"na\nme":"x"}}"#, "/x"),
    ])
    func printableTextRefusesControlCharacters(_ text: String, pointer: String) {
        // Plain JSON reads them; the gateway's inbound bodies do not.
        #expect((try? JSONValue.parse(Array(text.utf8))) != nil)
        do {
            _ = try JSONValue.parse(Array(text.utf8), text: .printable)
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.pointer == pointer)
            #expect(error.reason.contains("control character"))
        }
    }

    @Test func printableTextKeepsTabsAndLineBreaks() throws {
        let value = try JSONValue.parse(Array(#"{"facts":"一\n二\r\n\t三"}"#.utf8), text: .printable)
        #expect(value["facts"] == .string("一\n二\r\n\t三"))
    }

    /// The same text parsed by Foundation gives the same strings and structure.
    @Test func agreesWithFoundationOnTheFixtures() throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../Fixtures/applications/canonical").standardized
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".json") }
        #expect(files.count >= 6)
        for file in files {
            let data = try Data(contentsOf: directory.appendingPathComponent(file))
            let ours = try JSONValue.parse(Array(data))
            let theirs = try JSONSerialization.jsonObject(with: data)
            #expect(Self.same(ours, theirs), "\(file)")
        }
    }

    static func same(_ value: JSONValue, _ other: Any) -> Bool {
        switch value {
        case .null: return other is NSNull
        case .bool(let b): return (other as? Bool) == b
        case .number(let n): return (other as? NSNumber).map { $0.doubleValue == Double(n) } ?? false
        case .string(let s): return (other as? String) == s
        case .array(let items):
            guard let others = other as? [Any], others.count == items.count else { return false }
            return zip(items, others).allSatisfy { same($0, $1) }
        case .object(let members):
            guard let others = other as? [String: Any], others.count == members.count else { return false }
            return members.allSatisfy { member in others[member.key].map { same(member.value, $0) } ?? false }
        }
    }
}
