import HTTPTypes
import Hummingbird
import TongbanAdapters
import TongbanConfig
import TongbanCrypto

/// Who is calling the admin API: the operator, who may do everything, or an agency, bound
/// to its unified social credit code, which may see and change only its own adapters.
public struct AdminPrincipal: Sendable, Equatable {
    public enum Role: Sendable, Equatable {
        case `operator`
        case agency(creditCode: String)
    }

    public var role: Role

    /// How the audit chain names it: `operator` or `agency:<credit code>`.
    public var actor: String {
        switch role {
        case .operator: "operator"
        case .agency(let code): "agency:\(code)"
        }
    }

    /// Whether it may see and change an adapter owned by `creditCode`.
    func mayManage(owner creditCode: String) -> Bool {
        switch role {
        case .operator: true
        case .agency(let code): code == creditCode
        }
    }

    /// Refuses an agency (403) on what only the operator may do.
    func requireOperator() throws {
        if case .agency = role {
            throw Problem("forbidden", status: 403, title: "无权操作", detail: "only the operator's token may do this; agency tokens manage their own adapters")
        }
    }
}

/// Reads the admin bearer token: the operator's (`admin.tokenEnv`) or an agency's
/// (`admin.agencies`), compared in constant time.
struct AdminAuthorizer: Sendable {
    private let operatorToken: [UInt8]?
    private let agencies: [(code: String, token: [UInt8])]
    private let metricsToken: [UInt8]?

    init(_ settings: GatewaySettings.Admin) {
        operatorToken = settings.token.map { Array($0.utf8) }
        metricsToken = settings.metricsToken.map { Array($0.utf8) }
        agencies = settings.agencies.compactMap { agency in agency.token.map { (agency.creditCode, Array($0.utf8)) } }
    }

    /// `/metrics`: open unless `admin.metricsTokenEnv` is set; then its token or the
    /// operator's.
    func authorizeMetrics(_ request: Request) throws {
        guard let metricsToken else { return }
        let header = request.headers[.authorization] ?? ""
        let presented = header.lowercased().hasPrefix("bearer ") ? Array(header.utf8.dropFirst(7)) : []
        let operatorMatch = operatorToken.map { constantTimeEquals($0, presented) } ?? false
        guard constantTimeEquals(metricsToken, presented) || operatorMatch else {
            throw Problem.unauthorized("/metrics 需要 Authorization: Bearer 令牌（admin.metricsTokenEnv）")
        }
    }

    func principal(for request: Request) throws -> AdminPrincipal {
        guard operatorToken != nil || !agencies.isEmpty else {
            throw Problem("admin-disabled", status: 403, title: "管理接口未启用",
                          detail: "set the admin token environment variable (admin.tokenEnv) or an agency's (admin.agencies)")
        }
        let header = request.headers[.authorization] ?? ""
        guard header.lowercased().hasPrefix("bearer ") else { throw Problem.unauthorized("管理接口需要 Authorization: Bearer 令牌") }
        let presented = Array(header.utf8.dropFirst(7))
        // Every token is compared, so the time taken does not tell which one nearly matched.
        var found: AdminPrincipal?
        if let operatorToken, constantTimeEquals(operatorToken, presented) { found = AdminPrincipal(role: .operator) }
        for agency in agencies where constantTimeEquals(agency.token, presented) {
            found = found ?? AdminPrincipal(role: .agency(creditCode: agency.code))
        }
        guard let found else { throw Problem.unauthorized("管理令牌无效") }
        return found
    }
}

extension AdminPrincipal {
    /// The disabled adapters it may see: the operator all, an agency those it owns.
    func visibleDisabled(in configuration: GatewayConfiguration) -> [String: DisabledAdapter] {
        configuration.disabledAdapters.filter { mayManage(owner: $0.value.owner ?? "") }
    }

    /// The ids of the adapters, in force or disabled, it may see.
    func visibleAdapterIds(in configuration: GatewayConfiguration) -> Set<String> {
        let inForce = configuration.adapters.adapters.compactMap { adapter in
            mayManage(owner: adapter.owner?.creditCode ?? "") ? adapter.id : nil
        }
        return Set(inForce).union(visibleDisabled(in: configuration).keys)
    }
}
