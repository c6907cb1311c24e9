import Testing
import TongbanCore

@Suite struct PoisonRuleTests {
    @Test(arguments: [
        (0, false, PoisonRule.Verdict.claim(abandoned: 0)),
        (0, true, .claim(abandoned: 1)),
        (1, true, .claim(abandoned: 2)),
        (2, false, .claim(abandoned: 2)),   // a due retry after an outcome: not abandoned again
    ])
    func belowTheLimitAnItemIsClaimed(abandoned: Int, ranOut: Bool, expected: PoisonRule.Verdict) {
        #expect(PoisonRule.verdict(abandoned: abandoned, leaseRanOut: ranOut, limit: 3, what: "delivery") == expected)
    }

    @Test func theThirdAbandonedLeaseSetsItAside() {
        guard case .setAside(let reason) = PoisonRule.verdict(abandoned: 2, leaseRanOut: true, limit: 3, what: "delivery") else {
            Issue.record("claimed a third time")
            return
        }
        #expect(reason.contains("3 times") && reason.contains("delivery") && reason.contains("replay"))
        #expect(PoisonRule.verdict(abandoned: 0, leaseRanOut: true, limit: 1, what: "x") != .claim(abandoned: 1))
    }
}
