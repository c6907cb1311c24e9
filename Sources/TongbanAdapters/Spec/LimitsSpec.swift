import TongbanCore

/// Per-adapter limits: one slow or failing back end never delays another.
public struct LimitsSpec: Sendable, Decodable, Equatable {
    /// Deliveries in flight at once.
    public var concurrency = 8
    /// Deliveries started per second.
    public var ratePerSecond = 50.0
    public var retry = RetrySchedule()
    public var breaker = BreakerSpec()

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable { case concurrency, ratePerSecond, retry, breaker }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        concurrency = try c.decodeInt(forKey: .concurrency, in: 1...256, default: concurrency)
        if let rate = try c.decodeIfPresent(Double.self, forKey: .ratePerSecond) {
            guard rate > 0, rate <= 10_000 else {
                throw InvalidValueError(path: c.codingPath + [CodingKeys.ratePerSecond], reason: "expected a rate above 0 and at most 10000")
            }
            ratePerSecond = rate
        }
        retry = try c.decodeIfPresent(RetrySchedule.self, forKey: .retry) ?? retry
        breaker = try c.decodeIfPresent(BreakerSpec.self, forKey: .breaker) ?? breaker
    }
}

/// Exponential backoff with jitter: attempt n waits `initialDelay × multiplier^(n-1)`,
/// capped at `maxDelay`, then spread by ±`jitter`.
public struct RetrySchedule: Sendable, Decodable, Equatable {
    public var attempts = 8
    public var initialDelay = 1.0
    public var maxDelay = 300.0
    public var multiplier = 2.0
    public var jitter = 0.2

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable { case attempts, initialDelay, maxDelay, multiplier, jitter }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        attempts = try c.decodeInt(forKey: .attempts, in: 1...100, default: attempts)
        if let text = try c.decodeIfPresent(String.self, forKey: .initialDelay) { initialDelay = try Duration.seconds(text, at: c.codingPath + [CodingKeys.initialDelay]) }
        if let text = try c.decodeIfPresent(String.self, forKey: .maxDelay) { maxDelay = try Duration.seconds(text, at: c.codingPath + [CodingKeys.maxDelay]) }
        multiplier = try c.decodeIfPresent(Double.self, forKey: .multiplier) ?? multiplier
        jitter = try c.decodeIfPresent(Double.self, forKey: .jitter) ?? jitter
        guard multiplier >= 1, multiplier <= 10 else { throw InvalidValueError(path: c.codingPath + [CodingKeys.multiplier], reason: "expected 1 to 10") }
        guard jitter >= 0, jitter < 1 else { throw InvalidValueError(path: c.codingPath + [CodingKeys.jitter], reason: "expected 0 to below 1") }
        guard maxDelay >= initialDelay else { throw InvalidValueError(path: c.codingPath + [CodingKeys.maxDelay], reason: "must not be below initialDelay") }
    }

    public init(attempts: Int, initialDelay: Double, maxDelay: Double, multiplier: Double = 2, jitter: Double = 0.2) {
        self.attempts = attempts
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
        self.multiplier = multiplier
        self.jitter = jitter
    }

    /// When to try again after attempt `attempt` failed, or nil when the schedule is spent:
    /// the backoff, or the other side's `Retry-After` when that is longer (never beyond
    /// `maxDelay`). `unit` in [0, 1) chooses the jitter. One schedule for deliveries, actions
    /// and notifications.
    public func nextAttempt(after attempt: Int, retryAfter: Double?, now: Date, unit: Double) -> Date? {
        guard attempt < attempts else { return nil }
        return now.addingTimeInterval(max(delay(beforeAttempt: attempt + 1, unit: unit), min(retryAfter ?? 0, maxDelay)))
    }

    /// The wait before attempt `attempt` (2 = first retry), with `unit` in [0, 1) choosing the jitter.
    public func delay(beforeAttempt attempt: Int, unit: Double) -> Double {
        let base = min(maxDelay, initialDelay * pow(multiplier, Double(max(0, attempt - 2))))
        return base * (1 - jitter + 2 * jitter * unit)
    }
}

/// Circuit breaker thresholds. The defaults try a back end that went down after 1 and 2
/// seconds, then every 3: one request at a time, and deliveries resume within a few
/// seconds of its return however long it was gone.
public struct BreakerSpec: Sendable, Decodable, Equatable {
    /// Consecutive failures that open the breaker.
    public var failureThreshold = 5
    /// Seconds the breaker stays open the first time before letting a trial through.
    public var openSeconds = 1.0
    /// The longest it stays open: each failed trial doubles the wait up to this.
    public var maxOpenSeconds = 3.0
    /// Trials allowed at once while half-open.
    public var halfOpenProbes = 1

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable { case failureThreshold, openFor, maxOpenFor, halfOpenProbes }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        failureThreshold = try c.decodeInt(forKey: .failureThreshold, in: 1...1000, default: failureThreshold)
        if let text = try c.decodeIfPresent(String.self, forKey: .openFor) { openSeconds = try Duration.seconds(text, at: c.codingPath + [CodingKeys.openFor]) }
        if let text = try c.decodeIfPresent(String.self, forKey: .maxOpenFor) {
            maxOpenSeconds = try Duration.seconds(text, at: c.codingPath + [CodingKeys.maxOpenFor])
            guard maxOpenSeconds >= openSeconds else {
                throw InvalidValueError(path: c.codingPath + [CodingKeys.maxOpenFor], reason: "must be at least openFor")
            }
        } else {
            maxOpenSeconds = max(maxOpenSeconds, openSeconds)
        }
        halfOpenProbes = try c.decodeInt(forKey: .halfOpenProbes, in: 1...100, default: halfOpenProbes)
    }
}

import Foundation
