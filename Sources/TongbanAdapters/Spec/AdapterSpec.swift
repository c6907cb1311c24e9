import TongbanCore

/// Everything the gateway knows about one back end (DESIGN 3), as an agency writes it in
/// `Adapters/<id>.yaml`. Decoding is strict: an unknown key or word is an error naming the
/// key. Cross-checks that need more than one field live in `AdapterSpec.problems()`.
public struct AdapterSpec: Sendable, Decodable {
    /// Stable id, also the callback path segment: lower-case letters, digits, '-'.
    public var id: String
    /// The service this back end handles.
    public var service: Service
    /// The agency that owns the back end.
    public var owner: Owner
    /// Which applications it takes.
    public var coverage: Coverage
    /// Among adapters covering the same application, the highest priority wins.
    public var priority: Int
    /// Where and how applications are submitted.
    public var submit: EndpointSpec
    /// How the gateway authenticates to the back end.
    public var auth: AuthSpec
    /// How the canonical application becomes the back end's request.
    public var request: MappingSpec
    /// How the back end's answer is read.
    public var response: ResponseSpec
    /// How the back end's status callbacks are read (issue 4 applies them).
    public var callback: CallbackSpec?
    /// Where a withdrawal is sent; without it a withdrawn target is only marked locally.
    public var cancel: ActionSpec?
    /// Where materials the back end asked for are sent; without it supplements are refused.
    public var supplement: ActionSpec?
    /// An optional active health check of the back end.
    public var probe: ProbeSpec?
    /// Concurrency, rate, retries and circuit breaker.
    public var limits: LimitsSpec

    /// The agency owning a back end.
    public struct Owner: Sendable, Decodable, Equatable {
        public var name: String
        /// GB 32100 unified social credit code; its organization kind must fit the service.
        public var creditCode: String

        enum CodingKeys: String, CodingKey, CaseIterable { case name, creditCode }

        public init(name: String, creditCode: String) {
            self.name = name
            self.creditCode = creditCode
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
            name = try c.decode(String.self, forKey: .name)
            creditCode = try c.decode(String.self, forKey: .creditCode)
        }
    }

    /// Regions and item codes an adapter serves. `*` means all; a region code ending in
    /// `0000` covers its province, one ending in `00` its prefecture.
    public struct Coverage: Sendable, Decodable, Equatable {
        public var regions: [String]
        public var items: [String]

        enum CodingKeys: String, CodingKey, CaseIterable { case regions, items }
        public init(regions: [String], items: [String]) {
            self.regions = regions
            self.items = items
        }
        public init(from decoder: any Decoder) throws {
            let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
            regions = try c.decode([String].self, forKey: .regions)
            items = try c.decodeIfPresent([String].self, forKey: .items) ?? ["*"]
        }

        /// Whether an application of `item` in `region` is covered.
        public func covers(region: String, item: String) -> Bool {
            let regionOK = regions.contains { pattern in
                if pattern == "*" || pattern == region { return true }
                if pattern.hasSuffix("0000") { return region.hasPrefix(pattern.prefix(2)) }
                if pattern.hasSuffix("00") { return region.hasPrefix(pattern.prefix(4)) }
                return false
            }
            return regionOK && (items.contains("*") || items.contains(item))
        }
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, service, owner, coverage, priority, submit, auth, request, response, callback, cancel, supplement, probe, limits
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        // No "--" and no '-' at the end: each id then has a secret namespace no other id's holds.
        guard id.utf8.count <= 63, let first = id.first, first.isLetter || first.isNumber, id.last != "-", !id.contains("--"),
              id.allSatisfy({ ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }) else {
            throw InvalidValueError(path: c.codingPath + [CodingKeys.id],
                                    reason: "expected lower-case letters, digits and single '-' between them, got '\(id)'")
        }
        service = try c.decodeWord(Service.self, forKey: .service)
        owner = try c.decode(Owner.self, forKey: .owner)
        coverage = try c.decode(Coverage.self, forKey: .coverage)
        priority = try c.decodeInt(forKey: .priority, in: 0...1000, default: 0)
        submit = try c.decode(EndpointSpec.self, forKey: .submit)
        auth = try c.decodeIfPresent(AuthSpec.self, forKey: .auth) ?? AuthSpec()
        if auth.signing.algorithm == .sm2, auth.secretEnv == nil {
            throw InvalidValueError(path: c.codingPath + [CodingKeys.auth, AnyKey(stringValue: "secretEnv")], reason: "the gateway signs with its SM2 private key: name the variable holding it")
        }
        if auth.previousSecretEnv != nil {
            throw InvalidValueError(path: c.codingPath + [CodingKeys.auth, AnyKey(stringValue: "previousSecretEnv")], reason: "applies to portals only")
        }
        request = try c.decode(MappingSpec.self, forKey: .request)
        response = try c.decodeIfPresent(ResponseSpec.self, forKey: .response) ?? ResponseSpec()
        callback = try c.decodeIfPresent(CallbackSpec.self, forKey: .callback)
        if callback?.auth.previousSecretEnv != nil {
            throw InvalidValueError(path: c.codingPath + [CodingKeys.callback, AnyKey(stringValue: "auth"), AnyKey(stringValue: "previousSecretEnv")],
                                    reason: "applies to portals only")
        }
        cancel = try c.decodeIfPresent(ActionSpec.self, forKey: .cancel)
        supplement = try c.decodeIfPresent(ActionSpec.self, forKey: .supplement)
        probe = try c.decodeIfPresent(ProbeSpec.self, forKey: .probe)
        limits = try c.decodeIfPresent(LimitsSpec.self, forKey: .limits) ?? LimitsSpec()
    }
}
