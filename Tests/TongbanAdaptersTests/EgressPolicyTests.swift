import Testing
import TongbanAdapters

/// Where an adapter held to the egress policy may make the gateway connect, by table.
@Suite struct EgressPolicyTests {
    static let sandbox = EgressRule(hosts: ["127.0.0.1"], ports: [9101...9106])
    static let agency = EgressRule(hosts: ["*.notary.example.gov.cn"], cidrs: [CIDR("10.8.0.0/16")!], ports: [443...443])
    static let policy = EgressPolicy(rules: [sandbox, agency], allowPublic: true, gatewayPorts: [8080])

    static let cases: [(url: String, address: String?, allowed: Bool)] = [
        ("http://127.0.0.1:9102", nil, true),
        ("http://127.0.0.1:9107", nil, false),
        ("http://127.0.0.1:8080", nil, false),                 // the gateway's own port
        ("http://localhost:8080", nil, false),
        ("http://localhost:9102", nil, false),                 // named differently: no rule names localhost
        ("http://169.254.169.254", nil, false),                // cloud metadata
        ("http://[::1]:9102", nil, false),
        ("http://[::ffff:127.0.0.1]:9102", nil, false),        // the v4-mapped form is loopback too
        ("http://0.0.0.0:8080", nil, false),
        ("http://10.0.0.5", nil, false),
        ("http://172.20.1.1", nil, false),
        ("http://192.168.1.1", nil, false),
        ("http://100.64.0.1", nil, false),
        ("http://[fd00::1]", nil, false),
        ("http://[fe80::1]", nil, false),
        ("https://203.0.113.7", nil, false),                   // documentation range
        ("https://8.8.8.8", nil, true),                        // public
        ("https://a.notary.example.gov.cn", "10.8.1.2", true), // named by the agency's rule, on its port
        ("http://a.notary.example.gov.cn:80", "10.8.1.2", false),
        ("https://backend.example.com", nil, true),            // a name, before resolution
        ("https://backend.example.com", "93.184.216.34", true),
        ("https://backend.example.com", "127.0.0.1", false),   // rebinding to loopback
        ("https://backend.example.com", "169.254.169.254", false),
        ("https://backend.example.com:8080", "10.0.0.1", false),
    ]

    @Test(arguments: 0..<cases.count)
    func decides(_ index: Int) throws {
        let (url, address, allowed) = Self.cases[index]
        let destination = try #require(EgressPolicy.Destination(url: url), "\(url) does not parse")
        let refusal = Self.policy.refusal(destination, address: address.flatMap(IPAddress.init))
        #expect((refusal == nil) == allowed, "\(url) @ \(address ?? "-"): \(refusal ?? "allowed")")
    }

    @Test func closedToPublicAddressesWhenSaid() throws {
        let closed = EgressPolicy(rules: [Self.sandbox], allowPublic: false, gatewayPorts: [])
        #expect(closed.refusal(try #require(EgressPolicy.Destination(url: "https://8.8.8.8")), address: nil) != nil)
        #expect(closed.refusal(try #require(EgressPolicy.Destination(url: "http://127.0.0.1:9101")), address: nil) == nil)
    }

    @Test(arguments: ["http://user@127.0.0.1", "ftp://127.0.0.1", "http://", "http://127.0.0.1:99999", "http://a b", "http://%31%32%37.0.0.1",
                      "http://[::1", "http://host:x"])
    func refusesURLsItCannotReadStrictly(_ url: String) {
        #expect(EgressPolicy.Destination(url: url) == nil)
    }

    @Test func addressesAndRanges() throws {
        #expect(IPAddress("127.0.0.1")?.isSpecialPurpose == true)
        #expect(IPAddress("1.2.3.4")?.isSpecialPurpose == false)
        #expect(IPAddress("2001:4860:4860::8888")?.isSpecialPurpose == false)
        #expect(IPAddress("::")?.isSpecialPurpose == true)
        #expect(IPAddress("01.2.3.4") == nil)
        #expect(IPAddress("1.2.3") == nil)
        #expect(IPAddress("1::2::3") == nil)
        #expect(try #require(CIDR("10.8.0.0/16")).contains(try #require(IPAddress("10.8.255.1"))))
        #expect(try #require(CIDR("10.8.0.0/16")).contains(try #require(IPAddress("10.9.0.1"))) == false)
        #expect(CIDR("10.0.0.0/33") == nil)
    }
}
