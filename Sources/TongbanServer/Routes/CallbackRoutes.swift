import Foundation
import HTTPTypes
import Hummingbird
import TongbanCore

/// `POST /v1/callbacks/{adapterId}`: back ends report status changes here. Not behind the
/// portal authentication; each adapter's own credentials are checked by `CallbackService`.
struct CallbackRoutes {
    let service: CallbackService
    let maxBodyBytes: Int

    func register(on router: Router<GatewayRequestContext>) {
        router.post("v1/callbacks/{adapterId}") { request, context in
            let adapterId = try context.parameters.require("adapterId")
            let answer = try await service.receive(adapterId: adapterId, method: request.method.rawValue, path: request.uri.path,
                                                   body: try await request.collectBody(limit: maxBodyBytes)) { name in
                HTTPField.Name(name).flatMap { request.headers[$0] }
            }
            return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: answer.jsonText)))
        }
    }
}
