import Foundation
import Testing
import TongbanClient
import TongbanTestSupport

/// The real binary's log after a full run of every sample, good and bad: JSON lines, a
/// request id and traceparent on each request line, and not one identity or phone number
/// of the samples in clear.
@Suite struct LogPrivacyTests {
    /// Every 18-character identity number and 11-digit mobile number in the fixtures.
    func personalNumbers() throws -> Set<String> {
        let folder = Fixtures.root.appendingPathComponent("Tests/Fixtures/applications")
        var found = Set<String>()
        let files = FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".json") } ?? []
        let pattern = try Regex(#"(?:^|[^0-9A-Za-z])([0-9]{17}[0-9Xx]|1[3-9][0-9]{9})(?![0-9A-Za-z])"#)
        for file in files {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            for match in text.matches(of: pattern) { if let number = match.output[1].substring { found.insert(String(number)) } }
        }
        return found
    }

    @Test func aFullRunLogsNoIdentityOrPhoneNumber() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("logs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let gateway = try await GatewayProcess(sqlitePath: directory.appendingPathComponent("g.sqlite").path,
                                               logPath: directory.appendingPathComponent("gateway.log").path)
        let configuration = try Fixtures.configuration()
        for (portalId, folder) in [("demo", "canonical"), ("shanghai-yiwang", "yiwang")] {
            let client = PortalClient(baseURL: gateway.baseURL, portal: try #require(configuration.portals.first { $0.id == portalId }))
            let names = try FileManager.default.contentsOfDirectory(atPath: Fixtures.root.appendingPathComponent("Tests/Fixtures/applications/\(folder)").path)
            for name in names where name.hasSuffix(".json") {
                let body = try Fixtures.application("\(folder)/\(name)")
                #expect(try await client.submit(body).status == 202)
                // The same body with a broken identity number: refused, and the refusal logged.
                let text = String(decoding: body, as: UTF8.self)
                if let id = try personalNumbers().first(where: { $0.count == 18 && text.contains($0) }) {
                    let broken = text.replacingOccurrences(of: id, with: String(id.dropLast()) + (id.last == "0" ? "1" : "0"))
                    _ = try await client.submit(Array(broken.utf8))
                }
            }
        }
        // A portal that puts personal numbers in a path: 404, and the request line logs the path.
        let demo = PortalClient(baseURL: gateway.baseURL, portal: try #require(configuration.portals.first { $0.id == "demo" }))
        for number in try personalNumbers().sorted().prefix(4) {
            let reply = try await demo.send(.GET, "/v1/applications/\(number)")
            #expect(reply.status == 404 && !reply.text.contains(number), "\(reply.text)")
        }
        #expect(await gateway.stop(within: 30) == 0)
        let log = try String(contentsOfFile: gateway.logPath, encoding: .utf8)
        let lines = log.split(separator: "\n").filter { !$0.hasPrefix("tongban listening on ") }
        #expect(lines.count > 10)
        for line in lines {
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["ts"] != nil && object?["level"] != nil, "not a JSON log line: \(line)")
            if object?["msg"] as? String == "request" {
                #expect(object?["hb.request.id"] != nil && (object?["traceparent"] as? String)?.hasPrefix("00-") == true, "\(line)")
            }
        }
        #expect(lines.contains { $0.contains(#""msg":"delivery""#) }, "no delivery lines")
        let numbers = try personalNumbers()
        #expect(numbers.count >= 5)
        let leaked = numbers.filter { log.contains($0) }
        #expect(leaked.isEmpty, "in the log: \(leaked)")
    }

    /// A back end whose error answer quotes the application (its name field, the identity
    /// number after a letter, the phone with +86, and the request it got back): neither the
    /// log nor the dead letter keeps any of it in clear. (A name in free prose cannot be
    /// told from other words, and is not claimed.)
    @Test func aBackEndQuotingTheApplicationLeaksNothing() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("quoting-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let sample = try Fixtures.application("canonical/notary-will.json")
        let object = try Fixtures.object("canonical/notary-will.json")
        let applicant = try #require(object["applicant"] as? [String: Any])
        let name = try #require(applicant["name"] as? String), id = try #require(applicant["idNumber"] as? String)
        let phone = try #require(applicant["phone"] as? String)
        let backend = CallbackRecorder(route: "**") { body in
            (400, #"{"code":"E100","msg":"证件ID\#(id)与电话+86\#(phone)不符","applicantName":"\#(name)"}"#
                + String(decoding: body.prefix(200), as: UTF8.self))
        }
        try await backend.with { url in
            let adapters = directory.appendingPathComponent("Adapters")
            try FileManager.default.copyItem(at: Fixtures.root.appendingPathComponent("Adapters"), to: adapters)
            let spec = try TrustSetup.spec("notary-sandbox").replacingOccurrences(of: "baseURL: http://127.0.0.1:9102", with: "baseURL: \(url)")
            try spec.write(to: adapters.appendingPathComponent("notary-sandbox.yaml"), atomically: true, encoding: .utf8)
            let gateway = try await GatewayProcess(sqlitePath: directory.appendingPathComponent("g.sqlite").path,
                                                   logPath: directory.appendingPathComponent("g.log").path, adaptersDirectory: adapters.path)
            defer { gateway.terminate() }
            let client = try TrustSetup.client(gateway.baseURL)
            #expect(try await client.submit(sample).status == 202)
            #expect(try await eventually {
                try await client.send(.GET, "/admin/v1/dead-letters", extraHeaders: TrustSetup.operatorToken).text.contains("HTTP 400")
            })
            let dead = try await client.send(.GET, "/admin/v1/dead-letters", extraHeaders: TrustSetup.operatorToken).text
            #expect(!backend.requests.isEmpty)
            #expect(await gateway.stop(within: 25) == 0)
            let log = try String(contentsOfFile: gateway.logPath, encoding: .utf8)
            for (text, place) in [(dead, "dead letter"), (log, "log")] {
                for secret in [name, id, phone, "+86" + phone] {
                    #expect(!text.contains(secret), "\(secret) in the \(place)")
                }
            }
            #expect(dead.contains("E100"), "the excerpt is kept: \(dead)")
        }
    }
}
