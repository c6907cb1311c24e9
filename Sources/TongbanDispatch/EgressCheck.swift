import TongbanAdapters

/// A request the egress policy does not allow: it is never sent.
public struct EgressRefusal: Error, CustomStringConvertible {
    public var reason: String
    public var description: String { "egress refused: \(reason)" }
}

extension EgressPolicy {
    /// The URL to connect to for `url` and the `Host` header it needs: every address the
    /// host resolves to is checked, and a plain-HTTP request is pinned to the checked
    /// address so a second lookup cannot point it elsewhere. (HTTPS keeps the name: the
    /// certificate must then match it, which a rebinding to an internal host cannot do.)
    func pinned(_ url: String, resolver: any HostResolver) async throws -> (url: String, host: String?) {
        guard let destination = Destination(url: url) else { throw EgressRefusal(reason: "\(url) is not a URL the gateway may call") }
        if let address = destination.address {
            if let reason = refusal(destination, address: address) { throw EgressRefusal(reason: reason) }
            return (url, nil)
        }
        if let reason = refusal(destination, address: nil) { throw EgressRefusal(reason: reason) }
        let addresses = try await resolver.addresses(of: destination.host, port: destination.port)
        guard let first = addresses.first else { throw EgressRefusal(reason: "\(destination.host) does not resolve") }
        for address in addresses {
            if let reason = refusal(destination, address: address) { throw EgressRefusal(reason: "\(destination.host) resolves to \(address): \(reason)") }
        }
        guard destination.scheme == "http" else { return (url, nil) }
        let literal = first.isV4 ? first.description : "[\(first.description)]"
        let authorityEnd = url.dropFirst(7).firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? url.endIndex
        let authority = String(url[url.index(url.startIndex, offsetBy: 7)..<authorityEnd])
        return ("http://\(literal):\(destination.port)" + url[authorityEnd...], authority)
    }
}
