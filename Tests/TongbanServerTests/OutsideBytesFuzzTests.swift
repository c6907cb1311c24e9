import TongbanCodecs
import Foundation
import Testing
import TongbanAdapters
import TongbanConfig
import TongbanCore
import TongbanSandbox
import TongbanTestSupport
@testable import TongbanServer

/// Every parser of bytes from outside — portals' bodies, back ends' answers and callbacks,
/// agencies' specs, headers, times, numbers — over mutations of a seed corpus
/// (`Tests/Fixtures/fuzz/`, the sample applications, the sample specs, and a callback and
/// an answer built from each spec's own pointers). A trap anywhere ends the test process,
/// so a passing run is a run without a crash; each parser must also both accept and refuse
/// some of the mutations, or the mutator is not reaching it. Fixed seed and count here;
/// `FUZZ_COUNT` and `FUZZ_SEED` make a longer or another run (Tests/Fixtures/fuzz/README.md).
@Suite struct OutsideBytesFuzzTests {
    static let count = ProcessInfo.processInfo.environment["FUZZ_COUNT"].flatMap(Int.init) ?? 300
    static let seed = ProcessInfo.processInfo.environment["FUZZ_SEED"].flatMap(UInt64.init) ?? 20_261_202

    /// Tallies what a parser said, so a degenerate mutator shows.
    struct Tally {
        var accepted = 0, refused = 0
        mutating func count(_ ok: Bool) { if ok { accepted += 1 } else { refused += 1 } }
        var reachedBoth: Bool { accepted > 0 && refused > 0 }
    }

    static func corpus(_ suffix: String) throws -> [[UInt8]] {
        let folder = Fixtures.root.appendingPathComponent("Tests/Fixtures/fuzz")
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted().filter { $0.hasSuffix(suffix) }
            .map { Array(try Data(contentsOf: folder.appendingPathComponent($0))) }
    }

    static func applications() throws -> [[UInt8]] {
        let folder = Fixtures.root.appendingPathComponent("Tests/Fixtures/applications")
        var found: [[UInt8]] = []
        for sub in ["canonical", "yiwang"] {
            let dir = folder.appendingPathComponent(sub)
            for file in try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() where file.hasSuffix(".json") {
                found.append(Array(try Data(contentsOf: dir.appendingPathComponent(file))))
            }
        }
        return found
    }

    @Test func jsonBodiesOfPortalsAndAdmins() throws {
        let configuration = try Fixtures.configuration()
        let limits = configuration.settings.limits.json
        var random = SeededRandom(seed: Self.seed)
        var parser = Tally(), intake = Tally()
        for seed in try Self.applications() + Self.corpus(".json") {
            for _ in 0..<Self.count {
                let bytes = Mutator.mutate(seed, &random)
                _ = try? JSONValue.parse(bytes)
                parser.count((try? JSONValue.parse(bytes, text: .printable)) != nil)
                if let application = try? JSONBodyReader.decode(Application.self, bytes, limits: limits) {
                    intake.count(true)
                    _ = configuration.validator.validate(application, now: Date())
                } else {
                    intake.count(false)
                }
                if let yiwang = try? JSONBodyReader.decode(YiwangApplication.self, bytes, limits: limits) {
                    _ = YiwangNormalizer(documentTypes: configuration.documentTypes, vendor: "vendor-a").normalize(yiwang, portal: "p")
                }
                _ = try? JSONBodyReader.decode(Supplement.self, bytes, limits: limits)
                _ = try? JSONBodyReader.decode(WithdrawalBody.self, bytes, limits: limits)
                _ = try? JSONBodyReader.decode(TryRequest.self, bytes, limits: limits)
            }
        }
        #expect(parser.reachedBoth, "\(parser)")
        #expect(intake.reachedBoth, "\(intake)")
    }

    @Test func backEndsAnswersAndCallbacks() throws {
        let adapters = try Fixtures.configuration().adapters.adapters.compactMap { $0 as? DeclarativeAdapter }
        #expect(adapters.count >= 6)
        var random = SeededRandom(seed: Self.seed &+ 1)
        var xml = Tally(), callbacks = Tally()
        let hostileXML = try Self.corpus(".xml")
        for adapter in adapters {
            let answer = Self.document(at: [adapter.spec.response.caseRef, adapter.spec.response.reason].compactMap { $0 } + adapter.spec.response.rules.rules.compactMap(\.path),
                                       format: adapter.spec.response.format ?? adapter.spec.submit.format)
            var callbackSeeds = hostileXML
            if let callback = adapter.spec.callback {
                callbackSeeds.append(Self.document(at: [callback.eventId, callback.caseRef, callback.status] + [callback.time].compactMap { $0 },
                                                   format: callback.format, values: ["E-1", "CASE-1", callback.statuses.keys.sorted().first ?? "1", "20261201120000"]))
            }
            for _ in 0..<Self.count {
                let mutatedAnswer = Mutator.mutate(answer, &random)
                for status in [200, 201, 400, 429, 503, Int.random(in: 100...599, using: &random)] {
                    _ = adapter.interpret(status: status, body: mutatedAnswer)
                    _ = adapter.interpretAction(.cancel, status: status, body: mutatedAnswer)
                    _ = adapter.interpretAction(.supplement, status: status, body: mutatedAnswer)
                }
                for seed in callbackSeeds {
                    let bytes = Mutator.mutate(seed, &random)
                    xml.count((try? XMLReader.parse(bytes)) != nil)
                    if let reader = adapter.callbackReader {
                        callbacks.count((try? reader.read(bytes, now: Date())) != nil)
                    }
                }
            }
        }
        #expect(xml.reachedBoth, "\(xml)")
        #expect(callbacks.reachedBoth, "\(callbacks)")
    }

    @Test func headersTimesAndNumbers() throws {
        var random = SeededRandom(seed: Self.seed &+ 2)
        let seeds = try Self.corpus(".txt").flatMap { $0.split(separator: 0x0A).map(Array.init) } + [Array("2026-12-01".utf8), Array("12.50".utf8)]
        // Every preset and every declared scheme of the sandbox back ends' callbacks.
        let verifiers = AuthSpec.Scheme.allCases.filter { $0 != .signed }.map { scheme in
            RequestVerifier(auth: AuthSpec(scheme: scheme, secretEnv: "S", accessKey: "k", paasId: "p"), secret: "s")
        } + BackendProfile.all().map { RequestVerifier(auth: $0.callbackAuth, secret: "s") }
        let forms = ["unix", "unix-ms", "rfc1123", "iso8601", "yyyyMMddHHmmss", "yyyy-MM-dd HH:mm:ss"].compactMap { TimestampForm($0, zone: nil) }
        var times = Tally()
        for seed in seeds {
            for _ in 0..<Self.count {
                let text = String(decoding: Mutator.mutate(seed, &random), as: UTF8.self)
                times.count(RFC3339.parse(text) != nil || TimePattern.parse(text, pattern: "yyyyMMddHHmmss") != nil)
                _ = BeijingTime.parse(text)
                _ = TimePattern.parse(text, pattern: "yyyy-MM-dd HH:mm:ss")
                _ = CivilDate(iso: text)
                _ = Money.parse(text)
                _ = Masking.mask(text)
                for verifier in verifiers {
                    _ = verifier.failure(method: "POST", path: "/v1/callbacks/x", body: Array(text.utf8), now: Date()) { _ in text }
                }
                for form in forms { _ = form.parse(text) }
            }
        }
        #expect(times.reachedBoth, "\(times)")
    }

    @Test func agenciesSpecs() throws {
        let configuration = try Fixtures.configuration()
        let policy = AdapterPolicy(settings: configuration.settings, portals: configuration.portals)
        let folder = Fixtures.root.appendingPathComponent("Adapters")
        let specs = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted().filter { $0.hasSuffix(".yaml") }
            .map { Array(try Data(contentsOf: folder.appendingPathComponent($0))) }
        var random = SeededRandom(seed: Self.seed &+ 3)
        var checked = Tally()
        // YAML is the slowest parser here: a tenth of the count per spec.
        for spec in specs {
            for _ in 0..<max(1, Self.count / 10) {
                let text = String(decoding: Mutator.mutate(spec, &random), as: UTF8.self)
                let result = AdapterAssembly.check(text: text, label: "fuzz.yaml", regions: configuration.regions, catalog: configuration.catalog,
                                                   environment: configuration.environment, policy: policy, author: .agency(creditCode: "32310000425001234H"))
                checked.count(result.adapter != nil)
            }
        }
        #expect(checked.refused > 0, "\(checked)")
    }

    /// A JSON or XML document with `values` (or placeholders) at each RFC 6901 pointer.
    static func document(at pointers: [String], format: EndpointSpec.Format, values: [String] = []) -> [UInt8] {
        var tree = JSONValue.object([])
        for (index, pointer) in pointers.enumerated() {
            tree = Self.setting(tree, JSONValue.tokens(of: pointer)[...], .string(index < values.count ? values[index] : "V\(index)"))
        }
        switch format {
        case .xml: return Array(Self.xml(tree).utf8)
        case .json, .form: return Array(Self.json(tree).utf8)
        }
    }

    static func setting(_ node: JSONValue, _ path: ArraySlice<String>, _ value: JSONValue) -> JSONValue {
        guard let key = path.first else { return value }
        var members: [JSONValue.Member] = if case .object(let m) = node { m } else { [] }
        if let i = members.firstIndex(where: { $0.key == key }) {
            members[i].value = setting(members[i].value, path.dropFirst(), value)
        } else {
            members.append(.init(key, setting(.object([]), path.dropFirst(), value)))
        }
        return .object(members)
    }

    static func json(_ node: JSONValue) -> String {
        switch node {
        case .object(let members): "{" + members.map { "\"\($0.key)\":" + json($0.value) }.joined(separator: ",") + "}"
        case .string(let text): "\"\(text)\""
        default: "null"
        }
    }

    static func xml(_ node: JSONValue) -> String {
        switch node {
        case .object(let members): members.map { "<\($0.key)>" + xml($0.value) + "</\($0.key)>" }.joined()
        case .string(let text): text
        default: ""
        }
    }
}

/// Byte-level mutations, the kinds that find parser bugs: bit flips, random bytes, cut and
/// repeated ranges, truncation, and tokens that are special to JSON, XML, UTF-8 or YAML.
enum Mutator {
    static let tokens: [[UInt8]] = [
        [0x00], [0xC3, 0x28], [0xFF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC0, 0xAF], [0xE2, 0x80, 0xA8],
    ] + ["\\u0000", "\\ud800", "\\udc00\\ud800", "&#0;", "&#x110000;", "&#xD800;", "&amp", "<!DOCTYPE a [", "<![CDATA[", "]]>", "<?", "?>",
         "-0e99999", "1e400", "99999999999999999999999999", "\"", "\\", "{", "}", "[", "]", ":", ",", "<", ">", "/", "</", "\r\n", "&",
         "*a", "&a ", "!!binary ", "? ", "- ", "'", "%YAML 1.2\n", "{{", "$callback.url", "$target.id", "~1", "~0",
         String(repeating: "[", count: 600), String(repeating: "<a>", count: 300)].map { Array($0.utf8) }

    static func mutate(_ seed: [UInt8], _ random: inout SeededRandom) -> [UInt8] {
        var bytes = seed
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            let at = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &random)
            switch Int.random(in: 0..<7, using: &random) {
            case 0 where !bytes.isEmpty: bytes[at] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &random)
            case 1 where !bytes.isEmpty: bytes[at] = UInt8.random(in: 0...255, using: &random)
            case 2: bytes.insert(contentsOf: tokens[Int.random(in: 0..<tokens.count, using: &random)], at: at)
            case 3 where !bytes.isEmpty:
                let end = min(bytes.count, at + Int.random(in: 1...16, using: &random))
                bytes.removeSubrange(at..<end)
            case 4 where !bytes.isEmpty:
                let end = min(bytes.count, at + Int.random(in: 1...64, using: &random))
                bytes.insert(contentsOf: Array(bytes[at..<end]), at: at)
            case 5: bytes = Array(bytes.prefix(at))
            default:
                if !bytes.isEmpty { bytes[at] = tokens[Int.random(in: 0..<tokens.count, using: &random)].first ?? 0 }
            }
        }
        return bytes
    }
}
