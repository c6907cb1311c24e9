import Foundation
import NIOPosix
import TongbanAdapters
#if canImport(Glibc)
import Glibc
#endif

/// Turns a host name into the addresses a connection would go to: the I/O seam under the
/// transport's egress check.
public protocol HostResolver: Sendable {
    func addresses(of host: String, port: Int) async throws -> [IPAddress]
}

/// `getaddrinfo`, on NIO's blocking thread pool so no task thread waits on DNS.
public struct SystemHostResolver: HostResolver {
    public init() {}

    public func addresses(of host: String, port: Int) async throws -> [IPAddress] {
        try await NIOThreadPool.singleton.runIfActive {
            var hints = addrinfo()
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
            var result: UnsafeMutablePointer<addrinfo>?
            let status = getaddrinfo(host, String(port), &hints, &result)
            guard status == 0, let first = result else { throw EgressRefusal(reason: "\(host) does not resolve") }
            defer { freeaddrinfo(first) }
            var out: [IPAddress] = []
            var cursor: UnsafeMutablePointer<addrinfo>? = first
            while let entry = cursor {
                if let address = entry.pointee.ai_addr {
                    switch Int32(address.pointee.sa_family) {
                    case AF_INET:
                        let v4 = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr.s_addr }
                        out.append(IPAddress(bytes: withUnsafeBytes(of: v4) { Array($0) }))
                    case AF_INET6:
                        let v6 = address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee.sin6_addr }
                        out.append(IPAddress(bytes: withUnsafeBytes(of: v6) { Array($0) }))
                    default: break
                    }
                }
                cursor = entry.pointee.ai_next
            }
            return out
        }
    }
}

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
