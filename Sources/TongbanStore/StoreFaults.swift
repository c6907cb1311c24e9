import Foundation
import Synchronization

/// The store could not do its work for a reason of its own — the disk is full, an I/O
/// error, a read-only or vanished file, a lock held too long — rather than anything about
/// the request: callers answer 503 and try again later (DESIGN 5, "storage errors are honest").
public struct StoreUnavailable: Error, Sendable, CustomStringConvertible, Equatable {
    public enum Cause: String, Sendable, CaseIterable {
        case diskFull = "disk-full"
        case ioError = "io-error"
        case readOnly = "read-only"
        case busy
        case unreachable
    }

    public var cause: Cause
    /// The store's own words, for the log (never sent to a client).
    public var detail: String

    public init(cause: Cause, detail: String) {
        self.cause = cause
        self.detail = detail
    }

    public var description: String { "store unavailable (\(cause.rawValue)): \(detail)" }
}

/// Whether the store is failing now: set by the first storage error, cleared by the next
/// write that succeeds; and the outbox items it sets aside as poison. `/readyz` reports it while it lasts, and each error is counted
/// (`tongban_store_errors_total`) through the observer the gateway installs.
public final class StoreFaults: Sendable {
    public struct Failing: Sendable, Equatable {
        public var cause: StoreUnavailable.Cause
        public var since: Date
        public var detail: String
    }

    private struct State {
        var failing: Failing?
        var observer: (@Sendable (StoreUnavailable.Cause) -> Void)?
        var setAsideObserver: (@Sendable (String) -> Void)?
    }

    private let state = Mutex(State())

    public init() {}

    /// Called once per storage error, with its cause.
    public func observe(_ observer: @escaping @Sendable (StoreUnavailable.Cause) -> Void) {
        state.withLock { $0.observer = observer }
    }

    /// Called once per outbox item set aside as poison, with its queue (`deliveries`,
    /// `actions`, `notifications`).
    public func observeSetAside(_ observer: @escaping @Sendable (String) -> Void) {
        state.withLock { $0.setAsideObserver = observer }
    }

    /// Records an item set aside as poison (see `PoisonRule`).
    public func setAside(queue: String) {
        state.withLock { $0.setAsideObserver }?(queue)
    }

    /// Records a storage error.
    public func failed(_ error: StoreUnavailable, at now: Date = Date()) {
        let observer = state.withLock { state in
            if state.failing == nil { state.failing = Failing(cause: error.cause, since: now, detail: error.detail) }
            return state.observer
        }
        observer?(error.cause)
    }

    /// Records a write that went through: the store works again.
    public func succeeded() {
        // Read before writing: the common case (not failing) takes no write of shared state.
        guard state.withLock({ $0.failing != nil }) else { return }
        state.withLock { $0.failing = nil }
    }

    /// The failure in progress, if any.
    public var failing: Failing? { state.withLock { $0.failing } }
}
