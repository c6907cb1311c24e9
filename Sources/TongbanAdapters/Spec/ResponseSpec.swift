import TongbanCore

/// How a back end's answer to a submission (or, under `cancel.response` and
/// `supplement.response`, to an action) is read: its format, the answer rules that
/// classify it (`AnswerRules`), where the case reference and the back end's message are.
public struct ResponseSpec: Sendable, Decodable, Equatable {
    /// Body format of the answer (`json` or `xml`); defaults to the request's.
    public var format: EndpointSpec.Format?
    /// Pointer to the back end's own case reference in an accepted answer.
    public var caseRef: String?
    /// Shorthand for a first rule `{status: 2xx, path, equals, then: refused}`.
    public var refusedWhen: Match?
    /// Pointer to the back end's message (a refusal's reason, an error's text).
    public var reason: String?
    /// The answer rules, `refusedWhen` first when given.
    public var rules: AnswerRules

    public init() { rules = AnswerRules() }

    /// A value test on the answer.
    public struct Match: Sendable, Decodable, Equatable {
        public var path: String
        public var values: [String]
        enum CodingKeys: String, CodingKey, CaseIterable { case path, equals }
        public init(from decoder: any Decoder) throws {
            let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
            path = try c.decode(String.self, forKey: .path)
            if let list = try? c.decode([String].self, forKey: .equals) { values = list } else { values = [try c.decodeScalarText(forKey: .equals)] }
        }
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case format, caseRef, refusedWhen, reason, rules, `default` }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        format = try c.contains(.format) ? c.decodeWord(EndpointSpec.Format.self, forKey: .format) : nil
        caseRef = try c.decodeIfPresent(String.self, forKey: .caseRef)
        refusedWhen = try c.decodeIfPresent(Match.self, forKey: .refusedWhen)
        reason = try c.decodeIfPresent(String.self, forKey: .reason)
        var rules = try c.decodeIfPresent([AnswerRules.Rule].self, forKey: .rules) ?? []
        if let refusedWhen { rules.insert(AnswerRules.Rule(statuses: [200...299], path: refusedWhen.path, values: refusedWhen.values, verdict: .refused), at: 0) }
        let otherwise = try c.contains(.default) ? c.decodeWord(AnswerRules.Verdict.self, forKey: .default) : .accepted
        self.rules = AnswerRules(rules: rules, otherwise: otherwise)
    }
}

/// How a back end's status callbacks are verified and read (applied from issue 4 on).
public struct CallbackSpec: Sendable, Decodable, Equatable {
    public var auth: AuthSpec
    public var format: EndpointSpec.Format
    /// Pointers into the callback body.
    public var eventId: String
    public var caseRef: String
    public var status: String
    public var time: String?
    /// Pattern of `time` (Beijing time); RFC 3339 when absent.
    public var timeFormat: String?
    /// Native status → canonical target status.
    public var statuses: [String: TargetStatus]
    /// Pointer to the back end's note on the event (an opinion, a reason), when it sends one:
    /// it reaches the timeline, the admin page and the portal's event (`data.note`).
    public var note: String?
    /// Pointer to a reference to the result document (a certificate or award number).
    public var document: String?

    enum CodingKeys: String, CodingKey, CaseIterable { case auth, format, eventId, caseRef, status, time, timeFormat, statuses, note, document }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        auth = try c.decodeIfPresent(AuthSpec.self, forKey: .auth) ?? AuthSpec()
        // Inbound bytes are the attacker's: a callback must be signed over its body and a
        // time. (`none` is the tenancy policy's to refuse: an operator may allow it.)
        if auth.scheme != .none, let problem = auth.inboundProblem {
            throw InvalidValueError(path: c.codingPath + [CodingKeys.auth, AnyKey(stringValue: "scheme")], reason: problem)
        }
        format = try c.contains(.format) ? c.decodeWord(EndpointSpec.Format.self, forKey: .format) : .json
        eventId = try c.decode(String.self, forKey: .eventId)
        caseRef = try c.decode(String.self, forKey: .caseRef)
        status = try c.decode(String.self, forKey: .status)
        time = try c.decodeIfPresent(String.self, forKey: .time)
        timeFormat = try c.decodeIfPresent(String.self, forKey: .timeFormat)
        note = try c.decodeIfPresent(String.self, forKey: .note)
        document = try c.decodeIfPresent(String.self, forKey: .document)
        let raw = try c.decode([String: String].self, forKey: .statuses)
        var statuses: [String: TargetStatus] = [:]
        for (native, word) in raw {
            guard let status = TargetStatus(rawValue: word) else {
                throw InvalidValueError(path: c.codingPath + [CodingKeys.statuses, AnyKey(stringValue: native)],
                                        reason: "'\(word)' is not a status: \(TargetStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            statuses[native] = status
        }
        self.statuses = statuses
    }
}
