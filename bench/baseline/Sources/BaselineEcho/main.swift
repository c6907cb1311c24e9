import Foundation
import Hummingbird
import TongbanCore

// POST /echo: decode the body as a canonical Application, encode it back, 200.
let port = Int(CommandLine.arguments.dropFirst().first ?? "8090") ?? 8090
let router = Router()
router.post("echo") { request, _ -> Response in
    let body = try await request.body.collect(upTo: 1 << 20)
    let application = try CanonicalJSON.decoder().decode(Application.self, from: Data(buffer: body))
    let encoded = try CanonicalJSON.encoder().encode(application)
    return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: encoded)))
}
let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
try await app.runService()
