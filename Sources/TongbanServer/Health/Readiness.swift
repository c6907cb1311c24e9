import Foundation
import Synchronization
import TongbanStore

/// What `/readyz` reports: whether this gateway should get traffic (DESIGN 7). Ready means
/// the store answers and the gateway is not draining; the adapters' health (from their
/// circuit breakers) is reported beside it, since a failing back end does not stop intake
/// (the outbox keeps its deliveries).
public final class Readiness: Sendable {
    private let draining = Atomic<Bool>(false)
    private let adapterHealth: @Sendable () -> [String: String]
    private let loadedAt: Date
    private let adapterCount: Int

    /// `adapterHealth` gives each adapter's `ok`, `degraded` or `failing`.
    public init(adapterCount: Int, loadedAt: Date = Date(), adapterHealth: @escaping @Sendable () -> [String: String]) {
        self.adapterCount = adapterCount
        self.loadedAt = loadedAt
        self.adapterHealth = adapterHealth
    }

    /// Before a planned stop: `/readyz` fails so load balancers move traffic away, while
    /// requests keep being served.
    public func setDraining(_ value: Bool) { draining.store(value, ordering: .relaxed) }
    public var isDraining: Bool { draining.load(ordering: .relaxed) }

    /// Each adapter's health now.
    func adapterHealthNow() -> [String: String] { adapterHealth() }

    /// The body of `/readyz`.
    struct Report: Encodable {
        /// `ready`, `draining` or `unavailable` (the store does not answer).
        var status: String
        var store: String
        var draining: Bool
        var config: Config
        /// Adapter id → ok, degraded or failing.
        var adapters: [String: String]

        struct Config: Encodable {
            var loadedAt: Date
            var adapters: Int
        }

        var isReady: Bool { status == "ready" }
    }

    func report(store: any StoreHealth) async -> Report {
        var storeState = "ok"
        do { try await store.checkReachable() } catch { storeState = "unreachable: \(error)" }
        let status = storeState != "ok" ? "unavailable" : isDraining ? "draining" : "ready"
        return Report(status: status, store: storeState, draining: isDraining, config: .init(loadedAt: loadedAt, adapters: adapterCount),
                      adapters: adapterHealth())
    }
}
