/// Replay nonces kept in the store, so a captured request cannot be replayed after a
/// restart (or, later, at another instance). Each nonce belongs to a scope — a portal
/// (`portal:<id>`) or an adapter's callbacks (`callback:<id>`) — and lives until its
/// request's timestamp window ends.
public protocol NonceStore: Sendable {
    /// Records `nonce` in `scope` until `expiresAt` (unix seconds), durably before it
    /// returns; false when the same nonce is already recorded there and not expired at `now`.
    func rememberNonce(scope: String, nonce: String, expiresAt: Int64, now: Int64) async throws -> Bool
}
