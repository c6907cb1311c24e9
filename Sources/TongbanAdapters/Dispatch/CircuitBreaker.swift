/// A per-adapter circuit breaker as a pure state machine (no clock, no I/O): the caller
/// passes the time in and acts on the decisions it returns. Closed lets everything
/// through and counts consecutive failures; at the threshold it opens and refuses until
/// its open period passes; then half-open lets a bounded number of trials through: a
/// success closes it, a failed trial opens it again for twice as long, up to `maxOpenFor`
/// — so trials stay a few seconds apart however long the outage, and deliveries resume a
/// few seconds after the back end is back.
///
/// Results are judged by when their attempt started: an attempt that began before the
/// breaker half-opened (it waited on a connection from before the outage, say) is not a
/// trial and its failure does not reopen the breaker; one that began before the breaker
/// last closed does not count against the new run either.
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
    /// How long the next opening lasts: `openFor`, doubled by each failed trial.
    private var nextOpenSeconds: Double
    /// When the breaker last half-opened, and last closed after being open.
    private var halfOpenedAt = -Double.infinity
    private var closedAt = -Double.infinity

    public init(spec: BreakerSpec) {
        self.spec = spec
        nextOpenSeconds = spec.openSeconds
    }

    /// Asks to start one attempt at `now`.
    public mutating func request(now: Double) -> Decision {
        switch state {
        case .closed:
            return .proceed
        case .open(let until):
            guard now >= until else { return .reject(retryAt: until) }
            state = .halfOpen(probesInFlight: 1)
            halfOpenedAt = now
            return .proceed
        case .halfOpen(let probes):
            guard probes < spec.halfOpenProbes else { return .reject(retryAt: now + 1) }
            state = .halfOpen(probesInFlight: probes + 1)
            return .proceed
        }
    }

    /// Reports the end of an attempt that `request` let through at `startedAt`.
    public mutating func record(success: Bool, startedAt: Double, now: Double) {
        switch state {
        case .closed(let failures):
            if success { state = .closed(failures: 0) }
            else if startedAt < closedAt { break } // from before the back end came back
            else if failures + 1 >= spec.failureThreshold { open(now: now) }
            else { state = .closed(failures: failures + 1) }
        case .halfOpen:
            if success {
                state = .closed(failures: 0)
                closedAt = now
                nextOpenSeconds = spec.openSeconds
            } else if startedAt >= halfOpenedAt {
                nextOpenSeconds = min(nextOpenSeconds * 2, spec.maxOpenSeconds)
                open(now: now)
            }
        case .open:
            // A late result of an attempt started before the breaker opened changes nothing.
            break
        }
    }

    private mutating func open(now: Double) {
        state = .open(until: now + nextOpenSeconds)
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
