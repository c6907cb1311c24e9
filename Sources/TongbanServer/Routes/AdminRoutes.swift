import Foundation
import HTTPTypes
import Hummingbird
import TongbanCore
import TongbanStore

/// `/admin/v1`, the operator's routes: dead deliveries, notifications and citizen actions
/// with replay, callback anomalies, the drain switch, statistics and the audit trail of
/// admin changes. Operator token only (agency tokens get 403); every change is recorded in
/// the audit chain. The adapter routes are in `AdapterAdminRoutes`.
struct AdminRoutes {
    let active: ActiveConfiguration
    let readiness: Readiness

    private var store: any GatewayStore { active.store }

    func register(on group: RouterGroup<GatewayRequestContext>) {
        group.get("dead-letters") { request, context in
            try authorize(request)
            return try jsonResponse(["deadLetters": try await store.deadLetters(limit: limitParameter(request))])
        }
        group.post("deliveries/{targetId}/replay") { request, context in
            let principal = try authorize(request)
            let target = try context.parameters.require("targetId")
            let replayed: Bool
            do {
                replayed = try await store.replay(targetId: target, now: active.clock.now())
            } catch let refused as ReplayRefused {
                throw Problem("replay-refused", status: 409, title: "不能重新投递", detail: refused.reason)
            }
            guard replayed else {
                throw Problem.notFound("没有目标 \(target) 的死信投递")
            }
            try await audit(principal, "delivery.replay", subject: target, "dead delivery of \(target) queued again")
            return try jsonResponse(["targetId": target, "status": "queued"])
        }
        group.get("callbacks/set-aside") { request, _ in
            try authorize(request)
            let quarantine = active.callbackQuarantine
            return try jsonResponse(["callbacks": quarantine.setAsideKeys.map { entry in
                SetAsideCallback(key: entry.key, adapterId: String(entry.key.prefix { $0 != ":" }),
                                 payloadDigest: String(entry.key.drop { $0 != ":" }.dropFirst()), timesStopped: entry.times)
            }])
        }
        group.post("callbacks/set-aside/{key}/release") { request, context in
            let principal = try authorize(request)
            let key = try context.parameters.require("key")
            guard active.callbackQuarantine.release(key) else { throw Problem.notFound("没有被隔离的回调 \(key)") }
            try await audit(principal, "callback.release", subject: key, "set-aside callback \(key) released: the back end's next attempt is processed")
            return try jsonResponse(["key": key, "status": "released"])
        }
        group.get("notifications/dead-letters") { request, _ in
            try authorize(request)
            return try jsonResponse(["deadLetters": try await store.notificationDeadLetters(limit: limitParameter(request))])
        }
        group.post("notifications/{id}/replay") { request, context in
            let principal = try authorize(request)
            let id = try context.parameters.require("id")
            guard try await store.replayNotification(id: id, now: active.clock.now()) else {
                throw Problem.notFound("没有编号为 \(id) 的死信通知")
            }
            try await audit(principal, "notification.replay", subject: id, "dead notification \(id) queued again")
            return try jsonResponse(["notificationId": id, "status": "pending"])
        }
        group.get("actions/dead-letters") { request, _ in
            try authorize(request)
            return try jsonResponse(["deadLetters": try await store.actionDeadLetters(limit: limitParameter(request))])
        }
        group.post("actions/{id}/replay") { request, context in
            let principal = try authorize(request)
            let id = try context.parameters.require("id")
            guard try await store.replayAction(id: id, now: active.clock.now()) else {
                throw Problem.notFound("没有编号为 \(id) 的死信操作")
            }
            try await audit(principal, "action.replay", subject: id, "dead citizen action \(id) queued again")
            return try jsonResponse(["actionId": id, "status": "pending"])
        }
        // The drain switch: /readyz fails while it is on, before a planned stop.
        group.post("drain") { request, _ in
            let principal = try authorize(request)
            readiness.setDraining(true)
            try await audit(principal, "drain.on", "drain switched on: /readyz fails")
            return try jsonResponse(["draining": true])
        }
        group.delete("drain") { request, _ in
            let principal = try authorize(request)
            readiness.setDraining(false)
            try await audit(principal, "drain.off", "drain switched off: /readyz answers again")
            return try jsonResponse(["draining": false])
        }
        group.get("stats") { request, _ in
            try authorize(request)
            let today = BeijingTime.civilDate(of: active.clock.now())
            func date(_ name: String, default value: CivilDate) throws -> CivilDate {
                guard let text = try queryValue(request, name) else { return value }
                guard let date = CivilDate(iso: text) else { throw Problem.malformed("\(name) 应为 YYYY-MM-DD 格式的日期，收到 '\(text)'") }
                return date
            }
            let to = try date("to", default: today)
            let from = try date("from", default: to.adding(days: -29))
            guard from <= to, to.dayNumber - from.dayNumber < 366 else {
                // Two well-formed dates that do not make a period the report covers.
                throw Problem("invalid-period", status: 422, title: "统计区间无效", detail: "统计区间应为 from ≤ to 且不超过 366 天")
            }
            // Whole days in Beijing time, `to` included.
            let start = Date(timeIntervalSince1970: TimeInterval(from.dayNumber * 86400 - BeijingTime.offsetSeconds))
            let end = Date(timeIntervalSince1970: TimeInterval(to.adding(days: 1).dayNumber * 86400 - BeijingTime.offsetSeconds))
            let rows = try await store.statisticsRows(from: start, to: end)
            return try jsonResponse(Statistics.report(from: from, to: to, applications: rows.applications, targets: rows.targets, today: today,
                                              calendar: active.configuration.calendar))
        }
        group.get("anomalies") { request, _ in
            try authorize(request)
            return try jsonResponse(["anomalies": try await store.anomalies(limit: limitParameter(request))])
        }
        // Outbox depths by adapter and state.
        group.get("queues") { request, _ in
            try authorize(request)
            return try jsonResponse(["deliveries": try await store.deliveryCounts()])
        }
        // The latest applications, and one's timeline, whatever portal it came from.
        group.get("applications") { request, _ in
            try authorize(request)
            return try jsonResponse(["applications": try await store.recentApplications(limit: limitParameter(request))])
        }
        group.get("applications/{id}/events") { request, context in
            try authorize(request)
            let id = try context.parameters.require("id")
            guard let portal = try await store.portal(ofApplication: id), let events = try await store.timeline(applicationId: id, portal: portal) else {
                throw Problem.notFound("没有编号为 \(id) 的申请")
            }
            return try jsonResponse(TimelineView(applicationId: id, events: events))
        }
        // The admin changes of the audit chain, newest first.
        group.get("audit") { request, _ in
            try authorize(request)
            return try jsonResponse(["changes": try await store.adminChanges(limit: limitParameter(request))])
        }
    }


    /// The operator, or 401/403.
    @discardableResult
    private func authorize(_ request: Request) throws -> AdminPrincipal {
        let principal = try active.services.admins.principal(for: request)
        try principal.requireOperator()
        return principal
    }

    /// Records an admin change in the audit chain.
    private func audit(_ principal: AdminPrincipal, _ action: String, subject: String? = nil, _ note: String) async throws {
        try await store.recordAdminChange(AdminChange(action: action, subject: subject, actor: principal.actor, note: note, at: active.clock.now()))
    }
}

/// A callback set aside as poison (`CallbackQuarantine`).
struct SetAsideCallback: Encodable {
    var key: String
    var adapterId: String
    var payloadDigest: String
    var timesStopped: Int
}
