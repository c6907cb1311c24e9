import TongbanCodecs
import Foundation
import Testing
@testable import TongbanAdapters
import TongbanCore
import Yams

/// Answer rules as a table: every verdict, the defaults, the case-reference check, and the
/// spec errors an agency can make in a `rules` block.
@Suite struct AnswerRulesTests {
    /// The seventh back end's rules.
    static let rules = AnswerRules(rules: [
        .init(path: "/code", values: ["0000"], verdict: .accepted),
        .init(path: "/code", values: ["E500", "E503"], verdict: .transient),
        .init(path: "/code", values: ["E100", "E101", "E102"], verdict: .permanent),
        .init(path: "/code", values: ["E200"], verdict: .refused),
        .init(statuses: [409...409], verdict: .refused),
    ], otherwise: .permanent)
    static let interpreter = AnswerInterpreter(rules: rules, format: .json, caseRef: "/data/slh", message: "/msg")

    @Test(arguments: [
        (200, #"{"code":"0000","data":{"slh":"CM-1"}}"#, SubmissionOutcome.delivered(backendRef: "CM-1")),
        (200, #"{"code":"E500","msg":"系统繁忙"}"#, .retryable(reason: "/code = E500: 系统繁忙", retryAfter: nil)),
        (200, #"{"code":"E101","msg":"公证事项代码无效"}"#, .permanent(reason: "/code = E101: 公证事项代码无效")),
        (200, #"{"code":"E200","msg":"不符合受理条件"}"#, .refused(reason: "不符合受理条件")),
        (409, #"{"msg":"重复申请"}"#, .refused(reason: "重复申请")),
        (409, "", .refused(reason: "refused (HTTP 409)")),
        // A 2xx no rule matches takes the spec's default (permanent here), with the answer quoted.
        (200, #"{"code":"E999"}"#, .permanent(reason: #"HTTP 200: {"code":"E999"}"#)),
        // Unmatched non-2xx: 5xx/429 transient, other 4xx permanent.
        (503, "busy", .retryable(reason: "HTTP 503", retryAfter: nil)),
        (429, "", .retryable(reason: "HTTP 429", retryAfter: nil)),
        (404, "no", .permanent(reason: "HTTP 404: no")),
        // Accepted without the declared case reference, or unreadable: never delivered.
        (200, #"{"code":"0000","data":{}}"#, .unconfirmed(reason: #"HTTP 200 classified accepted (/code = 0000) without a case reference at /data/slh: {"code":"0000","data":{}}"#)),
    ])
    func classifies(_ status: Int, _ body: String, _ expected: SubmissionOutcome) {
        #expect(Self.interpreter.interpret(status: status, body: Array(body.utf8)) == expected)
    }

    @Test func anUnreadableAnswerClassifiedAcceptedIsNeverDelivered() {
        let lenient = AnswerInterpreter(rules: AnswerRules(), format: .json, caseRef: "/id", message: nil)
        guard case .unconfirmed(let reason) = lenient.interpret(status: 200, body: Array("<html>".utf8)) else {
            Issue.record("an unreadable 200 was taken as delivered")
            return
        }
        #expect(reason.contains("not json"))
        // Without a declared case reference a plain 2xx is delivered (the back end gives none).
        #expect(AnswerInterpreter(rules: AnswerRules(), format: .json, caseRef: nil, message: nil).interpret(status: 204, body: []) == .delivered(backendRef: nil))
    }

    @Test func theFirstMatchingRuleDecides() {
        let rules = AnswerRules(rules: [.init(statuses: [200...299], path: "/ok", values: ["false"], verdict: .refused),
                                        .init(path: "/ok", values: ["false"], verdict: .permanent)])
        #expect(rules.classify(status: 200, answer: try? JSONValue.parse(Array(#"{"ok":false}"#.utf8))).verdict == .refused)
        #expect(rules.classify(status: 400, answer: try? JSONValue.parse(Array(#"{"ok":false}"#.utf8))).verdict == .permanent)
        #expect(rules.classify(status: 200, answer: try? JSONValue.parse(Array(#"{"ok":true}"#.utf8))).verdict == .accepted)
    }

    @Test(arguments: [("2xx", 200...299), ("409", 409...409), ("400-499", 400...499), ("5xx", 500...599)])
    func statusForms(_ text: String, _ range: ClosedRange<Int>) {
        #expect(AnswerRules.statusRanges(text) == range)
    }

    @Test(arguments: [
        ("rules: [{path: /code, then: accepted}]", "needs the values"),
        ("rules: [{equals: x, then: accepted}]", "equals needs a path"),
        ("rules: [{then: accepted}]", "a rule needs a status"),
        ("rules: [{status: 700, then: accepted}]", "expected a status"),
        ("rules: [{status: 2xx, then: maybe}]", "maybe"),
        ("rules: [{path: code, equals: x, then: accepted}]", "pointer"),
        ("default: sometimes", "sometimes"),
    ])
    func badRulesAreRefusedWithTheReason(_ yaml: String, _ reason: String) {
        do {
            _ = try YAMLDecoder().decode(ResponseSpec.self, from: yaml)
            Issue.record("\(yaml) was accepted")
        } catch {
            #expect("\(error)".contains(reason), "\(error)")
        }
    }

    @Test func refusedWhenIsAFirstRule() throws {
        let spec = try YAMLDecoder().decode(ResponseSpec.self, from: "refusedWhen: {path: /JG, equals: BSL}\nrules: [{path: /JG, equals: BSL, then: permanent}]")
        #expect(spec.rules.rules.first == AnswerRules.Rule(statuses: [200...299], path: "/JG", values: ["BSL"], verdict: .refused))
    }
}
