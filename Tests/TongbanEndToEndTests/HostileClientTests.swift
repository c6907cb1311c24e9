import Foundation
import Testing
import TongbanAdapters
import TongbanClient
import TongbanTestSupport

/// Strangers, portals and back ends at their worst, against the real binary: stalled
/// connections, replays across a restart, forged and poisoned callbacks, and what the
/// store's files allow. Each refusal is precise and nothing else is disturbed.
@Suite(.serialized) struct HostileClientTests {
    typealias T = TrustSetup

    func gateway(in directory: URL, environment: [String: String] = [:], envFile: String? = nil,
                 log: String = "g.log") async throws -> GatewayProcess {
        try await GatewayProcess(sqlitePath: directory.appendingPathComponent("data/g.sqlite").path,
                                 logPath: directory.appendingPathComponent(log).path, envFile: envFile, environment: environment)
    }

    /// 300 connections stalled mid-headers: a normal client is answered at once, one more
    /// than the cap is closed on arrival, and the stalled ones are closed after the header
    /// timeout.
    @Test func stalledConnectionsAreClosedAndOthersServed() async throws {
        let directory = try temporaryDirectory("stalled")
        defer { try? FileManager.default.removeItem(at: directory) }
        let gateway = try await gateway(in: directory, environment: ["TONGBAN_SERVER_HEADER_TIMEOUT_SECONDS": "2",
                                                                     "TONGBAN_SERVER_MAX_CONNECTIONS": "310"])
        defer { gateway.terminate() }
        let port = String(gateway.baseURL.split(separator: ":").last!)
        let output = Data(try await ExternalTool.run(
            executable: URL(fileURLWithPath: "/usr/bin/env"),
            ["python3", Fixtures.root.appendingPathComponent("Tests/Fixtures/slow_clients.py").path, port, "300", "40", "3"], errorsApart: true).bytes)
        let result = try #require(try JSONSerialization.jsonObject(with: output) as? [String: Any], "\(String(decoding: output, as: UTF8.self))")
        #expect((result["healthzStatus"] as? [String])?.allSatisfy { $0.hasPrefix("HTTP/1.1 200") } == true, "\(result)")
        #expect((result["healthzSeconds"] as? Double ?? 9) < 0.1, "\(result)")
        #expect(result["firstOpenBeforeTimeout"] as? Int == 300, "\(result)")
        #expect((result["extraRefusedAtOnce"] as? Int ?? 0) >= 30, "\(result)")
        #expect(result["firstClosedAfterTimeout"] as? Int == 300, "\(result)")
        #expect(result["extraClosedAfterTimeout"] as? Int == 40, "\(result)")
        #expect((result["healthzAfter"] as? String)?.hasPrefix("HTTP/1.1 200") == true, "\(result)")
    }

    /// Captured x-tif headers are refused again after a restart (nonces are in the store).
    @Test func aCapturedPortalRequestIsRefusedAfterARestart() async throws {
        let directory = try temporaryDirectory("replay")
        defer { try? FileManager.default.removeItem(at: directory) }
        var gateway = try await gateway(in: directory)
        var client = try T.client(gateway.baseURL, portal: "shanghai-yiwang")
        let captured = client.signatureHeaders()
        let path = "/v1/applications?portalCaseNo=REPLAY-1"
        #expect(try await client.send(.GET, path, extraHeaders: captured).status == 404)
        let again = try await client.send(.GET, path, extraHeaders: captured)
        #expect(again.status == 401 && again.text.contains("x-tif-nonce"), "\(again.text)")
        #expect(await gateway.stop(within: 25) == 0)
        gateway = try await self.gateway(in: directory, log: "second.log")
        defer { gateway.terminate() }
        client = try T.client(gateway.baseURL, portal: "shanghai-yiwang")
        let replayed = try await client.send(.GET, path, extraHeaders: captured)
        #expect(replayed.status == 401 && replayed.text.contains("x-tif-nonce"), "\(replayed.text)")
        // A fresh request of the same portal is served.
        #expect(try await client.send(.GET, path).status == 404)
    }

    /// A forged callback to an unknown adapter reads exactly like one with a bad signature
    /// to a real adapter; a poisoned XML body is a 400, not a crash; six callbacks of 26k
    /// siblings each do not hold up an unrelated request.
    @Test func forgedPoisonedAndHugeCallbacks() async throws {
        let directory = try temporaryDirectory("callbacks")
        defer { try? FileManager.default.removeItem(at: directory) }
        let gateway = try await gateway(in: directory)
        defer { gateway.terminate() }
        let client = try T.client(gateway.baseURL)
        func shape(_ reply: PortalClient.Reply) -> String {
            "\(reply.status) " + reply.text.replacingOccurrences(of: #""instance":"[^"]*""#, with: "", options: .regularExpression)
        }
        let body = Array("<HD><SJBH>E-1</SJBH><SLBH>X</SLBH><ZT>01</ZT><SJ>20261201120000</SJ></HD>".utf8)
        let unknown = try await client.send(.POST, "/v1/callbacks/no-such-adapter", body: body, contentType: "application/xml")
        let unsigned = try await client.send(.POST, "/v1/callbacks/notary-sandbox", body: body, contentType: "application/xml")
        #expect(unknown.status == 401 && shape(unknown) == shape(unsigned), "\(unknown.text) vs \(unsigned.text)")

        let signer = RequestSigner(auth: AuthSpec(scheme: .hmacSM3, secretEnv: "S", accessKey: "notary-sandbox"),
                                   secret: "sandbox-notary-secret-NOT-A-SECRET")
        func signed(_ body: [UInt8]) async throws -> PortalClient.Reply {
            let headers = signer.headers(method: "POST", path: "/v1/callbacks/notary-sandbox", body: body, now: Date(), nonce: RequestSigner.randomNonce())
            return try await client.send(.POST, "/v1/callbacks/notary-sandbox", body: body, contentType: "application/xml",
                                         extraHeaders: headers.map { ($0.name, $0.value) })
        }
        #expect(try await signed(body).status == 404)  // authenticated: an unknown case, recorded as an anomaly
        let poison = Array("<HD><SJBH>E-2</SJBH><ev".utf8) + [0xC3, 0x28] + Array("ent/></HD>".utf8)
        let refused = try await signed(poison)
        #expect(refused.status == 400 && refused.text.contains("UTF-8"), "\(refused.text)")
        #expect(try await client.send(.GET, "/healthz").status == 200)

        let huge = Array(("<HD><SJBH>E-3</SJBH><SLBH>X</SLBH><ZT>01</ZT><SJ>20261201120000</SJ>"
            + String(repeating: "<e>1</e>", count: 26_000) + "</HD>").utf8)
        let started = Date()
        async let answers: [Int] = withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<6 { group.addTask { try await signed(huge).status } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        try await Task.sleep(for: .milliseconds(50))
        let unrelatedStart = Date()
        #expect(try await client.send(.GET, "/healthz").status == 200)
        let unrelated = Date().timeIntervalSince(unrelatedStart)
        let statuses = try await answers
        #expect(statuses.allSatisfy { $0 == 404 }, "\(statuses)")
        #expect(unrelated < 0.5, "an unrelated request waited \(unrelated) s")
        #expect(Date().timeIntervalSince(started) < 5)
    }

    /// The store's files are the owner's only; an agency's stored spec whose variable is
    /// gone disables that adapter at the next start, and the gateway serves the rest.
    @Test func storeFilesArePrivateAndABrokenStoredSpecDisablesOnlyItself() async throws {
        let directory = try temporaryDirectory("files")
        defer { try? FileManager.default.removeItem(at: directory) }
        var gateway = try await gateway(in: directory)
        var client = try T.client(gateway.baseURL)
        let two = try T.spec("notary-sandbox").replacingOccurrences(of: "id: notary-sandbox", with: "id: notary-two")
            .replacingOccurrences(of: "TONGBAN_ADAPTER_NOTARY_SECRET", with: "TONGBAN_ADAPTER_NOTARY_TWO__SECRET")
        let stored = try await client.send(.PUT, "/admin/v1/adapters/notary-two", body: Array(two.utf8), contentType: "application/yaml",
                                           extraHeaders: T.notary)
        #expect(stored.status == 201, "\(stored.text)")
        let data = directory.appendingPathComponent("data")
        func mode(_ url: URL) throws -> Int { (try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int) ?? -1 }
        #expect(try mode(data) == 0o700)
        for suffix in ["", "-wal", "-shm"] {
            #expect(try mode(data.appendingPathComponent("g.sqlite" + suffix)) == 0o600, "g.sqlite\(suffix)")
        }
        #expect(await gateway.stop(within: 25) == 0)

        // The variable is gone at the next start.
        let env = try String(contentsOf: Fixtures.root.appendingPathComponent("Config/sample.env"), encoding: .utf8)
            .split(separator: "\n").filter { !$0.hasPrefix("TONGBAN_ADAPTER_NOTARY_TWO__SECRET=") }.joined(separator: "\n")
        let envFile = directory.appendingPathComponent("without-two.env")
        try env.write(to: envFile, atomically: true, encoding: .utf8)
        gateway = try await self.gateway(in: directory, envFile: envFile.path, log: "second.log")
        defer { gateway.terminate() }
        client = try T.client(gateway.baseURL)
        let ready = try JSONSerialization.jsonObject(with: Data(try await client.send(.GET, "/readyz", extraHeaders: T.operatorToken).body)) as? [String: Any]
        let disabled = ready?["disabled"] as? [String: [String]]
        #expect(disabled?["notary-two"]?.first?.contains("TONGBAN_ADAPTER_NOTARY_TWO__SECRET is not set") == true, "\(String(describing: ready))")
        #expect((ready?["adapters"] as? [String: String])?["notary-sandbox"] != nil)
        #expect(try await client.submit(Fixtures.application("canonical/notary-will.json")).status == 202)
        let log = try String(contentsOfFile: gateway.logPath, encoding: .utf8)
        #expect(log.contains("adapter notary-two is disabled"))
        let listed = try await client.send(.GET, "/admin/v1/adapters", extraHeaders: T.notary).text
        #expect(listed.contains(#""health":"disabled""#) && listed.contains("notary-two"), "\(listed)")
        // `tongban check --sqlite` says so, and fails.
        let (status, output) = try await GatewayProcess.command(["check", "--config", Fixtures.configDirectory, "--env-file", envFile.path,
                                                                 "--sqlite", directory.appendingPathComponent("data/g.sqlite").path])
        #expect(status != 0 && output.contains("TONGBAN_ADAPTER_NOTARY_TWO__SECRET is not set"), "\(output)")
    }
}
