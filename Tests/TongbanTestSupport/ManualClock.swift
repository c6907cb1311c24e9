import Foundation
import Synchronization
import TongbanCore

/// A clock the test moves: what the store, the dispatcher, the notifier and the services read
/// instead of the system's.
public final class ManualClock: WallClock {
    private let seconds: Mutex<Double>

    public init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        seconds = Mutex(start.timeIntervalSince1970)
    }

    public func now() -> Date { Date(timeIntervalSince1970: seconds.withLock { $0 }) }

    public func advance(_ by: Double) { seconds.withLock { $0 += by } }

    public func set(_ date: Date) { seconds.withLock { $0 = date.timeIntervalSince1970 } }
}
