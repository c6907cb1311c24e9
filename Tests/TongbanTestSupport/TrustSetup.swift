import Foundation
import HTTPTypes
import TongbanClient
import TongbanConfig
#if canImport(Glibc)
import Glibc
#endif

/// What the trust-boundary tests share: a free port, a private copy of `Config/` with
/// `tongban.yaml` edited, and the sample tokens.
public enum TrustSetup {
    public static let operatorToken = [("Authorization", "Bearer sandbox-admin-token-NOT-A-SECRET")]
    public static let notary = [("Authorization", "Bearer sandbox-agency-notary-token-NOT-A-SECRET")]

    /// A TCP port nothing listens on right now.
    public static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ProcessError("socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0 else { throw ProcessError("bind() failed") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// `Config/` copied into `directory` with `edit` applied to `tongban.yaml`; its path.
    public static func config(in directory: URL, edit: (String) -> String = { $0 }) throws -> String {
        let config = directory.appendingPathComponent("Config")
        try FileManager.default.copyItem(at: Fixtures.root.appendingPathComponent("Config"), to: config)
        let file = config.appendingPathComponent("tongban.yaml")
        try edit(try String(contentsOf: file, encoding: .utf8)).write(to: file, atomically: true, encoding: .utf8)
        return config.path
    }

    /// The sample egress rule widened to `port` too (a listener standing in for an agency).
    public static func allowing(port: Int) -> (String) -> String {
        { $0.replacingOccurrences(of: #"ports: ["9101-9107"]"#, with: #"ports: ["9101-9107", "\#(port)"]"#) }
    }

    /// The sample spec of `id`, as its file holds it.
    public static func spec(_ id: String) throws -> String {
        try String(contentsOf: Fixtures.root.appendingPathComponent("Adapters/\(id).yaml"), encoding: .utf8)
    }

    /// A client of the demo portal (bearer) against `baseURL`.
    public static func client(_ baseURL: String, portal: String = "demo") throws -> PortalClient {
        let configuration = try Fixtures.configuration()
        guard let found = configuration.portals.first(where: { $0.id == portal }) else { throw ProcessError("no portal \(portal)") }
        return PortalClient(baseURL: baseURL, portal: found)
    }
}
