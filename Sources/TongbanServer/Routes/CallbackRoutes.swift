import Foundation
import HTTPTypes
import Hummingbird
import Metrics
import TongbanCore

/// `POST /v1/callbacks/{adapterId}`: back ends report status changes here. Not behind the
/// portal authentication; each adapter's own credentials are checked by `CallbackService`.
struct CallbackRoutes {
    let service: CallbackService
    /// Counts callbacks by adapter and outcome (`tongban_callbacks_total`).
    let metrics: any MetricsFactory
    let maxBodyBytes: Int

    func register(on router: Router<GatewayRequestContext>) {
        router.post("v1/callbacks/{adapterId}") { request, context in
            let adapterId = try context.parameters.require("adapterId")
            let answer: CallbackService.Answer
            do {
                answer = try await service.receive(adapterId: adapterId, method: request.method.rawValue, path: request.uri.path,
                                                   body: try await request.collectBody(limit: maxBodyBytes)) { name in
                    HTTPField.Name(name).flatMap { request.headers[$0] }
                }
            } catch let problem as Problem {
                count(adapterId, problem.kind)
                throw problem
            }
            // moved, unchanged, late or illegal; or duplicate.
            count(adapterId, answer.duplicate ? "duplicate" : answer.verdict ?? "applied")
            return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: answer.jsonText)))
        }
    }

    private func count(_ adapterId: String, _ outcome: String) {
        // Only configured adapters get their own series: a path is attacker-controlled.
        let adapter = service.readers[adapterId] == nil ? "unknown" : adapterId
        Counter(label: "tongban_callbacks_total", dimensions: [("adapter", adapter), ("outcome", outcome)], factory: metrics).increment()
    }
}
