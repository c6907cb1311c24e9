import GRDB
import TongbanStore

/// One nonce to remember.
struct NonceEntry: Sendable {
    var scope: String
    var nonce: String
    var expiresAt: Int64
    var now: Int64
}

extension SQLiteStore: NonceStore {
    public func rememberNonce(scope: String, nonce: String, expiresAt: Int64, now: Int64) async throws -> Bool {
        try await nonceWrites.submit(NonceEntry(scope: scope, nonce: nonce, expiresAt: expiresAt, now: now))
    }

    /// A batch in one transaction: expired nonces go (a bounded number per batch, so the
    /// table holds only live windows), then each is inserted unless it is there already.
    static func apply(_ batch: [NonceEntry], _ db: Database) throws -> [Result<Bool, any Error>] {
        let now = batch.map(\.now).max() ?? 0
        try db.execute(sql: """
            DELETE FROM nonces WHERE (scope, nonce) IN (SELECT scope, nonce FROM nonces WHERE expires_at < ? LIMIT ?)
            """, arguments: [now, 64 + 2 * batch.count])
        return try batch.map { entry in
            try db.execute(sql: "DELETE FROM nonces WHERE scope = ? AND nonce = ? AND expires_at < ?", arguments: [entry.scope, entry.nonce, entry.now])
            try db.execute(sql: "INSERT OR IGNORE INTO nonces (scope, nonce, expires_at) VALUES (?, ?, ?)",
                           arguments: [entry.scope, entry.nonce, entry.expiresAt])
            return .success(db.changesCount > 0)
        }
    }
}
