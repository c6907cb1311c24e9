import Foundation
import HTTPTypes
import Hummingbird
import Metrics
import TongbanConfig
import TongbanCore
import TongbanStore

/// `/v1/applications` and the dialect routes: HTTP in, `IntakeService` and the store
/// behind. Nothing here decides anything about applications. Each handler takes the
/// services of the configuration in force once, when it starts.
struct ApplicationRoutes {
    let active: ActiveConfiguration
    /// Counts intake outcomes (`tongban_intake_outcomes_total{outcome}`).
    let metrics: any MetricsFactory
    let store: any GatewayStore
    let clock: any WallClock

    private var calendar: WorkingCalendar { active.configuration.calendar }

    func register(on group: RouterGroup<GatewayRequestContext>) {
        group.post("applications") { request, context in
            try await counted { try await submit(request, context, dialect: .canonical) }
        }
        group.post("dialects/yiwang/applications") { request, context in
            try await counted { try await submit(request, context, dialect: .yiwang) }
        }
        group.get("applications/{id}") { _, context in
            let portal = try context.requirePortal()
            let id = try context.parameters.require("id")
            guard let stored = try await store.application(id: id, portal: portal.id) else {
                throw Problem.notFound("本门户没有编号为 \(id) 的申请")
            }
            return try view(stored)
        }
        group.get("applications/{id}/events") { _, context in
            let portal = try context.requirePortal()
            let id = try context.parameters.require("id")
            guard let events = try await store.timeline(applicationId: id, portal: portal.id) else {
                throw Problem.notFound("本门户没有编号为 \(id) 的申请")
            }
            return try jsonResponse(TimelineView(applicationId: id, events: events))
        }
        group.post("applications/{id}/withdrawal") { request, context in
            let portal = try context.requirePortal()
            let id = try context.parameters.require("id")
            let services = active.services
            let body = try await request.collectBody(limit: services.configuration.settings.limits.maxBodyBytes)
            if !body.isEmpty { try requireJSON(request) }
            let recorded = try await services.actions.withdraw(body, applicationId: id, portal: portal.id)
            return try await actionView(id: id, portal: portal.id, recorded: recorded)
        }
        group.post("applications/{id}/supplements") { request, context in
            let portal = try context.requirePortal()
            let id = try context.parameters.require("id")
            try requireJSON(request)
            let services = active.services
            let body = try await request.collectBody(limit: services.configuration.settings.limits.maxBodyBytes)
            let recorded = try await services.actions.supplement(body, applicationId: id, portal: portal.id)
            return try await actionView(id: id, portal: portal.id, recorded: recorded)
        }
        group.get("applications") { request, context in
            let portal = try context.requirePortal()
            guard let caseNo = try queryValue(request, "portalCaseNo"), !caseNo.isEmpty else {
                throw Problem.malformed("请用查询参数 portalCaseNo 指定办件编号")
            }
            guard let stored = try await store.application(portal: portal.id, caseNo: caseNo) else {
                throw Problem.notFound("本门户没有办件编号为 \(caseNo) 的申请")
            }
            return try view(stored)
        }
    }

    private func submit(_ request: Request, _ context: GatewayRequestContext, dialect: PortalConfig.Dialect) async throws -> Response {
        let portal = try context.requirePortal()
        guard portal.dialect == dialect else {
            throw Problem("wrong-dialect", status: 403, title: "接口与门户不匹配",
                          detail: "门户 \(portal.id) 登记的数据格式为 \(portal.dialect.rawValue)，请改用对应的接口")
        }
        try requireJSON(request)
        let services = active.services
        let body = try await request.collectBody(limit: services.configuration.settings.limits.maxBodyBytes)
        let accepted = try await services.intake.submit(body, dialect: dialect, portal: portal, traceparent: context.traceparent)
        let today = BeijingTime.civilDate(of: clock.now())
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8", .location: "/v1/applications/\(accepted.receipt.id)"]
        if accepted.replayed { headers[HTTPField.Name("Idempotent-Replayed")!] = "true" }
        let receipt = ReceiptView(accepted.receipt, today: today, calendar: services.configuration.calendar)
        return Response(status: .accepted, headers: headers, body: .init(byteBuffer: ByteBuffer(string: receipt.jsonText)))
    }

    /// Runs an intake and counts its outcome: `accepted`, `replayed`, or the problem's kind
    /// (`validation`, `conflict`, `malformed-request`, …).
    private func counted(_ intake: () async throws -> Response) async throws -> Response {
        let outcome: String
        do {
            let response = try await intake()
            outcome = response.headers[HTTPField.Name("Idempotent-Replayed")!] == nil ? "accepted" : "replayed"
            Counter(label: "tongban_intake_outcomes_total", dimensions: [("outcome", outcome)], factory: metrics).increment()
            return response
        } catch {
            guard let problem = Problem.from(error) else { throw error }
            Counter(label: "tongban_intake_outcomes_total", dimensions: [("outcome", problem.kind)],
                    factory: metrics).increment()
            throw problem
        }
    }

    private func requireJSON(_ request: Request) throws {
        guard let type = request.headers[.contentType]?.lowercased(), type.hasPrefix("application/json") else {
            throw Problem("unsupported-media-type", status: 415, title: "不支持的内容类型", detail: "请以 Content-Type: application/json 提交")
        }
    }

    private func view(_ stored: StoredApplication) throws -> Response {
        let application = try CanonicalJSON.decoder().decode(Application.self, from: Data(stored.document))
        let view = ApplicationView(state: stateView(stored), application: application)
        return try jsonResponse(view)
    }

    private func stateView(_ stored: StoredApplication) -> ApplicationStateView {
        ApplicationStateView(receipt: ReceiptView(stored.receipt, today: BeijingTime.civilDate(of: clock.now()), calendar: calendar),
                             portal: stored.portal, statusVersion: stored.statusVersion,
                             withdrawalRequestedAt: stored.withdrawalRequestedAt, actions: stored.actions)
    }

    /// The answer to a citizen action: 202 when recorded now, 200 for a repeat; the
    /// application's state with its actions either way.
    private func actionView(id: String, portal: String, recorded: Bool) async throws -> Response {
        guard let stored = try await store.application(id: id, portal: portal) else { throw Problem.notFound("本门户没有编号为 \(id) 的申请") }
        var headers: HTTPFields = [.location: "/v1/applications/\(id)"]
        if !recorded { headers[HTTPField.Name("Idempotent-Replayed")!] = "true" }
        return try jsonResponse(stateView(stored), status: recorded ? .accepted : .ok, headers: headers)
    }
}

extension GatewayRequestContext {
    /// The authenticated portal; routes behind `PortalAuthMiddleware` always have one.
    func requirePortal() throws -> PortalConfig {
        guard let portal else { throw Problem.unauthorized("未认证") }
        return portal
    }
}
