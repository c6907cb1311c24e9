import Foundation
import Testing
import TongbanAdapters
import TongbanClient
import TongbanCrypto
import NIOHTTP1
import TongbanTestSupport

/// A new folder for one test's files.
func temporaryDirectory(_ name: String) throws -> URL {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory
}

/// The sandbox binary on free ports and a gateway binary whose sample specs point at it.
func startWithSandboxProcess(in directory: URL) async throws -> (SandboxProcess, GatewayProcess) {
    let sandbox = try await SandboxProcess(logPath: directory.appendingPathComponent("sandbox.log").path)
    let copy = try ConfigCopy(in: directory, ports: sandbox.ports)
    do {
        let gateway = try await GatewayProcess(sqlitePath: directory.appendingPathComponent("g.sqlite").path,
                                               logPath: directory.appendingPathComponent("g.log").path,
                                               configDirectory: copy.config.path, adaptersDirectory: copy.adapters.path)
        return (sandbox, gateway)
    } catch {
        sandbox.kill()
        throw error
    }
}

/// Faults from outside that must not stop or mislead the gateway, against the real binary.
@Suite struct FaultToleranceTests {

    /// Clients that close or reset the connection mid-body are logged as aborts, counted
    /// apart, and never a 500; the gateway serves the next request as usual.
    @Test func clientsThatAbortMidBodyAreNotServerErrors() async throws {
        let directory = try temporaryDirectory("aborts")
        defer { try? FileManager.default.removeItem(at: directory) }
        let log = directory.appendingPathComponent("g.log").path
        let gateway = try await GatewayProcess(sqlitePath: directory.appendingPathComponent("g.sqlite").path, logPath: log)
        defer { _ = gateway.terminate() }
        let port = String(gateway.baseURL.split(separator: ":").last!)
        for path in ["/v1/callbacks/notary-sandbox", "/v1/applications"] {
            let (status, output) = try await ExternalTool.run(
                "python3", [Fixtures.root.appendingPathComponent("Tests/Fixtures/abort_clients.py").path, port, path, "6"])
            #expect(status == 0, "\(output)")
        }
        try await Task.sleep(for: .milliseconds(300))
        let client = try TrustSetup.client(gateway.baseURL)
        #expect(try await client.send(.GET, "/healthz").status == 200)
        let metrics = try await client.send(.GET, "/metrics", extraHeaders: TrustSetup.operatorToken).text
        let aborts = metrics.split(separator: "\n").first { $0.hasPrefix("tongban_client_aborts_total") }
        #expect(aborts.flatMap { Double($0.split(separator: " ").last ?? "") }.map { $0 >= 6 } == true, "\(aborts ?? "no tongban_client_aborts_total")")
        #expect(!metrics.contains(#"status="500""#), "a client abort was counted as a 500")
        let text = try String(contentsOfFile: log, encoding: .utf8)
        #expect(!text.contains("unexpected error"), "\(text.split(separator: "\n").filter { $0.contains("unexpected") }.prefix(3))")
        #expect(text.contains("client aborted the request"))
    }
}

/// Three outages in a row of a back end (its process killed: connections refused) under a
/// steady trickle of applications: each time, the first delivery reaches it within 5 s of
/// its return.
@Suite struct OutageRecoveryTests {
    @Test func deliveriesResumeWithinSecondsAfterEachOfThreeOutages() async throws {
        let directory = try temporaryDirectory("outages")
        defer { try? FileManager.default.removeItem(at: directory) }
        let (sandbox, gateway) = try await startWithSandboxProcess(in: directory)
        defer { sandbox.kill(); _ = gateway.terminate() }
        let client = try TrustSetup.client(gateway.baseURL)
        let lawyer = try #require(sandbox.ports["lawyer-sandbox"])
        let stats = PortalClient(baseURL: "http://127.0.0.1:\(lawyer)", portal: client.portal)
        @Sendable func created() async -> Int {
            guard let reply = try? await stats.send(.GET, "/_sandbox/stats"), reply.status == 200 else { return -1 }
            return (try? JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Any])?["created"] as? Int ?? -1
        }
        let template = try Fixtures.object("canonical/lawyer-consultation.json")
        let submitted = Locked(0)
        let trickle = Task {
            while !Task.isCancelled {
                var object = template
                object["portalCaseNo"] = "OUT-\(submitted.withLock { $0 })"
                if let reply = try? await client.submit(try Fixtures.bytes(object)), reply.status == 202 { submitted.withLock { $0 += 1 } }
                try? await Task.sleep(for: .milliseconds(200))
            }
        }
        defer { trickle.cancel() }
        #expect(await eventually { await created() > 0 }, "nothing delivered before the first outage")
        var recoveries: [Double] = []
        for _ in 0..<3 {
            sandbox.kill()
            try await Task.sleep(for: .seconds(8))
            try await sandbox.start()
            let back = Date()
            // A new sandbox process counts from zero.
            _ = await eventually(within: 30) { await created() > 0 }
            recoveries.append(Date().timeIntervalSince(back))
            try await Task.sleep(for: .seconds(1))
        }
        for (n, seconds) in recoveries.enumerated() {
            #expect(seconds < 5, "outage \(n + 1): the first delivery came \(String(format: "%.1f", seconds)) s after the back end returned")
        }
        print("outage recoveries (s): \(recoveries.map { String(format: "%.2f", $0) })")
    }
}

/// A back end whose answer holds a non-UTF-8 byte in an element name (the byte that once
/// trapped Foundation's XML parser): the gateway lives, retries the delivery on its
/// schedule, dead-letters it with the reason, and starts again on the same file without
/// crashing.
@Suite struct HostileAnswerTests {
    @Test func anAnswerWithABadByteInAnElementNameIsRetriedThenDeadLettered() async throws {
        let directory = try temporaryDirectory("hostile-answer")
        defer { try? FileManager.default.removeItem(at: directory) }
        let poison = Array("<GZSQ><SLBH>GZ-1</SLBH><ev".utf8) + [0xC3, 0x28] + Array("ent/></GZSQ>".utf8)
        let backEnd = CallbackRecorder(route: "gzsq/submit") { _ in (200, poison) }
        try await backEnd.with { url in
            let port = Int(url.split(separator: ":").last!)!
            var ports = SandboxPorts.unused
            ports["notary-sandbox"] = port
            let copy = try ConfigCopy(in: directory, ports: ports)
            try copy.writeSpec("notary-sandbox", try ConfigCopy.sampleSpec("notary-sandbox", port: port)
                .replacingOccurrences(of: "retry: {attempts: 8, initialDelay: 2s, maxDelay: 5m}", with: "retry: {attempts: 3, initialDelay: 200ms, maxDelay: 500ms}"))
            let sqlite = directory.appendingPathComponent("g.sqlite").path
            let first = try await GatewayProcess(sqlitePath: sqlite, logPath: directory.appendingPathComponent("first.log").path,
                                                 configDirectory: copy.config.path, adaptersDirectory: copy.adapters.path)
            let client = try TrustSetup.client(first.baseURL)
            var object = try Fixtures.object("canonical/notary-will.json")
            object["portalCaseNo"] = "POISON-ANSWER-1"
            #expect(try await client.submit(Fixtures.bytes(object)).status == 202)
            let deadLettered = await eventually(within: 20) {
                let reply = try? await client.send(.GET, "/admin/v1/dead-letters", extraHeaders: TrustSetup.operatorToken)
                return reply?.text.contains("not xml") == true
            }
            #expect(deadLettered, "no dead letter for the unreadable answer")
            let letters = try await client.send(.GET, "/admin/v1/dead-letters", extraHeaders: TrustSetup.operatorToken).text
            #expect(letters.contains("gave up after 3 attempts") && letters.contains("UTF-8"), "\(letters)")
            #expect(backEnd.requests.count == 3, "\(backEnd.requests.count) attempts")
            #expect(try await client.send(.GET, "/healthz").status == 200)
            #expect(first.terminate() == 0, "the gateway did not stop cleanly")

            let second = try await GatewayProcess(sqlitePath: sqlite, logPath: directory.appendingPathComponent("second.log").path,
                                                  configDirectory: copy.config.path, adaptersDirectory: copy.adapters.path)
            defer { _ = second.terminate() }
            let again = try TrustSetup.client(second.baseURL)
            try await Task.sleep(for: .seconds(1))
            #expect(try await again.send(.GET, "/healthz").status == 200)
            #expect(backEnd.requests.count == 3, "a dead letter was delivered again after the restart")
        }
    }
}

/// Ports for the sample adapters that nothing listens on (a test replaces the ones it uses).
enum SandboxPorts {
    static var unused: [String: Int] {
        Dictionary(uniqueKeysWithValues: ["lawyer-sandbox", "notary-sandbox", "arbitration-sandbox", "appraisal-sandbox", "legal-aid-sandbox",
                                          "mediation-sandbox"].map { ($0, 9) })
    }
}

/// `/metrics` of a gateway that has taken applications, delivered them and refused a forged
/// callback passes `promtool check metrics` (Debian's prometheus,
/// installed by scripts/setup.sh), every family with its own HELP text.
@Suite struct MetricsExpositionTests {
    @Test func theExpositionPassesPromtool() async throws {
        let directory = try temporaryDirectory("promtool")
        defer { try? FileManager.default.removeItem(at: directory) }
        let (sandbox, gateway) = try await startWithSandboxProcess(in: directory)
        defer { sandbox.kill(); _ = gateway.terminate() }
        let client = try TrustSetup.client(gateway.baseURL)
        for name in try Fixtures.canonicalNames() {
            var object = try Fixtures.object(name)
            object["portalCaseNo"] = "PROM-\(name.hashValue)"
            _ = try await client.submit(Fixtures.bytes(object))
        }
        _ = try await client.send(.POST, "/v1/callbacks/notary-sandbox", body: Array("<HD/>".utf8), contentType: "application/xml")
        _ = await eventually { (try? await client.send(.GET, "/metrics", extraHeaders: TrustSetup.operatorToken).text.contains("tongban_deliveries_total")) == true }
        let exposition = try await client.send(.GET, "/metrics", extraHeaders: TrustSetup.operatorToken).text
        #expect(!exposition.contains("Tongban metric "), "a family has no help text of its own: \(exposition.split(separator: "\n").filter { $0.contains("Tongban metric ") })")
        let (status, said) = try await ExternalTool.run("promtool", ["check", "metrics"], input: Array(exposition.utf8))
        #expect(status == 0, "promtool: \(said)")
        for family in ["tongban_http_requests_total", "tongban_intake_outcomes_total", "tongban_deliveries_total", "tongban_breaker_state", "tongban_outbox_deliveries"] {
            #expect(exposition.contains("# HELP \(family) "), "\(family)")
        }
    }
}

/// A callback that was in flight each time the gateway stopped (its journal says so, as a
/// crash would leave it) is set aside: answered 503 with `Retry-After`, recorded as an
/// anomaly, counted, listed for the operator; released, the back end's next attempt is
/// processed.
@Suite struct CallbackPoisonTests {
    @Test func aCallbackThatStoppedTheGatewayThreeTimesIsSetAsideUntilReleased() async throws {
        let directory = try temporaryDirectory("callback-poison")
        defer { try? FileManager.default.removeItem(at: directory) }
        let sqlite = directory.appendingPathComponent("g.sqlite").path
        let body = Array("<HD><SJBH>E-9</SJBH><SLBH>GZ-404</SLBH><ZT>01</ZT><SJ>20261201120000</SJ></HD>".utf8)
        let key = "notary-sandbox:" + Hex.encode(HashAlgorithm.sha256.digest(body))
        // What three crashes mid-callback leave behind: two stops already counted, and a third
        // attempt begun and never ended.
        try "s \(key) 2\nb \(key)\n".write(toFile: sqlite + ".callbacks-in-flight", atomically: true, encoding: .utf8)
        let gateway = try await GatewayProcess(sqlitePath: sqlite, logPath: directory.appendingPathComponent("g.log").path)
        defer { _ = gateway.terminate() }
        let client = try TrustSetup.client(gateway.baseURL)
        let signer = RequestSigner(auth: AuthSpec(scheme: .hmacSM3, secretEnv: "S", accessKey: "notary-sandbox"),
                                   secret: "sandbox-notary-secret-NOT-A-SECRET")
        func send() async throws -> PortalClient.Reply {
            let headers = signer.headers(method: "POST", path: "/v1/callbacks/notary-sandbox", body: body, now: Date(), nonce: RequestSigner.randomNonce())
            return try await client.send(.POST, "/v1/callbacks/notary-sandbox", body: body, contentType: "application/xml",
                                         extraHeaders: headers.map { ($0.name, $0.value) })
        }
        let refused = try await send()
        #expect(refused.status == 503 && refused.header("Retry-After") == "300", "\(refused.status) \(refused.text)")
        #expect(refused.text.contains("urn:tongban:problem:callback-set-aside"))
        #expect(try await send().status == 503)
        let listed = try await client.send(.GET, "/admin/v1/callbacks/set-aside", extraHeaders: TrustSetup.operatorToken).text
        #expect(listed.contains(key) && listed.contains("\"timesStopped\":3"), "\(listed)")
        let anomalies = try await client.send(.GET, "/admin/v1/anomalies", extraHeaders: TrustSetup.operatorToken).text
        #expect(anomalies.components(separatedBy: "set aside as poison").count - 1 == 1, "\(anomalies)")
        let metrics = try await client.send(.GET, "/metrics", extraHeaders: TrustSetup.operatorToken).text
        #expect(metrics.contains(#"tongban_poison_total{queue="callbacks"} 1"#), "\(metrics.split(separator: "\n").filter { $0.contains("poison") })")

        // Operator only: an agency token, even the notary office's own, and no token are refused.
        for headers in [TrustSetup.notary, [("Authorization", "")], [("Authorization", "Bearer forged-token-0123456789")]] {
            for (method, path) in [(HTTPMethod.GET, "/admin/v1/callbacks/set-aside"), (.POST, "/admin/v1/callbacks/set-aside/\(key)/release")] {
                let reply = try await client.send(method, path, extraHeaders: headers)
                #expect(reply.status == 401 || reply.status == 403, "\(method) \(path) with \(headers): \(reply.status)")
            }
        }
        #expect(try await send().status == 503, "a refused release released it")
        let released = try await client.send(.POST, "/admin/v1/callbacks/set-aside/\(key)/release", extraHeaders: TrustSetup.operatorToken)
        #expect(released.status == 200, "\(released.text)")
        // Processed now: the case is unknown to this store, so it is a 404 anomaly, not a 503.
        #expect(try await send().status == 404)
        #expect(try await client.send(.POST, "/admin/v1/callbacks/set-aside/\(key)/release", extraHeaders: TrustSetup.operatorToken).status == 404)
    }
}
