import Foundation
import HTTPTypes
import Hummingbird
import TongbanCore
import TongbanCrypto
import TongbanStore

/// `/admin/v1`: what operators need today — dead letters and replay. Guarded by the
/// operator's bearer token (roles and agency tokens come with the operations issue).
struct AdminRoutes {
    let store: any DispatchStore
    let token: String?

    func register(on group: RouterGroup<GatewayRequestContext>) {
        group.get("dead-letters") { request, context in
            try authorize(request)
            let limit = request.uri.queryParameters["limit"].flatMap { Int(String($0)) } ?? 100
            return try json(["deadLetters": try await store.deadLetters(limit: min(max(limit, 1), 1000))])
        }
        group.post("deliveries/{targetId}/replay") { request, context in
            try authorize(request)
            let target = try context.parameters.require("targetId")
            guard try await store.replay(targetId: target, now: Date()) else {
                throw Problem.notFound("没有目标 \(target) 的死信投递")
            }
            return try json(["targetId": target, "status": "queued"])
        }
    }

    private func authorize(_ request: Request) throws {
        guard let token else {
            throw Problem("admin-disabled", status: 403, title: "管理接口未启用", detail: "set the admin token environment variable (admin.tokenEnv)")
        }
        let presented = request.headers[.authorization] ?? ""
        guard constantTimeEquals(Array(presented.utf8), Array("Bearer \(token)".utf8)) else {
            throw Problem.unauthorized("管理令牌无效")
        }
    }

    private func json(_ value: some Encodable) throws -> Response {
        Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(bytes: try CanonicalJSON.encoder().encode(value))))
    }
}
