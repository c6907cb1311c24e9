import Testing
import Yams
@testable import TongbanAdapters

@Suite struct CircuitBreakerTests {
    var spec: BreakerSpec {
        var s = BreakerSpec()
        s.failureThreshold = 3
        s.openSeconds = 30
        s.maxOpenSeconds = 100
        s.halfOpenProbes = 2
        return s
    }

    /// An attempt started at `t` and ended at `t`.
    func attempt(_ breaker: inout CircuitBreaker, at t: Double, ok: Bool) {
        _ = breaker.request(now: t)
        breaker.record(success: ok, startedAt: t, now: t)
    }

    @Test func opensAtTheThresholdHalfOpensAfterTheWaitAndClosesOnSuccess() {
        var breaker = CircuitBreaker(spec: spec)
        for t in 0..<2 { attempt(&breaker, at: Double(t), ok: false) }
        #expect(breaker.state == .closed(failures: 2) && breaker.health == "degraded")
        attempt(&breaker, at: 2, ok: false)
        #expect(breaker.state == .open(until: 32) && breaker.health == "failing")
        #expect(breaker.request(now: 10) == .reject(retryAt: 32))
        // After the wait: two trials, not three.
        #expect(breaker.request(now: 32) == .proceed)
        #expect(breaker.request(now: 32) == .proceed)
        #expect(breaker.request(now: 32) == .reject(retryAt: 33))
        breaker.record(success: true, startedAt: 32, now: 33)
        #expect(breaker.state == .closed(failures: 0) && breaker.health == "ok")
    }

    @Test func eachFailedTrialDoublesTheWaitUpToTheMaximum() {
        var breaker = CircuitBreaker(spec: spec)
        for t in 0..<3 { attempt(&breaker, at: Double(t), ok: false) }
        #expect(breaker.state == .open(until: 32))
        attempt(&breaker, at: 40, ok: false)
        #expect(breaker.state == .open(until: 100))
        attempt(&breaker, at: 100, ok: false)
        #expect(breaker.state == .open(until: 200))   // 30 → 60 → 100 (the cap)
        attempt(&breaker, at: 200, ok: false)
        #expect(breaker.state == .open(until: 300))
        attempt(&breaker, at: 300, ok: true)
        #expect(breaker.state == .closed(failures: 0))
        // A new outage starts again from openFor.
        for t in 301..<304 { attempt(&breaker, at: Double(t), ok: false) }
        #expect(breaker.state == .open(until: 333))
    }

    /// Attempts that began before the breaker half-opened are not trials: their failure (a
    /// connection refused from before the outage ended) does not reopen it, and failures of
    /// attempts begun before it closed do not count against the new run.
    @Test func onlyAttemptsStartedAfterTheBreakerHalfOpenedAreTrials() {
        var breaker = CircuitBreaker(spec: spec)
        for t in 0..<3 { attempt(&breaker, at: Double(t), ok: false) }
        #expect(breaker.request(now: 35) == .proceed)
        breaker.record(success: false, startedAt: 1.5, now: 36) // began before it opened
        #expect(breaker.state == .halfOpen(probesInFlight: 1))
        breaker.record(success: true, startedAt: 35, now: 37)
        #expect(breaker.state == .closed(failures: 0))
        for _ in 0..<5 { breaker.record(success: false, startedAt: 20, now: 38) } // stale results
        #expect(breaker.state == .closed(failures: 0))
        breaker.record(success: false, startedAt: 38, now: 39)
        #expect(breaker.state == .closed(failures: 1))
    }

    @Test func aSuccessResetsTheCountAndLateResultsWhileOpenChangeNothing() {
        var breaker = CircuitBreaker(spec: spec)
        for (t, ok) in [false, false, true, false, false].enumerated() { attempt(&breaker, at: Double(t), ok: ok) }
        #expect(breaker.state == .closed(failures: 2))
        attempt(&breaker, at: 5, ok: false)
        breaker.record(success: true, startedAt: 4, now: 6) // started before it opened
        #expect(breaker.state == .open(until: 35))
    }

    @Test func theSpecReadsBothTimingsAndRefusesAMaximumBelowTheStart() throws {
        let read = { (yaml: String) throws -> BreakerSpec in try YAMLDecoder().decode(BreakerSpec.self, from: yaml) }
        let spec = try read("{openFor: 2s, maxOpenFor: 10s}")
        #expect(spec.openSeconds == 2 && spec.maxOpenSeconds == 10)
        #expect(try read("{openFor: 30s}").maxOpenSeconds == 30)
        #expect(try read("{}") == BreakerSpec())
        #expect(throws: (any Error).self) { try read("{openFor: 10s, maxOpenFor: 2s}") }
    }
}

@Suite struct RateAndRetryTests {
    @Test func tokenBucketAllowsTheBurstThenTheRate() {
        var limiter = RateLimiter(ratePerSecond: 10, burst: 2)
        #expect(limiter.take(now: 0) == 0 && limiter.take(now: 0) == 0)
        let wait = limiter.take(now: 0)
        #expect(abs(wait - 0.1) < 1e-9)
        #expect(limiter.take(now: 0.1) == 0)
        #expect(limiter.take(now: 10) == 0 && limiter.take(now: 10) == 0) // refilled, capped at the burst
        #expect(limiter.take(now: 10) > 0)
    }

    @Test func backoffGrowsIsCappedAndJittered() {
        var schedule = RetrySchedule()
        schedule.initialDelay = 1
        schedule.maxDelay = 10
        schedule.multiplier = 2
        schedule.jitter = 0.2
        #expect(schedule.delay(beforeAttempt: 2, unit: 0.5) == 1)
        #expect(schedule.delay(beforeAttempt: 3, unit: 0.5) == 2)
        #expect(schedule.delay(beforeAttempt: 5, unit: 0.5) == 8)
        #expect(schedule.delay(beforeAttempt: 9, unit: 0.5) == 10)
        #expect(schedule.delay(beforeAttempt: 3, unit: 0) == 1.6)
        #expect(abs(schedule.delay(beforeAttempt: 3, unit: 0.999_999) - 2.4) < 1e-5)
    }
}
