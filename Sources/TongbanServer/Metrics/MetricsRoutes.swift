import Foundation
import Hummingbird
import Metrics
import Prometheus
import TongbanCore
import TongbanStore

/// `GET /metrics` in the Prometheus text format. Counters and histograms are recorded as
/// things happen (swift-metrics through the gateway's own `PrometheusMetricsFactory`);
/// the levels — breaker states, outbox depths, applications by status — are read when
/// scraped.
struct MetricsRoutes {
    let registry: PrometheusCollectorRegistry
    let factory: any MetricsFactory
    let active: ActiveConfiguration
    let readiness: Readiness

    private var store: any GatewayStore { active.store }

    func register(on router: Router<GatewayRequestContext>) {
        router.get("metrics") { request, _ in
            try active.services.admins.authorizeMetrics(request)
            await refreshLevels()
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: MetricHelp.annotate(String(decoding: registry.emitToBuffer(), as: UTF8.self)))))
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
        // Every series is written on each scrape, zeros included: a state that emptied must
        // not keep showing its last count.
        if let counts = try? await store.deliveryCounts() {
            let adapters = Set(readiness.adapterHealthNow().keys).union(counts.map(\.adapterId))
            for adapter in adapters {
                for state in ["pending", "leased", "done", "dead", "cancelled"] {
                    let count = counts.first { $0.adapterId == adapter && $0.state == state }?.count ?? 0
                    Gauge(label: "tongban_outbox_deliveries", dimensions: [("adapter", adapter), ("state", state)], factory: factory).record(Double(count))
                }
            }
        }
        // Open targets past their due date (pauses for supplements counted), by service.
        let today = BeijingTime.civilDate(of: active.clock.now())
        if let clocks = try? await store.openTargetClocks(dueBefore: today) {
            let calendar = active.configuration.calendar
            var overdue = Dictionary(uniqueKeysWithValues: Service.allCases.map { ($0.rawValue, 0) })
            for (service, clock) in clocks where clock.isOverdue(on: today, calendar: calendar) { overdue[service, default: 0] += 1 }
            for (service, count) in overdue {
                Gauge(label: "tongban_targets_overdue", dimensions: [("service", service)], factory: factory).record(Double(count))
            }
        }
        if let byStatus = try? await store.applicationCountsByStatus() {
            for status in OverallStatus.allCases {
                Gauge(label: "tongban_applications", dimensions: [("status", status.rawValue)], factory: factory).record(Double(byStatus[status.rawValue] ?? 0))
            }
        }
    }
}
