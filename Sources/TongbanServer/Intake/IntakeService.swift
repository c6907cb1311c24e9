import TongbanCodecs
import Foundation
import TongbanAdapters
import TongbanConfig
import TongbanCore
import TongbanCrypto
import TongbanStore

/// Takes one application body from an authenticated portal through the intake pipeline:
/// limits → decode (dialect) → normalize → validate → route → store. HTTP-free, so the
/// whole pipeline reads top to bottom here; failures are `Problem`s.
public final class IntakeService: Sendable {
    private let configuration: GatewayConfiguration
    private let validator: ApplicationValidator
    private let limits: JSONLimits
    private let store: any ApplicationStore
    private let clock: any WallClock
    private let ids: any IdentifierSource

    public init(configuration: GatewayConfiguration, store: any ApplicationStore, clock: any WallClock, ids: any IdentifierSource) {
        self.configuration = configuration
        self.validator = configuration.validator
        self.limits = configuration.settings.limits.json
        self.store = store
        self.clock = clock
        self.ids = ids
    }

    /// The receipt, and whether it is the first receipt returned again for a repeated case.
    public struct Accepted: Sendable {
        public var receipt: Receipt
        public var replayed: Bool
    }

    /// `traceparent` is the request's trace context, stored to be passed on to the back ends.
    public func submit(_ body: [UInt8], dialect: PortalConfig.Dialect, portal: PortalConfig, traceparent: String? = nil) async throws -> Accepted {
        let now = clock.now()
        var (application, problems) = try normalize(body, dialect: dialect, portal: portal)
        application.source.portal = portal.id
        let found = validator.validate(application, now: now)
        problems += dialect == .yiwang
            ? found.map { ValidationProblem(pointer: YiwangNormalizer.pointer(forCanonical: $0.pointer), code: $0.code, message: $0.message) }
            : found
        guard problems.isEmpty, let item = configuration.catalog[application.item.code] else {
            throw Problem.validation(problems)
        }
        let plan = RoutingPlan(item: item, receivedOn: BeijingTime.civilDate(of: now), calendar: configuration.calendar) { service in
            configuration.adapters.select(service: service, region: application.region, item: item.code)?.id
        }
        if !plan.unrouted.isEmpty {
            let region = configuration.regions.names[application.region].map { "\($0)（\(application.region)）" } ?? application.region
            throw Problem.validation(plan.unrouted.map { service in
                ValidationProblem(pointer: dialect == .yiwang ? "/areacode" : "/region", code: "routing.no_adapter",
                                  message: "\(region)暂无可受理\(service.chineseName)（\(service.rawValue)）申请的机构，请选择其他区域或事项")
            })
        }
        // The canonical bytes (`CanonicalWriter` writes what `JSONEncoder` would, faster);
        // a repeated case is told from a conflict by their digest.
        let document = try CanonicalWriter.encode(application)
        let job = NewApplication(
            id: ids.next("app_"), application: application,
            contentDigest: Hex.encode(HashAlgorithm.sha256.digest(document)), document: document,
            receivedAt: now, dueDate: plan.dueDate,
            targets: plan.targets.map { NewTarget(id: ids.next("tgt_"), service: $0.service, adapterId: $0.adapterId, dueDate: $0.dueDate) },
            eventID: ids.next("evt_"), traceparent: traceparent)
        switch try await store.submit(job) {
        case .created(let receipt): return Accepted(receipt: receipt, replayed: false)
        case .duplicate(let receipt): return Accepted(receipt: receipt, replayed: true)
        case .conflict(let existing):
            throw Problem("conflict", status: 409, title: "办件编号重复",
                          detail: "办件编号 \(application.portalCaseNo) 已用于内容不同的另一件申请；修改申请请使用新的办件编号",
                          existingId: existing)
        }
    }

    private func normalize(_ body: [UInt8], dialect: PortalConfig.Dialect, portal: PortalConfig) throws -> (Application, [ValidationProblem]) {
        switch dialect {
        case .canonical:
            return (try JSONBody.decode(Application.self, body, limits: limits), [])
        case .yiwang:
            let yiwang = try JSONBody.decode(YiwangApplication.self, body, limits: limits)
            let normalizer = YiwangNormalizer(documentTypes: configuration.documentTypes, vendor: portal.documentTypeVendor)
            return normalizer.normalize(yiwang, portal: portal.id)
        }
    }
}

extension Problem {
    /// Refuses a body over the nesting or string limits before any decoder sees it.
    static func checkLimits(_ body: [UInt8], _ limits: JSONLimits) throws {
        switch limits.check(body) {
        case .tooDeep(let offset)?: throw Problem.malformed("JSON 嵌套超过 \(limits.maxDepth) 层（第 \(offset) 字节）")
        case .stringTooLong(let offset)?: throw Problem.tooLarge("JSON 字符串超过 \(limits.maxStringBytes) 字节（第 \(offset) 字节起）")
        case nil: break
        }
    }

    /// A key the request type does not know: 400 naming it.
    static func unknownKey(_ error: UnknownKeyError) -> Problem {
        let pointer = error.path.map { "/" + ($0.intValue.map(String.init) ?? pointerEscape($0.stringValue)) }.joined()
        return shape(pointer, "未知字段")
    }

    /// The kind part of `type` (`validation` of `urn:tongban:problem:validation`), for metrics.
    var kind: String { String(type.dropFirst("urn:tongban:problem:".count)) }

    /// A body that is not JSON, or JSON of the wrong shape: 400 with the pointer and reason.
    static func decoding(_ error: DecodingError) -> Problem {
        func pointer(_ path: [any CodingKey]) -> String {
            path.map { "/" + ($0.intValue.map(String.init) ?? pointerEscape($0.stringValue)) }.joined()
        }
        switch error {
        case .keyNotFound(let key, let context):
            return .shape(pointer(context.codingPath + [key]), "缺少必填字段 \(key.stringValue)")
        case .typeMismatch(let type, let context):
            return .shape(pointer(context.codingPath), "字段类型错误，应为\(describe(type))")
        case .valueNotFound(let type, let context):
            return .shape(pointer(context.codingPath), "字段不能为 null，应为\(describe(type))")
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return .malformed("请求体不是合法的 JSON")
        case .dataCorrupted(let context):
            return .shape(pointer(context.codingPath), "字段取值无效：\(context.debugDescription)")
        @unknown default:
            return .malformed("请求体无法解析")
        }
    }

    private static func shape(_ pointer: String, _ message: String) -> Problem {
        Problem("malformed-request", status: 400, title: "请求格式错误", detail: "\(pointer.isEmpty ? "/" : pointer)：\(message)",
                errors: [ValidationProblem(pointer: pointer, code: "schema", message: message)])
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "字符串"
        case is Int.Type: "整数"
        case is Bool.Type: "true 或 false"
        case is Date.Type: "RFC 3339 时间"
        default: String(describing: type).hasPrefix("Array") ? "数组" : "对象"
        }
    }

    private static func pointerEscape(_ key: String) -> String {
        key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }
}
