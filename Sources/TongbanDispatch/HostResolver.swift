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
