import TongbanCodecs
import Foundation
import TongbanAdapters
import TongbanConfig
import TongbanCore
import TongbanCrypto
import TongbanStore

/// Takes one application body from an authenticated portal through the intake pipeline:
/// limits → decode (dialect) → normalize → validate → route → store. HTTP-free, so the
/// whole pipeline reads top to bottom here; failures are `BodyRefusal`s and `IntakeRefusal`s,
/// which only the HTTP edge turns into problem+json.
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
            throw IntakeRefusal.invalid(problems)
        }
        let plan = RoutingPlan(item: item, receivedOn: BeijingTime.civilDate(of: now), calendar: configuration.calendar) { service in
            configuration.adapters.select(service: service, region: application.region, item: item.code)?.id
        }
        if !plan.unrouted.isEmpty {
            let region = configuration.regions.names[application.region].map { "\($0)（\(application.region)）" } ?? application.region
            throw IntakeRefusal.invalid(plan.unrouted.map { service in
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
            throw IntakeRefusal.caseNumberTaken(caseNo: application.portalCaseNo, existingId: existing)
        }
    }

    private func normalize(_ body: [UInt8], dialect: PortalConfig.Dialect, portal: PortalConfig) throws -> (Application, [ValidationProblem]) {
        switch dialect {
        case .canonical:
            return (try JSONBodyReader.decode(Application.self, body, limits: limits), [])
        case .yiwang:
            let yiwang = try JSONBodyReader.decode(YiwangApplication.self, body, limits: limits)
            let normalizer = YiwangNormalizer(documentTypes: configuration.documentTypes, vendor: portal.documentTypeVendor)
            return normalizer.normalize(yiwang, portal: portal.id)
        }
    }
}
