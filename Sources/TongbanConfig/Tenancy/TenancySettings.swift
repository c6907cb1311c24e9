import TongbanAdapters
import TongbanCore

extension GatewaySettings {
    /// What adapter specs may do, and how much of the gateway an agency may use
    /// (`tongban.yaml` section `adapters`). See `docs/security.md`.
    public struct AdapterRules: Decodable, Sendable, Equatable {
        /// Environment variables the operator binds to adapter ids, beyond each adapter's own
        /// namespace `TONGBAN_ADAPTER_<ID>__<NAME>`: `{notary-sandbox: [TONGBAN_ADAPTER_NOTARY_SECRET]}`.
        public var secrets: [String: [String]] = [:]
        /// Lets the operator's own files (`Adapters/`) name any unreserved variable; default false.
        public var allowUnboundFileSecrets = false
        /// Lets the operator's own files declare `callback.auth.scheme: none`; default false.
        /// Specs stored through the admin API never may.
        public var allowUnauthenticatedFileCallbacks = false
        /// Adapters one agency may have stored at once; default 20.
        public var maxPerAgency = 20
        /// Versions kept per adapter (older ones are pruned, the audit chain keeps their
        /// digests); default 50.
        public var versionsKept = 50
        /// The shortest probe interval a spec may ask for, in seconds; default 10.
        public var minProbeIntervalSeconds = 10
        /// Largest spec text in bytes; default 65536.
        public var maxSpecBytes = 65_536

        public init() {}
        enum CodingKeys: String, CodingKey, CaseIterable {
            case secrets, allowUnboundFileSecrets, allowUnauthenticatedFileCallbacks, maxPerAgency, versionsKept, minProbeIntervalSeconds, maxSpecBytes
        }
        public init(from decoder: any Decoder) throws {
            let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
            secrets = try c.decodeIfPresent([String: [String]].self, forKey: .secrets) ?? [:]
            allowUnboundFileSecrets = try c.decodeIfPresent(Bool.self, forKey: .allowUnboundFileSecrets) ?? false
            allowUnauthenticatedFileCallbacks = try c.decodeIfPresent(Bool.self, forKey: .allowUnauthenticatedFileCallbacks) ?? false
            maxPerAgency = try c.decodeInt(forKey: .maxPerAgency, in: 0...10_000, default: maxPerAgency)
            versionsKept = try c.decodeInt(forKey: .versionsKept, in: 1...10_000, default: versionsKept)
            minProbeIntervalSeconds = try c.decodeInt(forKey: .minProbeIntervalSeconds, in: 1...86_400, default: minProbeIntervalSeconds)
            maxSpecBytes = try c.decodeInt(forKey: .maxSpecBytes, in: 4096...1_048_576, default: maxSpecBytes)
            for (id, names) in secrets {
                for name in names where !SecretNamespace.isVariableName(name) {
                    throw InvalidValueError(path: c.codingPath + [CodingKeys.secrets], reason: "\(id): '\(name)' is not an environment variable name (A-Z, 0-9, _)")
                }
            }
        }
    }

    /// Where adapters may make the gateway connect (`tongban.yaml` section `egress`).
    public struct Egress: Decodable, Sendable, Equatable {
        /// Destinations every adapter may reach, loopback and private ones included.
        public var allow: [EgressRule] = []
        /// Whether agencies' specs may reach public addresses no rule names; default true.
        public var allowPublic = true
        /// Whether the operator's files are held to the policy too; default false (they
        /// are the operator's own).
        public var checkFiles = false

        public init() {}
        enum CodingKeys: String, CodingKey, CaseIterable { case allow, allowPublic, checkFiles }
        public init(from decoder: any Decoder) throws {
            let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
            allow = try c.decodeIfPresent([EgressRule].self, forKey: .allow) ?? []
            allowPublic = try c.decodeIfPresent(Bool.self, forKey: .allowPublic) ?? true
            checkFiles = try c.decodeIfPresent(Bool.self, forKey: .checkFiles) ?? false
        }
    }
}

/// What an agency's adapters may serve (`admin.agencies[i]`): services, regions, items,
/// a priority ceiling and destinations of its own.
public struct AgencyGrant: Sendable, Equatable {
    public var services: Set<Service>
    public var regions: [String]
    public var items: [String]
    public var maxPriority: Int
    public var egress: [EgressRule]

    public init(services: Set<Service>, regions: [String], items: [String] = ["*"], maxPriority: Int = 100, egress: [EgressRule] = []) {
        self.services = services
        self.regions = regions
        self.items = items
        self.maxPriority = maxPriority
        self.egress = egress
    }

    /// By default an agency may provide the services its credit code's kind fits (legal aid
    /// and mediation, which have no kind, only when granted) in no region.
    public static func defaultServices(for creditCode: String) -> Set<Service> {
        Set(Service.allCases.filter { service in service.agencyCreditPrefix.map(creditCode.hasPrefix) ?? false })
    }

    /// Whether region pattern `pattern` of a spec lies within the granted regions: every
    /// region it covers is covered by some granted pattern.
    public func grantsRegion(_ pattern: String) -> Bool {
        regions.contains { granted in Self.contains(granted, pattern) }
    }

    static func contains(_ outer: String, _ inner: String) -> Bool {
        if outer == "*" || outer == inner { return true }
        if inner == "*" { return false }
        if outer.hasSuffix("0000") { return inner.hasPrefix(outer.prefix(2)) }
        if outer.hasSuffix("00") { return inner.hasPrefix(outer.prefix(4)) }
        return false
    }
}
