import TongbanAdapters
import TongbanCore

/// Who wrote a spec, which decides what it may do (`docs/security.md`).
public enum SpecAuthor: Sendable, Equatable {
    /// A file of `Adapters/`: the operator's own.
    case operatorFile
    /// Stored through the admin API with the operator's token.
    case operatorAPI
    /// Stored through the admin API with an agency's token.
    case agency(creditCode: String)

    /// How the audit chain and the adapter store name it.
    public init(actor: String) {
        self = actor.hasPrefix("agency:") ? .agency(creditCode: String(actor.dropFirst(7))) : .operatorAPI
    }
}

/// The operator's rules for adapter specs, beyond their syntax: whose secrets a spec may
/// name, what an agency's grant lets it serve, where it may connect, and its quotas. Pure:
/// the loader, the admin API, `tongban check` and `try` all ask it.
public struct AdapterPolicy: Sendable, Equatable {
    public var rules: GatewaySettings.AdapterRules
    public var egress: GatewaySettings.Egress
    public var grants: [String: AgencyGrant]
    /// Variables that hold the operator's, the agencies', the portals' and the webhooks'
    /// secrets: no spec may name them.
    public var reservedVariables: Set<String>
    public var gatewayPorts: Set<Int>

    public init(rules: GatewaySettings.AdapterRules = .init(), egress: GatewaySettings.Egress = .init(), grants: [String: AgencyGrant] = [:],
                reservedVariables: Set<String> = [], gatewayPorts: Set<Int> = []) {
        self.rules = rules
        self.egress = egress
        self.grants = grants
        self.reservedVariables = reservedVariables
        self.gatewayPorts = gatewayPorts
    }

    /// Where an adapter by `author` may connect; nil when it is not held to the policy
    /// (the operator's files, unless `egress.checkFiles`).
    public func egressPolicy(for author: SpecAuthor) -> EgressPolicy? {
        var extra: [EgressRule] = []
        switch author {
        case .operatorFile where !egress.checkFiles: return nil
        case .agency(let code): extra = grants[code]?.egress ?? []
        default: break
        }
        return EgressPolicy(rules: egress.allow + extra, allowPublic: egress.allowPublic, gatewayPorts: gatewayPorts)
    }

    /// Everything `spec` by `author` may not do, each with the key it is about.
    public func problems(_ spec: AdapterSpec, author: SpecAuthor) -> [AdapterSpec.Problem] {
        var out = secretProblems(spec, author: author)
        if case .agency(let code) = author { out += grantProblems(spec, agency: code) }
        if let callback = spec.callback, callback.auth.scheme == .none,
           !(author == .operatorFile && rules.allowUnauthenticatedFileCallbacks) {
            out.append(.init(key: "callback.auth.scheme", reason: author == .operatorFile
                ? "callbacks must be authenticated; an operator's file may use none only with adapters.allowUnauthenticatedFileCallbacks"
                : "callbacks must be authenticated: a spec stored through the admin API cannot use none"))
        }
        if let probe = spec.probe, probe.intervalSeconds < Double(rules.minProbeIntervalSeconds) {
            out.append(.init(key: "probe.interval", reason: "at least \(rules.minProbeIntervalSeconds)s (adapters.minProbeIntervalSeconds)"))
        }
        if let policy = egressPolicy(for: author) {
            if let destination = EgressPolicy.Destination(url: spec.submit.baseURL) {
                if let reason = policy.refusal(destination, address: nil) { out.append(.init(key: "submit.baseURL", reason: reason)) }
            } else {
                out.append(.init(key: "submit.baseURL", reason: "expected http(s)://host[:port] with a host name or address and no user info"))
            }
        }
        return out
    }

    /// A spec names its secrets inside its own namespace or among the variables the
    /// operator bound to its id. The reasons never say whether a variable is set.
    func secretProblems(_ spec: AdapterSpec, author: SpecAuthor) -> [AdapterSpec.Problem] {
        var named: [(String, String)] = []
        if let name = spec.auth.secretEnv { named.append(("auth.secretEnv", name)) }
        if let name = spec.callback?.auth.secretEnv { named.append(("callback.auth.secretEnv", name)) }
        let bound = Set(rules.secrets[spec.id] ?? [])
        var out: [AdapterSpec.Problem] = []
        for (key, name) in named {
            if SecretNamespace.owns(spec.id, name) || bound.contains(name) { continue }
            let boundElsewhere = rules.secrets.contains { $0.key != spec.id && $0.value.contains(name) }
            if author == .operatorFile, rules.allowUnboundFileSecrets, !reservedVariables.contains(name), !boundElsewhere,
               !SecretNamespace.isAdapterVariable(name) {
                continue
            }
            out.append(.init(key: key, reason: "\(name) is not a secret of adapter \(spec.id): name one in its namespace "
                + "\(SecretNamespace.prefix(for: spec.id))<NAME>, or have the operator bind it (adapters.secrets.\(spec.id))"))
        }
        return out
    }

    /// An agency's adapter serves only what its grant lists.
    func grantProblems(_ spec: AdapterSpec, agency code: String) -> [AdapterSpec.Problem] {
        guard let grant = grants[code] else {
            return [.init(key: "owner.creditCode", reason: "agency \(code) has no grant in admin.agencies")]
        }
        var out: [AdapterSpec.Problem] = []
        if !grant.services.contains(spec.service) {
            let granted = grant.services.map(\.rawValue).sorted().joined(separator: ", ")
            out.append(.init(key: "service", reason: "agency \(code) may provide \(granted.isEmpty ? "no service" : granted), not \(spec.service.rawValue)"))
        }
        for (i, pattern) in spec.coverage.regions.enumerated() where !grant.grantsRegion(pattern) {
            out.append(.init(key: "coverage.regions[\(i)]", reason: "\(pattern) is outside the regions granted to agency \(code) (\(grant.regions.isEmpty ? "none" : grant.regions.joined(separator: ", ")))"))
        }
        if !grant.items.contains("*") {
            for (i, item) in spec.coverage.items.enumerated() where !grant.items.contains(item) {
                out.append(.init(key: "coverage.items[\(i)]", reason: "\(item) is not among the items granted to agency \(code) (\(grant.items.joined(separator: ", ")))"))
            }
        }
        if spec.priority > grant.maxPriority {
            out.append(.init(key: "priority", reason: "at most \(grant.maxPriority) for agency \(code)"))
        }
        return out
    }
}

extension AdapterPolicy {
    /// The policy of `settings`, with every variable the portals, the operator and the
    /// agencies authenticate with reserved.
    public init(settings: GatewaySettings, portals: [PortalConfig]) {
        var reserved: Set<String> = [settings.admin.tokenEnv]
        for agency in settings.admin.agencies { reserved.insert(agency.tokenEnv) }
        if let metrics = settings.admin.metricsTokenEnv { reserved.insert(metrics) }
        for portal in portals {
            reserved.insert(portal.secretEnv)
            if let previous = portal.previousSecretEnv { reserved.insert(previous) }
            if let webhook = portal.webhook { reserved.insert(webhook.secretEnv) }
        }
        var ports: Set<Int> = settings.server.port == 0 ? [] : [settings.server.port]
        if let base = settings.server.publicBaseURL, let destination = EgressPolicy.Destination(url: base) { ports.insert(destination.port) }
        self.init(rules: settings.adapters, egress: settings.egress,
                  grants: Dictionary(settings.admin.agencies.map { ($0.creditCode, $0.grant) }, uniquingKeysWith: { first, _ in first }),
                  reservedVariables: reserved, gatewayPorts: ports)
    }

    /// Bindings and reserved variables that contradict each other: a reserved variable
    /// bound to an adapter, or one in the form of an adapter's namespace. (The operator may
    /// bind one variable to several adapters of the same back end.)
    public func bindingProblems() -> [(key: String, reason: String)] {
        var out: [(String, String)] = []
        for (id, names) in rules.secrets.sorted(by: { $0.key < $1.key }) {
            for name in names where reservedVariables.contains(name) {
                out.append(("adapters.secrets.\(id)", "\(name) holds a portal's, the operator's or an agency's secret and cannot be an adapter's"))
            }
        }
        for name in reservedVariables.sorted() where SecretNamespace.isAdapterVariable(name) {
            out.append(("", "\(name) lies in the adapters' secret namespace (TONGBAN_ADAPTER_<ID>__…): use another name"))
        }
        return out
    }
}
