import Foundation
import TongbanAdapters
import TongbanCrypto
import TongbanStore

/// Refuses a second use of a signed inbound request (a callback, a signed portal's
/// request): what identified it — its nonce, or its signature when the scheme has none —
/// is remembered until the end of the window around its own time, in memory and durably in
/// the store before the request is served, so a restart does not make it new again.
/// Headers stamped in the future cannot be used again once "now" catches up.
enum ReplayGuard {
    enum Verdict: Equatable { case fresh, replayed, busy }

    /// `cacheScope` names the in-memory budget (a portal's own), `storeScope` the store's row scope.
    static func check(_ accepted: RequestVerifier.Accepted, windowSeconds: Double, cacheScope: String, storeScope: String,
                      cache: NonceCache, store: any NonceStore, now: Date) async throws -> Verdict {
        guard let key = accepted.replayKey, let signedAt = accepted.signedAt else { return .fresh }
        let seconds = Int64(now.timeIntervalSince1970), expiry = Int64(signedAt.timeIntervalSince1970 + windowSeconds) + 1
        // As a digest: a long nonce costs no more memory than a short one.
        let nonce = Hex.encode(HashAlgorithm.sha256.digest(Array(key.utf8)).prefix(16))
        switch cache.record(portal: cacheScope, nonce: nonce, expiry: expiry, now: seconds) {
        case .fresh: break
        case .replayed: return .replayed
        case .full: return .busy
        }
        return try await store.rememberNonce(scope: storeScope, nonce: nonce, expiresAt: expiry, now: seconds) ? .fresh : .replayed
    }
}
