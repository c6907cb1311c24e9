import Foundation
import Testing
import TongbanClient
import TongbanSQLite
import TongbanTestSupport

/// The store's file on a small tmpfs that the test fills: intake answers 503 with
/// `Retry-After` and its own problem type, `/readyz` fails and the errors are counted while
/// it lasts; once space returns the gateway recovers by itself, and every application that
/// got a 202 is stored.
@Suite(.serialized) struct StorageFaultTests {
    @Test func aFullDiskIsA503AndTheGatewayRecoversWhenSpaceReturns() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("full-disk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let mount = directory.appendingPathComponent("store")
        try FileManager.default.createDirectory(at: mount, withIntermediateDirectories: true)
        try run("/bin/mount", ["-t", "tmpfs", "-o", "size=6m", "tmpfs", mount.path])
        defer {
            try? run("/bin/umount", ["-l", mount.path])
            try? FileManager.default.removeItem(at: directory)
        }
        let sqlite = mount.appendingPathComponent("gateway.sqlite").path
        let gateway = try await GatewayProcess(sqlitePath: sqlite, logPath: directory.appendingPathComponent("gateway.log").path)
        defer { _ = gateway.terminate() }
        let client = try TrustSetup.client(gateway.baseURL)
        let template = String(decoding: try Fixtures.application("canonical/bundle-unpaid-wages.json"), as: UTF8.self)
        var acknowledged: [String] = []
        func submit(_ caseNo: String) async throws -> PortalClient.Reply {
            let reply = try await client.submit(Array(template.replacingOccurrences(of: "SH2026113000007", with: caseNo).utf8))
            if reply.status == 202 { acknowledged.append(caseNo) }
            return reply
        }
        for n in 0..<10 { #expect(try await submit("FULL-A-\(n)").status == 202) }

        // Fill the filesystem to the last byte.
        let filler = mount.appendingPathComponent("filler").path
        FileManager.default.createFile(atPath: filler, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: filler))
        for size in [65536, 4096, 512, 1] {
            let chunk = Data(count: size)
            while (try? handle.write(contentsOf: chunk)) != nil {}
        }
        try? handle.close()

        var refused: PortalClient.Reply?
        for n in 0..<400 where refused == nil {
            let reply = try await submit("FULL-B-\(n)")
            if reply.status != 202 { refused = reply }
        }
        let full = try #require(refused, "intake kept answering 202 on a full disk")
        #expect(full.status == 503, "\(full.status) \(full.text)")
        #expect(full.header("Retry-After") != nil)
        #expect(full.json["type"] as? String == "urn:tongban:problem:store-unavailable", "\(full.text)")

        let ready = try await client.send(.GET, "/readyz", extraHeaders: [("Authorization", "")])
        #expect(ready.status == 503, "\(ready.text)")
        #expect(ready.text.contains("unavailable"))
        let detailed = try await client.send(.GET, "/readyz", extraHeaders: TrustSetup.operatorToken)
        #expect(detailed.text.contains("disk-full"), "\(detailed.text)")
        let metrics = try await client.send(.GET, "/metrics", extraHeaders: TrustSetup.operatorToken)
        #expect(metrics.text.contains(#"tongban_store_errors_total{cause="disk-full"}"#), "\(metrics.text.prefix(300))")

        // Space returns: ready again within a few seconds, and intake takes applications.
        try FileManager.default.removeItem(atPath: filler)
        // Ready once writes go through and no error has come for 5 s (StoreFaults.settleSeconds).
        let deadline = Date().addingTimeInterval(20)
        var recovered = false
        while !recovered, Date() < deadline {
            recovered = try await client.send(.GET, "/readyz", extraHeaders: [("Authorization", "")]).status == 200
            if !recovered { try await Task.sleep(for: .milliseconds(200)) }
        }
        #expect(recovered, "/readyz did not recover after space returned")
        for n in 0..<5 { #expect(try await submit("FULL-C-\(n)").status == 202) }

        _ = gateway.terminate()
        let store = try SQLiteStore(path: sqlite)
        for caseNo in acknowledged {
            #expect(try await store.count(portal: "demo", caseNo: caseNo) == 1, "\(caseNo) was acknowledged and is not stored")
        }
    }

    private func run(_ tool: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ProcessError("\(tool) \(arguments.joined(separator: " ")) failed: \(process.terminationStatus)") }
    }
}
