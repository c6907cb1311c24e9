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
            if let length = request.headers[.contentLength].flatMap(Int.init), length > maxBodyBytes {
                throw Problem.tooLarge("请求体 \(length) 字节，超过上限 \(maxBodyBytes) 字节")
            }
            let body: ByteBuffer
            do {
                body = try await request.body.collect(upTo: maxBodyBytes)
            } catch let error as HTTPError where error.status == .contentTooLarge {
                throw Problem.tooLarge("请求体超过上限 \(maxBodyBytes) 字节")
            }
            let answer = try await service.receive(adapterId: adapterId, method: request.method.rawValue, path: request.uri.path,
                                                   body: Array(buffer: body)) { name in
                HTTPField.Name(name).flatMap { request.headers[$0] }
            }
            return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(bytes: try CanonicalJSON.encoder().encode(answer))))
        }
    }
}
