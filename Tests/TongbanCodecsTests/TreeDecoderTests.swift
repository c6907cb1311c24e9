import Foundation
import Testing
import TongbanCodecs
import TongbanCore
import TongbanTestSupport

/// The fast path for request bodies must never accept what `JSONDecoder` refuses, and
/// where both accept they must agree. Every sample in both dialects, hundreds of seeded
/// variations (tricky strings, keys left out, wrong types, duplicated keys, numbers in
/// other spellings), and the samples themselves must take the fast path.
@Suite struct TreeDecoderTests {
    static let configuration = try! Fixtures.configuration()

    /// Both decoders on `bytes`; the values compared through `project` (a yiwang body by the
    /// canonical application it normalizes to).
    func agree<T: Decodable, E: Equatable>(_ type: T.Type, _ bytes: [UInt8], _ project: (T) -> E,
                                           sourceLocation: SourceLocation = #_sourceLocation) -> (fast: Bool, slow: Bool) {
        let slow = (try? CanonicalJSON.decoder().decode(T.self, from: Data(bytes))).map(project)
        let fast = (try? TreeDecoder.decode(T.self, from: bytes)).map(project)
        if let fast {
            #expect(slow != nil, "the fast path accepted what JSONDecoder refuses: \(String(decoding: bytes, as: UTF8.self))", sourceLocation: sourceLocation)
            #expect(fast == slow, "they disagree on \(String(decoding: bytes, as: UTF8.self))", sourceLocation: sourceLocation)
        }
        return (fast != nil, slow != nil)
    }

    @Test func everySampleTakesTheFastPathAndAgrees() throws {
        for name in try Fixtures.canonicalNames() {
            #expect(agree(Application.self, try Fixtures.application(name), \.self) == (true, true), "\(name)")
        }
        for name in ["notary-will.json", "bundle-unpaid-wages.json"] {
            #expect(agree(YiwangApplication.self, try Fixtures.application("yiwang/\(name)"), Self.normalized) == (true, true), "\(name)")
        }
    }

    static func normalized(_ yiwang: YiwangApplication) -> Application {
        YiwangNormalizer(documentTypes: configuration.documentTypes, vendor: "vendor-a").normalize(yiwang, portal: "p").0
    }

    nonisolated(unsafe) static let replacements: [Any] = ["\"引号\" \\ /", "line\nbreak", "\u{08}\u{1F}\u{00}", "😀𠀀", "", "2026-11-30T10:15:00.5+08:00",
                                      "2026-11-30T02:15:00Z", "2026-11-30 10:15", 0, -1, 3.5, 1e2, true, NSNull(), [Any](), [String: Any](), "x"]

    func vary(_ node: Any, _ rng: inout SeededRandom) -> Any {
        switch node {
        case let object as [String: Any]:
            var out: [String: Any] = [:]
            // In key order, so the same seed makes the same variations in every process.
            for key in object.keys.sorted() where Int.random(in: 0..<60, using: &rng) != 0 {
                out[key] = vary(object[key]!, &rng)
            }
            if Int.random(in: 0..<40, using: &rng) == 0 { out["unexpectedKey"] = 1 }
            return out
        case let array as [Any]:
            return array.map { vary($0, &rng) }
        default:
            return Int.random(in: 0..<40, using: &rng) == 0 ? Self.replacements.randomElement(using: &rng)! : node
        }
    }

    @Test func variationsNeverAcceptMoreThanJSONDecoder() throws {
        var rng = SeededRandom(seed: 112026)
        var bothAccepted = 0, fastOnlyRefused = 0
        for name in try Fixtures.canonicalNames() {
            let object = try Fixtures.object(name)
            for _ in 0..<120 {
                let outcome = agree(Application.self, try Fixtures.bytes(vary(object, &rng)), \.self)
                if outcome == (true, true) { bothAccepted += 1 }
                if outcome == (false, true) { fastOnlyRefused += 1 }
            }
        }
        for name in ["yiwang/notary-will.json", "yiwang/bundle-unpaid-wages.json"] {
            let object = try Fixtures.object(name)
            for _ in 0..<120 {
                let outcome = agree(YiwangApplication.self, try Fixtures.bytes(vary(object, &rng)), Self.normalized)
                if outcome == (true, true) { bothAccepted += 1 }
                if outcome == (false, true) { fastOnlyRefused += 1 }
            }
        }
        #expect(bothAccepted >= 300, "only \(bothAccepted) variations accepted by both")
        // Giving up on a body JSONDecoder takes costs speed only; it should be rare.
        #expect(fastOnlyRefused <= bothAccepted / 10, "\(fastOnlyRefused) refused by the fast path alone")
    }

    /// Spellings the fast path leaves to `JSONDecoder`: duplicated keys, integers written
    /// as fractions or exponents, text after the value.
    @Test func doubtfulSpellingsGoToJSONDecoder() throws {
        let sample = String(decoding: try Fixtures.application("canonical/notary-will.json"), as: UTF8.self)
        let cases = [
            sample.replacingOccurrences(of: "\"schemaVersion\": 1", with: "\"schemaVersion\": 1.0"),
            sample.replacingOccurrences(of: "\"schemaVersion\": 1", with: "\"schemaVersion\": 1e0"),
            sample.replacingOccurrences(of: "\"schemaVersion\": 1", with: "\"schemaVersion\": 1, \"schemaVersion\": 1"),
            sample + " x",
        ]
        for text in cases {
            #expect(text != sample)
            #expect((try? TreeDecoder.decode(Application.self, from: Array(text.utf8))) == nil, "\(text.prefix(80))")
            _ = agree(Application.self, Array(text.utf8), \.self)
        }
    }
}
