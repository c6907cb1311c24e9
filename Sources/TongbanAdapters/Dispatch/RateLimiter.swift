/// A token bucket as a pure value: `ratePerSecond` tokens a second, bursts up to
/// `burst`. The caller passes the time in.
public struct RateLimiter: Sendable, Equatable {
    public let ratePerSecond: Double
    public let burst: Double
    private var tokens: Double
    private var updatedAt: Double?

    public init(ratePerSecond: Double, burst: Double? = nil) {
        self.ratePerSecond = ratePerSecond
        self.burst = max(1, burst ?? ratePerSecond)
        self.tokens = self.burst
    }

    /// Takes a token at `now`; returns 0 when one was available, else the seconds to wait.
    public mutating func take(now: Double) -> Double {
        if let updatedAt { tokens = min(burst, tokens + (now - updatedAt) * ratePerSecond) }
        updatedAt = now
        if tokens >= 1 {
            tokens -= 1
            return 0
        }
        return (1 - tokens) / ratePerSecond
    }
}
