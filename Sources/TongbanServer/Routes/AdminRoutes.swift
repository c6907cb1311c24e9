import Foundation
import HTTPTypes
import Hummingbird
import TongbanCore
import TongbanCrypto
import TongbanStore

/// `/admin/v1`: what operators need today — dead deliveries, notifications and citizen actions with replay,
/// and callback anomalies. Guarded by the operator's bearer token (roles and agency tokens
/// come with the operations issue).
struct AdminRoutes {
    let store: any GatewayStore
    let readiness: Readiness
    let token: String?
    let calendar: WorkingCalendar

    func register(on group: RouterGroup<GatewayRequestContext>) {
        group.get("dead-letters") { request, context in
            try authorize(request)
            return try json(["deadLetters": try await store.deadLetters(limit: limit(request))])
        }
        group.post("deliveries/{targetId}/replay") { request, context in
            try authorize(request)
            let target = try context.parameters.require("targetId")
            let replayed: Bool
            do {
                replayed = try await store.replay(targetId: target, now: Date())
            } catch let refused as ReplayRefused {
                throw Problem("replay-refused", status: 409, title: "不能重新投递", detail: refused.reason)
            }
            guard replayed else {
                throw Problem.notFound("没有目标 \(target) 的死信投递")
            }
            return try json(["targetId": target, "status": "queued"])
        }
        group.get("notifications/dead-letters") { request, _ in
            try authorize(request)
            return try json(["deadLetters": try await store.notificationDeadLetters(limit: limit(request))])
        }
        group.post("notifications/{id}/replay") { request, context in
            try authorize(request)
            let id = try context.parameters.require("id")
            guard try await store.replayNotification(id: id, now: Date()) else {
                throw Problem.notFound("没有编号为 \(id) 的死信通知")
            }
            return try json(["notificationId": id, "status": "pending"])
        }
        group.get("actions/dead-letters") { request, _ in
            try authorize(request)
            return try json(["deadLetters": try await store.actionDeadLetters(limit: limit(request))])
        }
        group.post("actions/{id}/replay") { request, context in
            try authorize(request)
            let id = try context.parameters.require("id")
            guard try await store.replayAction(id: id, now: Date()) else {
                throw Problem.notFound("没有编号为 \(id) 的死信操作")
            }
            return try json(["actionId": id, "status": "pending"])
        }
        // The drain switch: /readyz fails while it is on, before a planned stop.
        group.post("drain") { request, _ in
            try authorize(request)
            readiness.setDraining(true)
            return try json(["draining": true])
        }
        group.delete("drain") { request, _ in
            try authorize(request)
            readiness.setDraining(false)
            return try json(["draining": false])
        }
        group.get("stats") { request, _ in
            try authorize(request)
            let today = BeijingTime.civilDate(of: Date())
            func date(_ name: Substring, default value: CivilDate) throws -> CivilDate {
                guard let text = request.uri.queryParameters[name].map(String.init) else { return value }
                guard let date = CivilDate(iso: text) else { throw Problem.malformed("\(name) 应为 YYYY-MM-DD 格式的日期，收到 '\(text)'") }
                return date
            }
            let to = try date("to", default: today)
            let from = try date("from", default: to.adding(days: -29))
            guard from <= to, to.dayNumber - from.dayNumber < 366 else {
                throw Problem.malformed("统计区间应为 from ≤ to 且不超过 366 天")
            }
            // Whole days in Beijing time, `to` included.
            let start = Date(timeIntervalSince1970: TimeInterval(from.dayNumber * 86400 - BeijingTime.offsetSeconds))
            let end = Date(timeIntervalSince1970: TimeInterval(to.adding(days: 1).dayNumber * 86400 - BeijingTime.offsetSeconds))
            let rows = try await store.statisticsRows(from: start, to: end)
            return try json(Statistics.report(from: from, to: to, applications: rows.applications, targets: rows.targets, today: today, calendar: calendar))
        }
        group.get("anomalies") { request, _ in
            try authorize(request)
            return try json(["anomalies": try await store.anomalies(limit: limit(request))])
        }
    }

    /// `?limit=` between 1 and 1000, default 100.
    private func limit(_ request: Request) -> Int {
        min(max(request.uri.queryParameters["limit"].flatMap { Int(String($0)) } ?? 100, 1), 1000)
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
