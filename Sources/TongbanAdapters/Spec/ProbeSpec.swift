import TongbanCore

/// An optional active health check of a back end: `GET <submit.baseURL><path>` every
/// `interval`; any 2xx within `timeout` is up. Reported by `/readyz` and `/metrics` beside
/// the circuit breaker (which only sees real deliveries). Sent without credentials unless
/// `signed: true`, then signed with the adapter's `auth` like a submission (empty body).
public struct ProbeSpec: Sendable, Decodable, Equatable {
    public var path: String
    public var intervalSeconds: Double
    public var timeoutSeconds: Double
    public var signed: Bool

    enum CodingKeys: String, CodingKey, CaseIterable { case path, interval, timeout, signed }

    public init(path: String, intervalSeconds: Double, timeoutSeconds: Double, signed: Bool = false) {
        self.signed = signed
        self.path = path
        self.intervalSeconds = intervalSeconds
        self.timeoutSeconds = timeoutSeconds
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        path = try c.decode(String.self, forKey: .path)
        guard path.hasPrefix("/") else { throw InvalidValueError(path: c.codingPath + [CodingKeys.path], reason: "expected a path starting with '/'") }
        intervalSeconds = try c.decodeIfPresent(String.self, forKey: .interval).map { try Duration.seconds($0, at: c.codingPath + [CodingKeys.interval]) } ?? 30
        timeoutSeconds = try c.decodeIfPresent(String.self, forKey: .timeout).map { try Duration.seconds($0, at: c.codingPath + [CodingKeys.timeout]) } ?? 5
        signed = try c.decodeIfPresent(Bool.self, forKey: .signed) ?? false
        guard intervalSeconds >= 1, timeoutSeconds < intervalSeconds else {
            throw InvalidValueError(path: c.codingPath + [CodingKeys.interval], reason: "expected an interval of at least 1s and longer than the timeout")
        }
    }
}
