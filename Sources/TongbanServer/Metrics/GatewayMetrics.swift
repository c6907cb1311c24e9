import Metrics
import Prometheus

/// One gateway's metrics: a Prometheus registry and the swift-metrics factory writing to it.
/// Each gateway has its own (tests run several in one process), handed to the parts that
/// record: the HTTP middleware, intake, callbacks, the dispatcher, the notifier.
public final class GatewayMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    public let factory: PrometheusMetricsFactory

    public init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        // Request latencies from 1 ms to 10 s.
        factory.defaultDurationHistogramBuckets = [.milliseconds(1), .milliseconds(2.5), .milliseconds(5), .milliseconds(10), .milliseconds(25),
                                                   .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
                                                   .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10)]
        self.factory = factory
    }
}
