import TongbanCore

/// Destinations an operator allows: host names (exact, or `*.example.gov.cn` for its
/// subdomains), address ranges, and ports (any when none are listed).
public struct EgressRule: Decodable, Sendable, Equatable {
    public var hosts: [String]
    public var cidrs: [CIDR]
    public var ports: [ClosedRange<Int>]

    public init(hosts: [String] = [], cidrs: [CIDR] = [], ports: [ClosedRange<Int>] = []) {
        self.hosts = hosts.map { $0.lowercased() }
        self.cidrs = cidrs
        self.ports = ports
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case hosts, cidrs, ports }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        hosts = (try c.decodeIfPresent([String].self, forKey: .hosts) ?? []).map { $0.lowercased() }
        let ranges = try c.decodeIfPresent([String].self, forKey: .cidrs) ?? []
        cidrs = try ranges.map { text in
            guard let cidr = CIDR(text) else {
                throw InvalidValueError(path: c.codingPath + [CodingKeys.cidrs], reason: "'\(text)' is not an address range like 10.0.0.0/8 or fc00::/7")
            }
            return cidr
        }
        let portTexts = try c.decodeIfPresent([String].self, forKey: .ports) ?? []
        ports = try portTexts.map { text in
            let bounds = text.split(separator: "-", maxSplits: 1).map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard let low = bounds.first ?? nil, let high = bounds.last ?? nil, 1 <= low, low <= high, high <= 65535 else {
                throw InvalidValueError(path: c.codingPath + [CodingKeys.ports], reason: "'\(text)' is not a port or a range like 9101-9106")
            }
            return low...high
        }
        if hosts.isEmpty && cidrs.isEmpty {
            throw InvalidValueError(path: c.codingPath, reason: "an egress rule names hosts or cidrs")
        }
        for host in hosts where EgressPolicy.Destination.isHostName(host.hasPrefix("*.") ? String(host.dropFirst(2)) : host) == false
            && IPAddress(host) == nil {
            throw InvalidValueError(path: c.codingPath + [CodingKeys.hosts], reason: "'\(host)' is not a host name or address")
        }
    }

    func matches(host: String, port: Int, address: IPAddress?) -> Bool {
        guard ports.isEmpty || ports.contains(where: { $0.contains(port) }) else { return false }
        let named = hosts.contains { pattern in
            pattern.hasPrefix("*.") ? host.hasSuffix(pattern.dropFirst(1)) : pattern == host
        }
        return named || (address.map { a in cidrs.contains { $0.contains(a) } } ?? false)
    }
}

/// Where one adapter may make the gateway connect. Pure: the transport resolves the host
/// and asks `check` for every address before it connects, so a name that resolves
/// elsewhere later (DNS rebinding) is checked again.
public struct EgressPolicy: Sendable, Equatable {
    public var rules: [EgressRule]
    /// Public addresses that no rule names are allowed.
    public var allowPublic: Bool
    /// The gateway's own ports: never reachable on a loopback, private or unspecified
    /// address, whatever the rules say.
    public var gatewayPorts: Set<Int>

    public init(rules: [EgressRule], allowPublic: Bool, gatewayPorts: Set<Int>) {
        self.rules = rules
        self.allowPublic = allowPublic
        self.gatewayPorts = gatewayPorts
    }

    /// A URL's scheme, host and port, read strictly (no user info, no empty host).
    public struct Destination: Sendable, Equatable {
        public var scheme: String
        public var host: String
        public var port: Int
        /// The host when it is an address literal.
        public var address: IPAddress?

        public init?(url: String) {
            let lower = url.lowercased()
            let rest: Substring
            if lower.hasPrefix("http://") { scheme = "http"; rest = Substring(lower.dropFirst(7)) }
            else if lower.hasPrefix("https://") { scheme = "https"; rest = Substring(lower.dropFirst(8)) }
            else { return nil }
            let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
            guard !authority.contains("@"), !authority.contains("\\"), !authority.contains("%") else { return nil }
            var hostPart = Substring(authority), portPart: Substring?
            if authority.hasPrefix("[") {
                guard let close = authority.firstIndex(of: "]") else { return nil }
                hostPart = authority[authority.index(after: authority.startIndex)..<close]
                let after = authority[authority.index(after: close)...]
                if !after.isEmpty {
                    guard after.hasPrefix(":") else { return nil }
                    portPart = after.dropFirst()
                }
                guard IPAddress(String(hostPart)) != nil else { return nil }
            } else if let colon = authority.lastIndex(of: ":") {
                hostPart = authority[..<colon]
                portPart = authority[authority.index(after: colon)...]
            }
            if let portPart {
                guard (1...5).contains(portPart.count), portPart.allSatisfy({ $0.isASCII && $0.isNumber }),
                      let port = Int(portPart), (1...65535).contains(port) else { return nil }
                self.port = port
            } else {
                port = scheme == "https" ? 443 : 80
            }
            host = hostPart.hasSuffix(".") ? String(hostPart.dropLast()) : String(hostPart)
            address = IPAddress(host)
            guard address != nil || Self.isHostName(host) else { return nil }
        }

        /// Letters, digits and '-' in dot-separated labels.
        static func isHostName(_ name: String) -> Bool {
            guard !name.isEmpty, name.utf8.count <= 253 else { return false }
            return name.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
                (1...63).contains(label.count) && label.first != "-" && label.last != "-"
                    && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
            }
        }

        /// Names that always mean this machine.
        var isLocalName: Bool { host == "localhost" || host.hasSuffix(".localhost") }
    }

    /// Why a destination is refused; nil when it is allowed. `address` is the address
    /// about to be connected to (the literal, or one the name resolved to); nil before
    /// resolution, when only what the URL itself shows is judged.
    public func refusal(_ destination: Destination, address: IPAddress?) -> String? {
        let address = address ?? destination.address ?? (destination.isLocalName ? IPAddress("127.0.0.1") : nil)
        let special = address?.isSpecialPurpose ?? false
        if special, gatewayPorts.contains(destination.port) {
            return "port \(destination.port) on \(address!) is the gateway's own"
        }
        if rules.contains(where: { $0.matches(host: destination.host, port: destination.port, address: address) }) { return nil }
        guard let address else { return nil }  // a name: judged again on each address it resolves to
        if special { return "\(address) is a loopback, private, link-local or reserved address the egress policy does not allow" }
        return allowPublic ? nil : "\(destination.host):\(destination.port) is not allowed by the egress policy"
    }
}
