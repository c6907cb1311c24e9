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

/// Whether the store is failing now, and the outbox items it sets aside as poison. A
/// storage error starts a failure; it ends once a write has gone through and no error has
/// come for `settleSeconds` — on a full disk a small write may still fit in a page the
/// store already has while the next application does not, so one success alone would make
/// `/readyz` flap. Each error is counted (`tongban_store_errors_total`) through the observer
/// the gateway installs.
public final class StoreFaults: Sendable {
    public struct Failing: Sendable, Equatable {
        public var cause: StoreUnavailable.Cause
        public var since: Date
        public var detail: String
    }

    private struct State {
        var failing: Failing?
        var lastErrorAt = Date.distantPast
        var succeededSinceError = false
        var observer: (@Sendable (StoreUnavailable.Cause) -> Void)?
        var setAsideObserver: (@Sendable (String) -> Void)?
    }

    private let state = Mutex(State())
    /// Seconds without a storage error, after a write that went through, before the store counts as working again.
    public let settleSeconds: Double

    public init(settleSeconds: Double = 5) { self.settleSeconds = settleSeconds }

    /// Called once per storage error, with its cause.
    public func observe(_ observer: @escaping @Sendable (StoreUnavailable.Cause) -> Void) {
        state.withLock { $0.observer = observer }
    }

    /// Called once per outbox item set aside as poison, with its queue (`deliveries`,
    /// `actions`, `notifications`, `callbacks`).
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
            state.lastErrorAt = now
            state.succeededSinceError = false
            return state.observer
        }
        observer?(error.cause)
    }

    /// Records a write that went through.
    public func succeeded() {
        // Read before writing: the common case (not failing) takes no write of shared state.
        guard state.withLock({ $0.failing != nil && !$0.succeededSinceError }) else { return }
        state.withLock { $0.succeededSinceError = true }
    }

    /// The failure in progress at `now`, if any.
    public func failing(at now: Date = Date()) -> Failing? {
        state.withLock { state in
            guard let failing = state.failing else { return nil }
            if state.succeededSinceError, now.timeIntervalSince(state.lastErrorAt) >= settleSeconds {
                state.failing = nil
                return nil
            }
            return failing
        }
    }

    /// The failure in progress now, if any.
    public var failing: Failing? { failing() }
}
