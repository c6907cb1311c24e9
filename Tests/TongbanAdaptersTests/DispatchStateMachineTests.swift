import Testing
@testable import TongbanAdapters

@Suite struct CircuitBreakerTests {
    var spec: BreakerSpec {
        var s = BreakerSpec()
        s.failureThreshold = 3
        s.openSeconds = 30
        s.halfOpenProbes = 2
        return s
    }

    @Test func opensAtTheThresholdHalfOpensAfterTheWaitAndClosesOnSuccess() {
        var breaker = CircuitBreaker(spec: spec)
        for t in 0..<2 {
            #expect(breaker.request(now: Double(t)) == .proceed)
            breaker.record(success: false, now: Double(t))
        }
        #expect(breaker.state == .closed(failures: 2) && breaker.health == "degraded")
        #expect(breaker.request(now: 2) == .proceed)
        breaker.record(success: false, now: 2)
        #expect(breaker.state == .open(until: 32) && breaker.health == "failing")
        #expect(breaker.request(now: 10) == .reject(retryAt: 32))
        // After the wait: two probes, not three.
        #expect(breaker.request(now: 32) == .proceed)
        #expect(breaker.request(now: 32) == .proceed)
        #expect(breaker.request(now: 32) == .reject(retryAt: 33))
        breaker.record(success: true, now: 33)
        #expect(breaker.state == .closed(failures: 0) && breaker.health == "ok")
    }

    @Test func aFailedProbeOpensItAgain() {
        var breaker = CircuitBreaker(spec: spec)
        for t in 0..<3 { _ = breaker.request(now: Double(t)); breaker.record(success: false, now: Double(t)) }
        #expect(breaker.request(now: 40) == .proceed)
        breaker.record(success: false, now: 40)
        #expect(breaker.state == .open(until: 70))
    }

    @Test func aSuccessResetsTheCountAndLateResultsWhileOpenChangeNothing() {
        var breaker = CircuitBreaker(spec: spec)
        for (t, ok) in [false, false, true, false, false].enumerated() { _ = breaker.request(now: Double(t)); breaker.record(success: ok, now: Double(t)) }
        #expect(breaker.state == .closed(failures: 2))
        _ = breaker.request(now: 5); breaker.record(success: false, now: 5)
        breaker.record(success: true, now: 6) // started before it opened
        #expect(breaker.state == .open(until: 35))
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
