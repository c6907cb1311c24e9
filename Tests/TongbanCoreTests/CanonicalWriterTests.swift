import TongbanCodecs
import Foundation
import Testing
import TongbanTestSupport
@testable import TongbanCore

/// The canonical writer must write what `JSONEncoder` writes, byte for byte: stored
/// documents and their idempotency digests are these bytes, before and after the switch.
/// Every sample application, a few hundred variations of them (tricky strings, keys left
/// out, other times), and values of every container shape are compared.
@Suite struct CanonicalWriterTests {
    func expectSameBytes(_ value: some Encodable, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let expected = String(decoding: try CanonicalJSON.encoder().encode(value), as: UTF8.self)
        let written = String(decoding: try CanonicalWriter.encode(value), as: UTF8.self)
        #expect(written == expected, sourceLocation: sourceLocation)
    }

    @Test func everySampleApplication() throws {
        for name in try Fixtures.canonicalNames() {
            try expectSameBytes(try CanonicalJSON.decoder().decode(Application.self, from: Data(Fixtures.application(name))))
        }
        let configuration = try Fixtures.configuration()
        for name in ["notary-will.json", "bundle-unpaid-wages.json"] {
            let yiwang = try CanonicalJSON.decoder().decode(YiwangApplication.self, from: Data(Fixtures.application("yiwang/\(name)")))
            try expectSameBytes(YiwangNormalizer(documentTypes: configuration.documentTypes, vendor: "vendor-a").normalize(yiwang, portal: "p").0)
        }
    }

    static let tricky = ["\"引号\" and \\backslash\\", "line\nbreak\ttab\r", "\u{08}\u{0C}\u{1F}\u{00}", "a/b/c", "😀 emoji 𠀀", "\u{2028}\u{7F}", "",
                         "2026-11-30T10:15:00.5+08:00", "12345678901234567X"]

    /// Walks a JSON tree and changes it: a string replaced, an object member removed, a
    /// time moved to a fraction of a second.
    func vary(_ node: Any, _ rng: inout SeededRandom) -> Any? {
        switch node {
        case let object as [String: Any]:
            var out: [String: Any] = [:]
            // In key order, so the same seed makes the same variations in every process.
            for key in object.keys.sorted() {
                if Int.random(in: 0..<40, using: &rng) == 0 { continue }
                out[key] = vary(object[key]!, &rng) ?? object[key]!
            }
            return out
        case let array as [Any]:
            return array.map { vary($0, &rng) ?? $0 }
        case let string as String:
            switch Int.random(in: 0..<14, using: &rng) {
            case 0: return Self.tricky.randomElement(using: &rng)!
            case 1 where string.count == 25 && string.contains("T"): return String(string.prefix(19)) + ".123+08:00"
            default: return string
            }
        default:
            return node
        }
    }

    @Test func variationsOfTheSamples() throws {
        var rng = SeededRandom(seed: 20261130)
        var compared = 0
        for name in try Fixtures.canonicalNames() {
            let object = try Fixtures.object(name)
            for _ in 0..<100 {
                let varied = try Fixtures.bytes(vary(object, &rng)!)
                guard let application = try? CanonicalJSON.decoder().decode(Application.self, from: Data(varied)) else { continue }
                try expectSameBytes(application)
                compared += 1
            }
        }
        // Most variations still decode (the rest broke a required key or a word).
        #expect(compared >= 150, "only \(compared) variations decoded")
    }

    struct Shapes: Encodable {
        struct Inner: Encodable { var b: Int8; var a: [String?]; var z: Date? }
        var zeta: [Inner]
        var Alpha: String
        var a10: UInt64
        var a9: Bool
        var empty: [Int]
        var nested: [[Date]]
        var fraction: Double
        var nothing: Int?
        var date: CivilDate
        var map: [String: Int]
    }

    @Test func everyContainerShape() throws {
        try expectSameBytes(Shapes(
            zeta: [.init(b: -8, a: ["x", nil, "/"], z: Date(timeIntervalSince1970: 1.5)), .init(b: 127, a: [], z: nil)],
            Alpha: "A", a10: .max, a9: false, empty: [], nested: [[Date(timeIntervalSince1970: 1_764_460_800)], []], fraction: 12.5,
            nothing: nil, date: CivilDate(year: 2026, month: 11, day: 30)!, map: ["b": 2, "B": 1, "a_": 3]))
        try expectSameBytes([1, 2, 3])
        try expectSameBytes("just a string")
    }
}
