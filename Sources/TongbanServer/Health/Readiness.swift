import Foundation
import Synchronization
import TongbanCore
import TongbanStore

/// What `/readyz` reports: whether this gateway should get traffic (DESIGN 7). Ready means
/// the store answers and the gateway is not draining; the adapters' health (from their
/// circuit breakers) is reported beside it, since a failing back end does not stop intake
/// (the outbox keeps its deliveries).
public final class Readiness: Sendable {
    private let draining = Atomic<Bool>(false)
    private let adapterHealth: @Sendable () -> [String: String]
    private let probes: @Sendable () -> [String: ProbeStatus]
    private let loaded: Mutex<Report.Config>

    /// The latest active check of a back end whose spec declares a `probe`.
    public struct ProbeStatus: Sendable, Encodable, Equatable {
        public var up: Bool
        public var detail: String
        public var checkedAt: Date
        public init(up: Bool, detail: String, checkedAt: Date) {
            self.up = up
            self.detail = detail
            self.checkedAt = checkedAt
        }
    }

    /// `adapterHealth` gives each adapter's `ok`, `degraded` or `failing` (its breaker);
    /// `probes` the latest active checks.
    public init(adapterCount: Int, loadedAt: Date = Date(), probes: @escaping @Sendable () -> [String: ProbeStatus] = { [:] },
                adapterHealth: @escaping @Sendable () -> [String: String]) {
        self.loaded = Mutex(Report.Config(loadedAt: loadedAt, adapters: adapterCount, generation: 1))
        self.probes = probes
        self.adapterHealth = adapterHealth
    }

    /// Before a planned stop: `/readyz` fails so load balancers move traffic away, while
    /// requests keep being served.
    public func setDraining(_ value: Bool) { draining.store(value, ordering: .relaxed) }
    public var isDraining: Bool { draining.load(ordering: .relaxed) }

    /// A reload put a configuration in force.
    public func configurationLoaded(at date: Date, adapters: Int, generation: Int) {
        loaded.withLock { $0 = Report.Config(loadedAt: date, adapters: adapters, generation: generation) }
    }

    /// Each adapter's health now.
    func adapterHealthNow() -> [String: String] { adapterHealth() }

    /// The latest probes now.
    func probesNow() -> [String: ProbeStatus] { probes() }

    /// The body of `/readyz`.
    struct Report: Encodable {
        /// `ready`, `draining` or `unavailable` (the store does not answer, or cannot write).
        var status: String
        var store: String
        var draining: Bool
        var config: Config
        /// Adapter id → ok, degraded or failing.
        var adapters: [String: String]
        /// Adapter id → its latest active check, for specs that declare a `probe`.
        var probes: [String: ProbeStatus]
        /// Stored specs out of force because they failed their check (id → why).
        var disabled: [String: [String]]?

        struct Config: Encodable, Sendable {
            var loadedAt: Date
            var adapters: Int
            /// 1 at start, one more for each configuration put in force since.
            var generation: Int
        }

        var isReady: Bool { status == "ready" }
    }

    func report(store: any StoreHealth) async -> Report {
        var storeState = "ok"
        do {
            try await store.checkReachable()
            // While writes fail (a full disk still reads), each check tries one, to see it recover.
            if store.faults.failing != nil { try? await store.checkWritable() }
            if let failing = store.faults.failing {
                storeState = "failing: \(failing.cause.rawValue) since \(RFC3339.format(failing.since))"
            }
        } catch {
            storeState = "unreachable: \(error)"
        }
        let status = storeState != "ok" ? "unavailable" : isDraining ? "draining" : "ready"
        return Report(status: status, store: storeState, draining: isDraining, config: loaded.withLock { $0 },
                      adapters: adapterHealth(), probes: probes())
    }
}
