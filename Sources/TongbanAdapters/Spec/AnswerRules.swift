import TongbanCodecs
import Foundation
import TongbanCore

/// How a back end's answers are classified (DOMAIN 6: business codes inside HTTP 200):
/// an ordered list of rules, each matching the HTTP status and/or one field of the body,
/// the first match deciding; answers no rule matches fall to the defaults below.
///
/// ```yaml
/// rules:
///   - {path: /code, equals: "0000", then: accepted}
///   - {path: /code, equals: [E500, E501], then: transient}
///   - {path: /code, equals: [E100, E101, E102], then: permanent}
///   - {status: 409, then: refused}
/// default: permanent     # an unmatched 2xx answer (accepted when absent)
/// ```
///
/// Unmatched non-2xx answers: 408, 425, 429 and 5xx are transient, every other status
/// permanent.
public struct AnswerRules: Sendable, Equatable {
    /// What an answer means.
    public enum Verdict: String, Sendable, CaseIterable {
        /// Taken in; the case reference is read where the spec says.
        case accepted
        /// Failed now, may work later: retried with the same `Idempotency-Key`.
        case transient
        /// Can never succeed as sent: the target fails and joins the dead letters.
        case permanent
        /// Refused by the back end's own rules (不予受理): the target ends `rejected`.
        case refused
    }

    /// One rule: every condition it states must hold.
    public struct Rule: Sendable, Equatable {
        /// HTTP statuses it matches; nil for any.
        public var statuses: [ClosedRange<Int>]?
        /// A pointer into the body and the values it must hold there.
        public var path: String?
        public var values: [String]
        public var verdict: Verdict
        let tokens: [String]?

        public init(statuses: [ClosedRange<Int>]? = nil, path: String? = nil, values: [String] = [], verdict: Verdict) {
            self.statuses = statuses
            self.path = path
            self.values = values
            self.verdict = verdict
            tokens = path.map(JSONValue.tokens(of:))
        }

        func matches(status: Int, answer: JSONValue?) -> Bool {
            if let statuses, !statuses.contains(where: { $0.contains(status) }) { return false }
            guard let tokens else { return true }
            guard let value = answer?.resolve(tokens: tokens)?.scalarText else { return false }
            return values.contains(value)
        }

        /// What the rule says, for reasons: `/code = E500`, `HTTP 409`.
        func describe(status: Int, answer: JSONValue?) -> String {
            if let path, let tokens, let value = answer?.resolve(tokens: tokens)?.scalarText { return "\(path) = \(value)" }
            return "HTTP \(status)"
        }
    }

    public var rules: [Rule]
    /// The verdict for a 2xx answer no rule matches.
    public var otherwise: Verdict

    public init(rules: [Rule] = [], otherwise: Verdict = .accepted) {
        self.rules = rules
        self.otherwise = otherwise
    }

    /// The verdict for one answer and the rule that gave it (nil for a default).
    public func classify(status: Int, answer: JSONValue?) -> (verdict: Verdict, rule: Rule?) {
        if let rule = rules.first(where: { $0.matches(status: status, answer: answer) }) { return (rule.verdict, rule) }
        switch status {
        case 200..<300: return (otherwise, nil)
        case 408, 425, 429, 500..<600: return (.transient, nil)
        default: return (.permanent, nil)
        }
    }

    /// `200`, `[200, 201]`, `2xx`, `400-499`.
    static func statusRanges(_ text: String) -> ClosedRange<Int>? {
        if text.count == 3, text.hasSuffix("xx"), let hundreds = Int(text.prefix(1)), (1...5).contains(hundreds) {
            return hundreds * 100...hundreds * 100 + 99
        }
        let bounds = text.split(separator: "-", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
        if bounds.count == 1, let v = bounds[0], (100...599).contains(v) { return v...v }
        if bounds.count == 2, let a = bounds[0], let b = bounds[1], (100...599).contains(a), (a...599).contains(b) { return a...b }
        return nil
    }
}

extension AnswerRules.Rule: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable { case status, path, equals, then }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        var statuses: [ClosedRange<Int>]?
        if c.contains(.status) {
            let texts = try (try? c.decode([String].self, forKey: .status)) ?? [c.decodeScalarText(forKey: .status)]
            statuses = try texts.map { text in
                guard let range = AnswerRules.statusRanges(text) else {
                    throw InvalidValueError(path: c.codingPath + [CodingKeys.status], reason: "expected a status such as 200, 2xx or 400-499, got '\(text)'")
                }
                return range
            }
            if statuses?.isEmpty == true { throw InvalidValueError(path: c.codingPath + [CodingKeys.status], reason: "expected at least one status") }
        }
        let path = try c.decodeIfPresent(String.self, forKey: .path)
        if let path, !path.hasPrefix("/") { throw InvalidValueError(path: c.codingPath + [CodingKeys.path], reason: "expected a pointer such as /code") }
        var values: [String] = []
        if c.contains(.equals) {
            values = try (try? c.decode([String].self, forKey: .equals)) ?? [c.decodeScalarText(forKey: .equals)]
            guard path != nil else { throw InvalidValueError(path: c.codingPath + [CodingKeys.equals], reason: "equals needs a path") }
        }
        if path != nil, values.isEmpty { throw InvalidValueError(path: c.codingPath + [CodingKeys.equals], reason: "a path needs the values it must equal (equals)") }
        if statuses == nil, path == nil { throw InvalidValueError(path: c.codingPath, reason: "a rule needs a status, a path with equals, or both") }
        self.init(statuses: statuses, path: path, values: values, verdict: try c.decodeWord(AnswerRules.Verdict.self, forKey: .then))
    }
}
