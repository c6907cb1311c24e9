/// A per-adapter circuit breaker as a pure state machine (no clock, no I/O): the caller
/// passes the time in and acts on the decisions it returns. Closed lets everything
/// through and counts consecutive failures; at the threshold it opens and refuses until
/// `openSeconds` pass; then half-open lets a bounded number of probes through: a success
/// closes it, a failure opens it again.
public struct CircuitBreaker: Sendable, Equatable {
    public enum State: Sendable, Equatable {
        case closed(failures: Int)
        case open(until: Double)
        case halfOpen(probesInFlight: Int)
    }

    /// What the caller may do now.
    public enum Decision: Sendable, Equatable {
        case proceed
        /// Refused; try again at `retryAt` (unix seconds).
        case reject(retryAt: Double)
    }

    public let spec: BreakerSpec
    public private(set) var state: State = .closed(failures: 0)

    public init(spec: BreakerSpec) { self.spec = spec }

    /// Asks to start one attempt at `now`.
    public mutating func request(now: Double) -> Decision {
        switch state {
        case .closed:
            return .proceed
        case .open(let until):
            guard now >= until else { return .reject(retryAt: until) }
            state = .halfOpen(probesInFlight: 1)
            return .proceed
        case .halfOpen(let probes):
            guard probes < spec.halfOpenProbes else { return .reject(retryAt: now + 1) }
            state = .halfOpen(probesInFlight: probes + 1)
            return .proceed
        }
    }

    /// Reports the end of an attempt that `request` let through.
    public mutating func record(success: Bool, now: Double) {
        switch state {
        case .closed(let failures):
            if success { state = .closed(failures: 0) }
            else if failures + 1 >= spec.failureThreshold { state = .open(until: now + spec.openSeconds) }
            else { state = .closed(failures: failures + 1) }
        case .halfOpen(let probes):
            if success { state = .closed(failures: 0) }
            else { state = .open(until: now + spec.openSeconds) }
            _ = probes
        case .open:
            // A late result of an attempt started before the breaker opened changes nothing.
            break
        }
    }

    /// ok / degraded / failing, for health reporting.
    public var health: String {
        switch state {
        case .closed(let failures): failures == 0 ? "ok" : "degraded"
        case .halfOpen: "degraded"
        case .open: "failing"
        }
    }
}
