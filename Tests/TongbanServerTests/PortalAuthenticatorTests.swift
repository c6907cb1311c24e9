import Foundation
import Synchronization
import Testing
import TongbanConfig
import TongbanCrypto
@testable import TongbanServer
import TongbanTestSupport

/// The authenticator alone, with a clock the test moves.
@Suite struct PortalAuthenticatorTests {
    let portal = PortalConfig(id: "p", dialect: .yiwang, scheme: .xTif, hash: .sm3, secretEnv: "X", secrets: ["secret-secret-secret"])

    func credentials(_ clock: ManualClock, nonce: String, offset: Int = 0) -> PortalCredentials {
        let ts = String(Int(clock.now().timeIntervalSince1970) + offset)
        let signature = XTifSignature(algorithm: .sm3).sign(timestamp: ts, token: "secret-secret-secret", nonce: nonce)
        return PortalCredentials(paasID: "p", timestamp: ts, nonce: nonce, signature: signature)
    }

    @Test func aNonceIsRefusedWithinTheWindowAndForgottenAfterIt() {
        let clock = ManualClock()
        let auth = PortalAuthenticator(portals: [portal], windowSeconds: 300, maxNonces: 1000, clock: clock)
        let first = credentials(clock, nonce: "n1")
        #expect((try? auth.authenticate(first).get())?.id == "p")
        #expect(throws: PortalAuthenticator.Failure.self) { try auth.authenticate(first).get() }
        clock.advance(200)
        #expect(throws: PortalAuthenticator.Failure.self) { try auth.authenticate(first).get() } // replay, still in the window
        clock.advance(200)
        #expect(throws: PortalAuthenticator.Failure.self) { try auth.authenticate(first).get() } // now stale instead
        #expect((try? auth.authenticate(credentials(clock, nonce: "n1")).get())?.id == "p") // the nonce may be reused with a new timestamp
    }

    @Test func aFullNonceCacheRefusesRatherThanForgets() {
        let clock = ManualClock()
        let auth = PortalAuthenticator(portals: [portal], windowSeconds: 300, maxNonces: 3, clock: clock)
        for n in 0..<3 { #expect((try? auth.authenticate(credentials(clock, nonce: "n\(n)")).get()) != nil) }
        let result = auth.authenticate(credentials(clock, nonce: "n3"))
        guard case .failure(let failure) = result else { Issue.record("expected refusal"); return }
        #expect(failure.retryable)
        clock.advance(301)
        #expect((try? auth.authenticate(credentials(clock, nonce: "n4")).get()) != nil) // expired entries make room
    }
}


/// Each scope has its own nonce budget: one that fills it is refused alone.
@Suite struct NonceBudgetTests {
    @Test func aFullScopeDoesNotStarveTheOthers() {
        let cache = NonceCache(capacity: 3)
        for n in 0..<3 { #expect(cache.record(portal: "portal:a", nonce: "n\(n)", expiry: 100, now: 0) == .fresh) }
        #expect(cache.record(portal: "portal:a", nonce: "n3", expiry: 100, now: 0) == .full)
        #expect(cache.record(portal: "portal:b", nonce: "n0", expiry: 100, now: 0) == .fresh)
        #expect(cache.record(portal: "portal:a", nonce: "n0", expiry: 100, now: 0) == .replayed)
        // Expired entries give the budget back.
        #expect(cache.record(portal: "portal:a", nonce: "n4", expiry: 300, now: 200) == .fresh)
    }
}
