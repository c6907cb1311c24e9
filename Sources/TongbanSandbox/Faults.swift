/// Faults a sandbox back end can be told to show, by flag or by `PUT /_sandbox/faults`.
public struct Faults: Sendable, Codable, Equatable {
    /// Share of submissions answered 503 (0 to 1).
    public var errorRate = 0.0
    /// Milliseconds added before answering.
    public var latencyMs = 0
    /// Never answer (the gateway's timeout fires).
    public var hang = false
    /// Answer every submission 503 with `Retry-After: 1` (an outage).
    public var outage = false
    /// An outage window: 503 for this many seconds from when the faults were set, then back.
    public var outageSeconds = 0.0
    /// Answer 200 with a body that is not the dialect.
    public var malformed = false
    /// Answer every submission with this 4xx (a permanent error), 0 for none.
    public var rejectStatus = 0
    /// The statuses new cases go through instead of the back end's usual life cycle (for
    /// example `["DECLINED"]` to refuse every case); each must be one of its status words.
    public var lifeCycle: [String]?
    /// Send every callback twice (same event id).
    public var duplicateCallbacks = false
    /// Send each pair of consecutive callbacks in reverse order (the second before the first).
    public var outOfOrderCallbacks = false
    /// For a back end that answers with business codes: the codes of the next submissions,
    /// one each, in order (`0000` takes the case, `NOREF` answers `0000` without a case
    /// number and takes nothing, any other code is that error inside an HTTP 200); then
    /// back to normal.
    public var answerCodes: [String] = []

    public init() {}

    enum CodingKeys: String, CodingKey {
        case errorRate, latencyMs, hang, outage, outageSeconds, malformed, rejectStatus, lifeCycle, duplicateCallbacks, outOfOrderCallbacks, answerCodes
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        errorRate = try c.decodeIfPresent(Double.self, forKey: .errorRate) ?? 0
        latencyMs = try c.decodeIfPresent(Int.self, forKey: .latencyMs) ?? 0
        hang = try c.decodeIfPresent(Bool.self, forKey: .hang) ?? false
        outage = try c.decodeIfPresent(Bool.self, forKey: .outage) ?? false
        outageSeconds = try c.decodeIfPresent(Double.self, forKey: .outageSeconds) ?? 0
        malformed = try c.decodeIfPresent(Bool.self, forKey: .malformed) ?? false
        rejectStatus = try c.decodeIfPresent(Int.self, forKey: .rejectStatus) ?? 0
        lifeCycle = try c.decodeIfPresent([String].self, forKey: .lifeCycle)
        duplicateCallbacks = try c.decodeIfPresent(Bool.self, forKey: .duplicateCallbacks) ?? false
        outOfOrderCallbacks = try c.decodeIfPresent(Bool.self, forKey: .outOfOrderCallbacks) ?? false
        answerCodes = try c.decodeIfPresent([String].self, forKey: .answerCodes) ?? []
        guard answerCodes.count <= 1000, answerCodes.allSatisfy({ !$0.isEmpty && $0.utf8.count <= 16 }) else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "answerCodes: at most 1000 codes of 1 to 16 bytes"))
        }
        guard (0...1).contains(errorRate), (0...600_000).contains(latencyMs), (0...86_400).contains(outageSeconds), rejectStatus == 0 || (400..<500).contains(rejectStatus) else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "errorRate 0–1, latencyMs 0–600000, rejectStatus 0 or 4xx"))
        }
    }
}

/// What a back end has seen.
public struct BackendStats: Sendable, Codable, Equatable {
    /// Submissions that passed authentication.
    public var received = 0
    /// Distinct cases created (one per idempotency key).
    public var created = 0
    /// Submissions repeating an idempotency key already seen: no new case.
    public var duplicates = 0
    /// Submissions refused for bad credentials.
    public var unauthorized = 0
    /// Submissions answered with an injected fault.
    public var faulted = 0
    /// Callback requests sent to the gateway (every attempt and duplicate).
    public var callbackAttempts = 0
    /// Callbacks the gateway acknowledged with a 2xx.
    public var callbacksAcknowledged = 0
    /// Callbacks given up after the last attempt.
    public var callbacksAbandoned = 0
    /// Cases cancelled at the gateway's request.
    public var cancellations = 0
    /// Supplements taken for cases waiting for materials.
    public var supplements = 0
    /// Cancellations and supplements refused (unknown case, closed case, not waiting).
    public var actionsRefused = 0
    public init() {}
}
