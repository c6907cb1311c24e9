import Foundation
import Hummingbird
import Metrics
import Prometheus
import TongbanStore

/// `GET /metrics` in the Prometheus text format. Counters and histograms are recorded as
/// things happen (swift-metrics through the gateway's own `PrometheusMetricsFactory`);
/// the levels — breaker states, outbox depths, applications by status — are read when
/// scraped.
struct MetricsRoutes {
    let registry: PrometheusCollectorRegistry
    let factory: any MetricsFactory
    let store: any GatewayStore
    let readiness: Readiness

    func register(on router: Router<GatewayRequestContext>) {
        router.get("metrics") { _, _ in
            await refreshLevels()
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
    }

    private func refreshLevels() async {
        for (adapter, health) in readiness.adapterHealthNow() {
            let value = switch health { case "ok": 0.0; case "degraded": 1.0; case "failing": 2.0; default: -1.0 }
            Gauge(label: "tongban_breaker_state", dimensions: [("adapter", adapter)], factory: factory).record(value)
        }
        for (adapter, probe) in readiness.probesNow() {
            Gauge(label: "tongban_probe_up", dimensions: [("adapter", adapter)], factory: factory).record(probe.up ? 1.0 : 0.0)
        }
        if let counts = try? await store.deliveryCounts() {
            for count in counts {
                Gauge(label: "tongban_outbox_deliveries", dimensions: [("adapter", count.adapterId), ("state", count.state)], factory: factory)
                    .record(Double(count.count))
            }
        }
        if let byStatus = try? await store.applicationCountsByStatus() {
            for (status, count) in byStatus {
                Gauge(label: "tongban_applications", dimensions: [("status", status)], factory: factory).record(Double(count))
            }
        }
    }
}
