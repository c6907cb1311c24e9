import TongbanCodecs
import Foundation
import Testing
import TongbanCore
import TongbanTestSupport
import Yams
@testable import TongbanAdapters

@Suite struct MappingEngineTests {
    let document = try! JSONValue.parse(Array("""
        {"applicant":{"name":"张三","idType":"111","phone":"","kind":"person"},"counterparties":[{"name":"甲"},{"name":"乙","phone":"13900000000"}],
         "form":{"notary":{"copies":2,"foreignRelated":false}},"submittedAt":"2026-11-29T09:30:00+08:00","region":"310104"}
        """.utf8))

    func map(_ yaml: String) throws -> JSONValue {
        let spec = try YAMLDecoder().decode(MappingSpec.self, from: yaml)
        return try MappingEngine(spec: spec).map(document, variables: ["target.id": "tgt_1"])
    }

    @Test func referencesConstantsTemplatesTablesFormatsAndTypes() throws {
        let tree = try map("""
            tables: {t: {"111": "ID"}}
            fields:
              - {to: a.name, from: /applicant/name}
              - {to: a.type, from: /applicant/idType, table: t}
              - {to: id, from: $target.id}
              - {to: c, const: 42}
              - {to: label, template: "{/applicant/name}@{/region}"}
              - {to: day, from: /submittedAt, format: "yyyy/MM/dd HH:mm"}
              - {to: copies, from: /form/notary/copies, type: number}
              - {to: foreign, from: /form/notary/foreignRelated, type: boolean}
            """)
        #expect(BodyWriter.json(tree) == #"{"a":{"name":"张三","type":"ID"},"id":"tgt_1","c":"42","label":"张三@310104","day":"2026/11/29 09:30","copies":2,"foreign":false}"#)
    }

    @Test func defaultsConditionsAndEach() throws {
        let tree = try map("""
            fields:
              - {to: phone, from: /applicant/phone, default: none}
              - {to: agent, from: /agent/name, when: /agent}
              - {to: skipped, from: /agent/name}
              - to: parties
                each: /counterparties
                fields:
                  - {to: n, from: name}
                  - {to: p, from: phone, default: "-"}
            """)
        #expect(BodyWriter.json(tree) == #"{"phone":"none","parties":[{"n":"甲","p":"-"},{"n":"乙","p":"13900000000"}]}"#)
    }

    /// Each table says what a value it lacks does: refuse (the default, a permanent mapping
    /// failure naming table and value), pass it through, or use the table's default; a
    /// field's own default comes first.
    @Test func aTableMissRefusesPassesOrDefaults() throws {
        let fields = "fields:\n  - {to: x, from: /applicant/kind, table: t}"
        #expect(throws: MappingError(field: "x", reason: "table 't' has no entry for 'person' (it refuses missing values)")) {
            try map("tables: {t: {entries: {a: b}, missing: refuse}}\n" + fields)
        }
        #expect(BodyWriter.json(try map("tables: {t: {entries: {a: b}, missing: pass}}\n" + fields)) == #"{"x":"person"}"#)
        #expect(BodyWriter.json(try map("tables: {t: {entries: {a: b}, missing: default, default: \"99\"}}\n" + fields)) == #"{"x":"99"}"#)
        #expect(BodyWriter.json(try map("tables: {t: {entries: {person: P}, missing: pass}}\n" + fields)) == #"{"x":"P"}"#)
        #expect(BodyWriter.json(try map("tables: {t: {a: b}}\nfields:\n  - {to: x, from: /applicant/kind, table: t, default: F}")) == #"{"x":"F"}"#)
        for bad in ["{entries: {a: b}, missing: maybe}", "{entries: {a: b}, missing: default}", "{entries: {a: b}, missing: pass, default: x}",
                    "{entries: {a: b}, extra: 1}"] {
            #expect(throws: (any Error).self, "\(bad)") { try map("tables: {t: \(bad)}\n" + fields) }
        }
    }

    @Test func mappingErrorsNameTheField() throws {
        #expect(throws: MappingError(field: "x", reason: "table 't' has no entry for 'person' (it refuses missing values)")) {
            try map("tables: {t: {a: b}}\nfields:\n  - {to: x, from: /applicant/kind, table: t}")
        }
        #expect(throws: MappingError(field: "x", reason: "no value at /agent/name")) {
            try map("fields:\n  - {to: x, from: /agent/name, required: true}")
        }
        #expect(throws: MappingError.self) { try map("fields:\n  - {to: x, from: /applicant}") } // an object needs type raw
        #expect(throws: MappingError(field: "x", reason: "written twice")) {
            try map("fields:\n  - {to: x, const: a}\n  - {to: x, const: b}")
        }
    }

    @Test func writersEscapeAndFlatten() {
        let tree = JSONValue.object([.init("a", .string("<&\"'>")), .init("list", .array([.object([.init("n", .string("x y"))])]))])
        #expect(BodyWriter.xml(tree, root: "r") == "<?xml version=\"1.0\" encoding=\"UTF-8\"?><r><a>&lt;&amp;&quot;&apos;&gt;</a><list><item><n>x y</n></item></list></r>")
        #expect(BodyWriter.form(tree) == "a=%3C%26%22%27%3E&list%5B0%5D.n=x+y")
        #expect(BodyWriter.json(.string("a\"b\\\n\u{01}")) == #""a\"b\\\n\u0001""#)
    }

    @Test func timePatternsRoundTrip() {
        #expect(TimePattern.format("2026-11-29T01:30:00Z", pattern: "yyyyMMddHHmmss") == "20261129093000")
        #expect(TimePattern.parse("20261129093000", pattern: "yyyyMMddHHmmss") == RFC3339.parse("2026-11-29T09:30:00+08:00"))
        #expect(TimePattern.parse("2026-13-01", pattern: "yyyy-MM-dd") == nil)
        #expect(TimePattern.format("2026-03-05", pattern: "yyyy年MM月dd日 HH时") == "2026年03月05日 00时")
        #expect(TimePattern.format("2026-11-29T23:59:59+08:00", pattern: "dd/MM/yyyy ss:mm:HH") == "29/11/2026 59:59:23")
        #expect(TimePattern.format("0999-01-02", pattern: "yyyyy") == "0999y")
        #expect(TimePattern.format("not a date", pattern: "yyyy") == nil)
    }
}

@Suite struct SigningAndRoutingTests {
    @Test func coverageMatchesProvincePrefectureAndExactCodes() {
        let city = AdapterSpec.Coverage(regions: ["310000"], items: ["*"])
        #expect(city.covers(region: "310115", item: "X") && !city.covers(region: "320100", item: "X"))
        let district = AdapterSpec.Coverage(regions: ["310115"], items: ["A"])
        #expect(district.covers(region: "310115", item: "A") && !district.covers(region: "310115", item: "B"))
        #expect(AdapterSpec.Coverage(regions: ["*"], items: ["*"]).covers(region: "110105", item: "Z"))
    }

    @Test func theHighestPriorityCoveringAdapterIsChosen() {
        struct Fake: Adapter {
            var id: String; var service: Service; var coverage: AdapterSpec.Coverage; var priority: Int
            var limits: LimitsSpec { LimitsSpec() }
            func submission(for delivery: Delivery) throws(MappingError) -> OutboundRequest { OutboundRequest(method: "POST", url: "", path: "", headers: [], body: []) }
            func interpret(status: Int, body: [UInt8]) -> SubmissionOutcome { .delivered(backendRef: nil) }
        }
        let directory = AdapterDirectory([
            Fake(id: "city", service: .notary, coverage: .init(regions: ["310000"], items: ["*"]), priority: 10),
            Fake(id: "pudong", service: .notary, coverage: .init(regions: ["310115"], items: ["*"]), priority: 20),
            Fake(id: "b-same", service: .notary, coverage: .init(regions: ["310104"], items: ["*"]), priority: 10),
            Fake(id: "a-same", service: .notary, coverage: .init(regions: ["310104"], items: ["*"]), priority: 10),
        ])
        #expect(directory.select(service: .notary, region: "310115", item: "x")?.id == "pudong")
        #expect(directory.select(service: .notary, region: "310101", item: "x")?.id == "city")
        #expect(directory.select(service: .notary, region: "310104", item: "x")?.id == "a-same")
        #expect(directory.select(service: .lawyer, region: "310115", item: "x") == nil)
    }

    @Test func responsesAreClassified() throws {
        let configuration = try Fixtures.configuration()
        let lawyer = try #require(configuration.adapters["lawyer-sandbox"])
        #expect(lawyer.interpret(status: 201, body: Array(#"{"code":"OK","data":{"consultationNo":"LS-1"}}"#.utf8)) == .delivered(backendRef: "LS-1"))
        #expect(lawyer.interpret(status: 200, body: Array(#"{"code":"REFUSED","message":"不属于受理范围"}"#.utf8)) == .refused(reason: "不属于受理范围"))
        #expect(lawyer.interpret(status: 503, body: []) == .retryable(reason: "HTTP 503", retryAfter: nil))
        #expect(lawyer.interpret(status: 429, body: []) == .retryable(reason: "HTTP 429", retryAfter: nil))
        guard case .permanent = lawyer.interpret(status: 400, body: Array("bad".utf8)) else { Issue.record("400 is permanent"); return }
        let notary = try #require(configuration.adapters["notary-sandbox"])
        #expect(notary.interpret(status: 200, body: Array("<?xml version=\"1.0\"?><GZSQ><JG>SL</JG><SLBH>GZ-2026-1</SLBH></GZSQ>".utf8)) == .delivered(backendRef: "GZ-2026-1"))
        #expect(notary.interpret(status: 200, body: Array("<GZSQ><JG>BSL</JG><YY>材料不全</YY></GZSQ>".utf8)) == .refused(reason: "材料不全"))
        // A 2xx without the case number the spec says it carries (a business error inside a
        // 200) is never delivered: no callback could find the target. Retried, then a dead letter.
        for body in [#"{"code":"E500","msg":"系统繁忙"}"#, #"{"code":"OK","data":{"consultationNo":""}}"#, #"{"data":{"consultationNo":{"x":1}}}"#] {
            guard case .unconfirmed(let reason) = lawyer.interpret(status: 200, body: Array(body.utf8)) else {
                Issue.record("\(body) was taken as delivered")
                continue
            }
            #expect(reason.contains("without a case reference at /data/consultationNo"), "\(reason)")
        }
    }
}
