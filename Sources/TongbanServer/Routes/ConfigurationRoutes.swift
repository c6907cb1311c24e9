import TongbanCodecs
import Foundation
import HTTPTypes
import Hummingbird
import TongbanAdapters
import TongbanConfig
import TongbanCore
import TongbanStore

/// `/admin/v1/reload` and `/admin/v1/adapters`: changing what the gateway runs on without
/// a restart. The operator may do everything; an agency token sees and changes only the
/// adapters whose `owner.creditCode` is its code. Changes go through the `Reloader`, one
/// at a time, and are recorded in the audit chain.
struct ConfigurationRoutes {
    let active: ActiveConfiguration
    let reloader: Reloader
    let readiness: Readiness

    func register(on group: RouterGroup<GatewayRequestContext>) {
        group.post("reload") { request, _ in
            let principal = try active.services.admins.principal(for: request)
            try principal.requireOperator()
            let outcome = await reloader.reload(actor: principal.actor)
            guard outcome.applied else {
                throw Problem("reload-refused", status: 422, title: "新配置未通过检查，原配置继续生效",
                              detail: outcome.errors.joined(separator: "\n"))
            }
            return try jsonResponse(outcome)
        }
        group.get("adapters") { request, _ in
            let principal = try active.services.admins.principal(for: request)
            let configuration = active.configuration
            let health = readiness.adapterHealthNow()
            let views = configuration.adapters.adapters.compactMap { adapter -> AdapterSummary? in
                let owner = adapter.owner
                guard principal.mayManage(owner: owner?.creditCode ?? "") else { return nil }
                return AdapterSummary(id: adapter.id, service: adapter.service.rawValue, owner: owner.map { .init(name: $0.name, creditCode: $0.creditCode) },
                                      origin: .init(configuration.adapterOrigins[adapter.id], folder: configuration.adapterFolder),
                                      health: health[adapter.id] ?? "unknown")
            }
            // Stored specs out of force since they failed their check at the last start or reload.
            let disabled = principal.visibleDisabled(in: configuration).sorted { $0.key < $1.key }.map { id, disabled in
                var summary = AdapterSummary(id: id, service: "", owner: nil, origin: .init(disabled.origin, folder: configuration.adapterFolder),
                                             health: "disabled")
                summary.problems = disabled.problems.map(\.description)
                return summary
            }
            return try jsonResponse(["adapters": views + disabled])
        }
        group.get("adapters/{id}") { request, context in
            let principal = try active.services.admins.principal(for: request)
            let id = try adapterId(context)
            let configuration = active.configuration
            let history = try await active.store.adapterSpecHistory(adapterId: id)
            let inForce = configuration.adapters[id]
            guard inForce != nil || !history.isEmpty else { throw Problem.notFound("没有适配器 \(id)") }
            let owner = inForce?.owner?.creditCode ?? history.first?.owner ?? ""
            guard principal.mayManage(owner: owner) else { throw forbidden(id) }
            if let wanted = try queryValue(request, "version") {
                guard let version = Int(String(wanted)), let stored = history.first(where: { $0.version == version }) else {
                    throw Problem.notFound("适配器 \(id) 没有版本 \(wanted)")
                }
                return try jsonResponse(stored)
            }
            let origin = configuration.adapterOrigins[id]
            let text: String? = switch origin {
            case .file(let name)?: configuration.adapterFiles.first { $0.origin == .file(name: name) }?.text
            case .stored?: configuration.storedAdapters.first { $0.adapterId == id }?.text
            case nil: nil
            }
            return try jsonResponse(AdapterDetail(
                id: id, inForce: inForce != nil, origin: AdapterSummary.Origin(origin, folder: configuration.adapterFolder), spec: text,
                versions: history.map { .init(version: $0.version, actor: $0.actor, createdAt: $0.createdAt, digest: $0.digest, deleted: $0.isDeletion) }))
        }
        group.put("adapters/{id}") { request, context in
            let principal = try active.services.admins.principal(for: request)
            let id = try adapterId(context)
            let text = try await specText(request)
            let (saved, outcome) = try await reloader.putAdapter(id: id, text: text, by: principal)
            return try jsonResponse(AdapterChange(saved, status: outcome.rawValue), status: outcome == .created ? .created : .ok)
        }
        group.delete("adapters/{id}") { request, context in
            let principal = try active.services.admins.principal(for: request)
            let id = try adapterId(context)
            let saved = try await reloader.deleteAdapter(id: id, by: principal)
            var change = AdapterChange(saved, status: "deleted")
            change.fileInForce = active.configuration.adapters[id] != nil
            return try jsonResponse(change)
        }
        group.post("adapters/{id}/try") { request, context in
            let principal = try active.services.admins.principal(for: request)
            let id = try adapterId(context)
            let configuration = active.configuration
            guard request.headers[.contentType]?.lowercased().hasPrefix("application/json") == true else {
                throw Problem("unsupported-media-type", status: 415, title: "不支持的内容类型", detail: "请以 Content-Type: application/json 提交 {\"application\": …, \"spec\": …}")
            }
            let body = try await request.collectBody(limit: configuration.settings.limits.maxBodyBytes)
            let trial = try JSONBodyReader.decode(TryRequest.self, body, limits: configuration.settings.limits.json)
            try Reloader.requireOwnership(of: id, in: configuration, by: principal)
            let adapter: any Adapter
            if let text = trial.spec {
                adapter = try Reloader.checked(text, as: id, in: configuration, by: principal)
                guard principal.mayManage(owner: adapter.owner?.creditCode ?? "") else { throw forbidden(id) }
            } else {
                guard let inForce = configuration.adapters[id] else { throw Problem.notFound("没有适配器 \(id)；请在 spec 中提供描述") }
                adapter = inForce
            }
            let outbound: OutboundRequest
            do {
                outbound = try DryRun.request(adapter: adapter, application: trial.application, now: active.clock.now(), nonce: "dry-run-nonce").redacted()
            } catch let failure as DryRun.Failure {
                throw Problem("dry-run-failed", status: 422, title: "试运行失败", detail: failure.description)
            }
            return try jsonResponse(TryResult(adapterId: id, spec: trial.spec == nil ? "in force" : "candidate", request: .init(outbound)))
        }
    }

    private func adapterId(_ context: GatewayRequestContext) throws -> String {
        let id = try context.parameters.require("id")
        guard (1...64).contains(id.count), id.allSatisfy({ ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }) else {
            throw Problem.malformed("适配器编号应为 1 至 64 个小写字母、数字或 '-'，收到 '\(id)'")
        }
        return id
    }

    private func forbidden(_ id: String) -> Problem {
        Problem("forbidden", status: 403, title: "无权操作", detail: "adapter \(id) belongs to another agency")
    }

    /// The spec of a PUT: YAML or JSON text, UTF-8, within the body limit.
    private func specText(_ request: Request) async throws -> String {
        let type = request.headers[.contentType]?.lowercased() ?? ""
        guard ["application/yaml", "application/x-yaml", "text/yaml", "application/json"].contains(where: type.hasPrefix) else {
            throw Problem("unsupported-media-type", status: 415, title: "不支持的内容类型",
                          detail: "send the spec as Content-Type: application/yaml (or application/json)")
        }
        let body = try await request.collectBody(limit: active.configuration.settings.limits.maxBodyBytes)
        guard let text = String(validating: body, as: UTF8.self), !text.isEmpty else {
            throw Problem.malformed("the spec must be non-empty UTF-8 text")
        }
        return text
    }
}

/// The answer to a PUT or DELETE of an adapter.
struct AdapterChange: Encodable {
    var adapterId: String
    var version: Int
    var digest: String
    /// created, replaced, unchanged or deleted.
    var status: String
    /// After a DELETE: whether a file `Adapters/<id>.yaml` serves the adapter again.
    var fileInForce: Bool?

    init(_ saved: StoredAdapterSpec, status: String) {
        adapterId = saved.adapterId
        version = saved.version
        digest = saved.digest
        self.status = status
    }
}

/// One adapter in `GET /admin/v1/adapters`.
struct AdapterSummary: Encodable {
    struct Owner: Encodable { var name: String; var creditCode: String }
    /// `file` with its name, `stored` with its version, or `coded`.
    struct Origin: Encodable {
        var kind: String
        var file: String?
        var version: Int?
        init(_ origin: AdapterSource.Origin?, folder: String) {
            switch origin {
            case .file(let name)?: kind = "file"; file = "\(folder)/\(name)"
            case .stored(_, let version)?: kind = "stored"; self.version = version
            case nil: kind = "coded"
            }
        }
    }
    var id: String
    var service: String
    var owner: Owner?
    var origin: Origin
    /// ok, degraded or failing (its breaker), or disabled (its stored spec fails its check).
    var health: String
    /// Why a disabled adapter is out of force.
    var problems: [String]?
}

/// `GET /admin/v1/adapters/{id}`.
struct AdapterDetail: Encodable {
    struct Version: Encodable { var version: Int; var actor: String; var createdAt: Date; var digest: String; var deleted: Bool }
    var id: String
    var inForce: Bool
    var origin: AdapterSummary.Origin
    /// The spec text in force.
    var spec: String?
    /// Versions stored through the admin API, newest first.
    var versions: [Version]
}

/// The body of `POST /admin/v1/adapters/{id}/try`.
struct TryRequest: Decodable {
    /// A canonical application (DESIGN 2).
    var application: TongbanCore.Application
    /// A spec to try instead of the one in force.
    var spec: String?
}

/// What `try` answers: the request the adapter would send, secrets redacted, and what was signed.
struct TryResult: Encodable {
    struct Request: Encodable {
        struct Header: Encodable { var name: String; var value: String }
        var method: String
        var url: String
        var headers: [Header]
        var body: String
        /// The string the signature covers, `{secret}` shown as `[secret]`; absent when nothing is signed.
        var signedString: String?
        init(_ r: OutboundRequest) {
            method = r.method
            url = r.url
            headers = r.headers.map { Header(name: $0.name, value: $0.value) }
            body = String(decoding: r.body, as: UTF8.self)
            signedString = r.signedString
        }
    }
    var adapterId: String
    var spec: String
    var request: Request
}

extension GatewaySettings.Limits {
    /// The JSON bounds every request body is held to.
    var json: JSONLimits { JSONLimits(maxDepth: maxJSONDepth, maxStringBytes: maxStringBytes) }
}
