import Foundation

/// One version of an adapter spec stored through the admin API; a deletion is a version
/// without text. Versions are never overwritten; beyond the newest `adapters.versionsKept`
/// they are removed (the audit chain keeps each one's digest).
public struct StoredAdapterSpec: Sendable, Codable, Equatable {
    public var adapterId: String
    /// 1, 2, 3, … per adapter.
    public var version: Int
    /// The owning agency's unified social credit code.
    public var owner: String
    /// The spec as sent (YAML or JSON); nil for a deletion.
    public var text: String?
    /// SHA-256 of the text, hex; empty for a deletion.
    public var digest: String
    /// Who stored it: `operator` or `agency:<credit code>`.
    public var actor: String
    public var createdAt: Date

    public var isDeletion: Bool { text == nil }

    public init(adapterId: String, version: Int, owner: String, text: String?, digest: String, actor: String, createdAt: Date) {
        self.adapterId = adapterId
        self.version = version
        self.owner = owner
        self.text = text
        self.digest = digest
        self.actor = actor
        self.createdAt = createdAt
    }
}

/// An administrative change, recorded as an event of the audit chain (who, what, when).
public struct AdminChange: Sendable, Codable, Equatable {
    /// What was done: `adapter.put`, `adapter.delete`, `config.reload`, `drain.on`,
    /// `delivery.replay`, …
    public var action: String
    /// What it was done to (an adapter, target, notification or action id), if anything.
    public var subject: String?
    /// Who: `operator` or `agency:<credit code>`.
    public var actor: String
    /// In words, for people reading the audit trail.
    public var note: String
    public var at: Date

    public init(action: String, subject: String? = nil, actor: String, note: String, at: Date) {
        self.action = action
        self.subject = subject
        self.actor = actor
        self.note = note
        self.at = at
    }
}

/// Adapter specs stored through the admin API, and the admin changes of the audit chain.
public protocol AdminStore: Sendable {
    /// Stores the next version of `adapterId` (a deletion when `text` is nil) with its
    /// audit event, and removes versions older than the newest `keepingVersions`, in one
    /// transaction.
    func saveAdapterSpec(adapterId: String, owner: String, text: String?, change: AdminChange, keepingVersions: Int) async throws -> StoredAdapterSpec
    /// Every version of one adapter, newest first (empty when none was ever stored).
    func adapterSpecHistory(adapterId: String) async throws -> [StoredAdapterSpec]
    /// The latest version of each adapter whose latest version is not a deletion.
    func currentAdapterSpecs() async throws -> [StoredAdapterSpec]
    /// Records an admin change that stores nothing else (a reload, the drain switch).
    func recordAdminChange(_ change: AdminChange) async throws
    /// The latest admin changes, newest first.
    func adminChanges(limit: Int) async throws -> [AdminChange]
}
