import Foundation
import Hummingbird
import TongbanCore
import TongbanStore

/// `/healthz` (the process answers) and `/readyz` (it should get traffic: store reachable,
/// configuration loaded, not draining; each adapter's health beside it). No authentication:
/// load balancers and orchestrators call them.
struct HealthRoutes {
    let readiness: Readiness
    let store: any GatewayStore

    func register(on router: Router<GatewayRequestContext>) {
        router.get("healthz") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: #"{"status":"ok"}"#)))
        }
        router.get("readyz") { _, _ in
            let report = await readiness.report(store: store)
            return Response(status: report.isReady ? .ok : .serviceUnavailable, headers: [.contentType: "application/json"],
                            body: .init(byteBuffer: ByteBuffer(bytes: try CanonicalJSON.encoder().encode(report))))
        }
    }
}
