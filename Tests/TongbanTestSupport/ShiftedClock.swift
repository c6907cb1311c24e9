import Foundation
import Synchronization
import TongbanCore

/// The system's clock moved by an offset the test sets: time runs as usual (retries, leases
/// and timeouts behave as in production) but the test can jump to a later day, to make a
/// due date pass without editing the store.
public final class ShiftedClock: WallClock {
    private let offset = Mutex<Double>(0)

    public init() {}

    public func now() -> Date { Date().addingTimeInterval(offset.withLock { $0 }) }

    /// Moves every later reading `seconds` further on.
    public func jump(_ seconds: Double) { offset.withLock { $0 += seconds } }
}
