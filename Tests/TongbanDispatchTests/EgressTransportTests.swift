import Foundation
import Testing
import TongbanAdapters
import TongbanTestSupport
@testable import TongbanDispatch

/// The egress check at connect time, over real HTTP: a name is resolved, every address it
/// resolves to is checked, and a plain-HTTP request goes to the checked address, so a
/// name that rebinds to an internal address reaches nothing.
@Suite struct EgressTransportTests {
    /// Resolves every name to `address` (a DNS server the attacker controls).
    struct FixedResolver: HostResolver {
        var address: String
        func addresses(of host: String, port: Int) async throws -> [IPAddress] { [IPAddress(address)!] }
    }

    @Test func aNameIsCheckedOnWhatItResolvesToAndPinned() async throws {
        let listener = CallbackRecorder(route: "**")
        try await listener.with { url in
            let port = Int(url.split(separator: ":").last!)!
            // The operator allows back.example.gov.cn on this port; nothing else on loopback.
            let policy = EgressPolicy(rules: [EgressRule(hosts: ["back.example.gov.cn"], ports: [port...port])], allowPublic: true, gatewayPorts: [])
            let transport = HTTPDeliveryTransport(maxConnectionsPerHost: 4, resolver: FixedResolver(address: "127.0.0.1"))
            defer { Task { try? await transport.shutdown() } }
            func request(_ url: String) -> OutboundRequest {
                OutboundRequest(method: "POST", url: url, path: "/submit", headers: [], body: Array("{}".utf8), egress: policy)
            }
            let allowed = try await transport.send(request("http://back.example.gov.cn:\(port)/submit"), timeoutSeconds: 5)
            #expect(allowed.status == 200)
            #expect(listener.requests.first?.headers["Host"] == "back.example.gov.cn:\(port)")
            // A name no rule names, rebinding to loopback: refused before any connection.
            await #expect(throws: EgressRefusal.self) {
                try await transport.send(request("http://rebind.attacker.example:\(port)/submit"), timeoutSeconds: 5)
            }
            // An address literal on loopback that no rule names.
            await #expect(throws: EgressRefusal.self) {
                try await transport.send(request("http://127.0.0.1:\(port)/submit"), timeoutSeconds: 5)
            }
            // The gateway's own port is never reachable, whatever the rules say.
            transport.refuseGatewayPort(port)
            await #expect(throws: EgressRefusal.self) {
                try await transport.send(request("http://back.example.gov.cn:\(port)/submit"), timeoutSeconds: 5)
            }
            #expect(listener.requests.count == 1)
        }
    }
}
