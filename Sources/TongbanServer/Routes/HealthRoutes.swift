import Foundation
import Hummingbird
import HTTPTypes
import TongbanAdapters
import TongbanCore
import TongbanStore

/// `/healthz` (the process answers) and `/readyz` (it should get traffic: store reachable,
/// configuration loaded, not draining). No authentication is needed — load balancers and
/// orchestrators call them — and without it `/readyz` says only ready or not; with an
/// admin token it adds the store, the configuration, each adapter's health, probe and
/// disabled specs (an agency's token: its own adapters only).
struct HealthRoutes {
    let readiness: Readiness
    let store: any GatewayStore
    let active: ActiveConfiguration

    func register(on router: Router<GatewayRequestContext>) {
        router.get("healthz") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: #"{"status":"ok"}"#)))
        }
        router.get("readyz") { request, _ in
            var report = await readiness.report(store: store)
            let status: HTTPResponse.Status = report.isReady ? .ok : .serviceUnavailable
            // Anyone else (a load balancer, a portal's token, a wrong one) learns ready or not.
            guard let principal = try? active.services.admins.principal(for: request) else {
                return Response(status: status, headers: [.contentType: "application/json"],
                                body: .init(byteBuffer: ByteBuffer(string: #"{"status":"\#(report.status)"}"#)))
            }
            let configuration = active.configuration
            report.disabled = principal.visibleDisabled(in: configuration).mapValues { $0.problems.map(\.description) }
            if case .agency = principal.role {
                let own = principal.visibleAdapterIds(in: configuration)
                report.adapters = report.adapters.filter { own.contains($0.key) }
                report.probes = report.probes.filter { own.contains($0.key) }
                report.store = report.store == "ok" ? "ok" : "unreachable"
            }
            return Response(status: status, headers: [.contentType: "application/json"],
                            body: .init(byteBuffer: ByteBuffer(bytes: try CanonicalJSON.encoder().encode(report))))
        }
    }
}
