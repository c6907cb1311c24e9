import Foundation
import HTTPTypes
import Hummingbird
import Metrics
import TongbanCore

/// `POST /v1/callbacks/{adapterId}`: back ends report status changes here. Not behind the
/// portal authentication; each adapter's own credentials are checked by `CallbackService`.
struct CallbackRoutes {
    /// The adapters of the configuration in force.
    let active: ActiveConfiguration
    /// Counts callbacks by adapter and outcome (`tongban_callbacks_total`).
    let metrics: any MetricsFactory

    func register(on router: Router<GatewayRequestContext>) {
        router.post("v1/callbacks/{adapterId}") { request, context in
            let adapterId = try context.parameters.require("adapterId")
            let services = active.services
            let service = services.callbacks
            let answer: CallbackService.Answer
            do {
                let body = try await request.collectBody(limit: services.configuration.settings.limits.maxBodyBytes)
                answer = try await service.receive(adapterId: adapterId, method: request.method.rawValue, path: request.uri.path, body: body) { name in
                    HTTPField.Name(name).flatMap { request.headers[$0] }
                }
            } catch CallbackRefusal.unauthenticated(let reason) {
                count(adapterId, "unauthorized", service)
                context.logger.warning("callback refused", metadata: ["adapter": "\(adapterId)", "reason": "\(reason)"])
                throw Problem(CallbackRefusal.unauthenticated(reason: reason))
            } catch {
                guard let problem = Problem.from(error) else { throw error }
                count(adapterId, problem.kind, service)
                throw problem
            }
            // moved, unchanged, late or illegal; or duplicate.
            count(adapterId, answer.duplicate ? "duplicate" : answer.verdict ?? "applied", service)
            return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: answer.jsonText)))
        }
    }

    private func count(_ adapterId: String, _ outcome: String, _ service: CallbackService) {
        // Only configured adapters get their own series: a path is attacker-controlled.
        let adapter = service.readers[adapterId] == nil ? "unknown" : adapterId
        Counter(label: "tongban_callbacks_total", dimensions: [("adapter", adapter), ("outcome", outcome)], factory: metrics).increment()
    }
}
