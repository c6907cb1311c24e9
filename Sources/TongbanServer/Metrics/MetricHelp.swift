/// The `# HELP` text of every metric family the gateway exposes. The metrics are recorded
/// through swift-metrics, which carries no help text, so `/metrics` puts these lines in
/// front of each family's `# TYPE` line. A test scrapes a busy gateway and fails on a
/// family missing here; `promtool check metrics` passes on the result.
enum MetricHelp {
    static let text: [String: String] = [
        "tongban_http_requests_total": "HTTP requests answered, by method, route and status.",
        "tongban_http_request_duration_seconds": "Time from a request's arrival to its answer, by method and route.",
        "tongban_intake_outcomes_total": "Applications submitted, by outcome: accepted, replayed, or the problem kind of a refusal (validation, conflict, malformed-request, …).",
        "tongban_deliveries_total": "Delivery attempts to back ends, by adapter and outcome.",
        "tongban_delivery_retries_total": "Delivery attempts after the first, by adapter.",
        "tongban_callbacks_total": "Back ends' status callbacks, by adapter and outcome.",
        "tongban_notifications_total": "Status notifications to portals, by outcome.",
        "tongban_targets_overdue": "Open targets past their due date (supplement pauses excluded), by service.",
        "tongban_breaker_state": "Each adapter's circuit breaker: 0 closed, 1 degraded or half-open, 2 open.",
        "tongban_outbox_deliveries": "Deliveries in the outbox, by adapter and state (pending, leased, done, dead, cancelled).",
        "tongban_applications": "Stored applications, by overall status.",
        "tongban_probe_up": "Each adapter's latest active health check: 1 up, 0 down.",
        "tongban_store_errors_total": "Storage errors (disk full, I/O error, read-only, busy, unreachable), by cause.",
        "tongban_client_aborts_total": "Requests whose client closed or reset the connection before the request was complete.",
        "tongban_poison_total": "Outbox items set aside after the gateway stopped repeatedly while processing them, by queue.",
    ]

    /// The exposition with a `# HELP` line before each family's `# TYPE` line.
    static func annotate(_ exposition: String) -> String {
        var out = ""
        out.reserveCapacity(exposition.utf8.count + 2048)
        for line in exposition.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("# TYPE ") {
                let name = line.dropFirst("# TYPE ".count).split(separator: " ").first.map(String.init) ?? ""
                out += "# HELP \(name) \(text[name] ?? "Tongban metric \(name).")\n"
            }
            out += line
            out += "\n"
        }
        if out.hasSuffix("\n\n") { out.removeLast() }
        return out
    }
}
