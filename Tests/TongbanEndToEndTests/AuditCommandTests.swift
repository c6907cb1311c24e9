import Foundation
import GRDB
import Testing
import TongbanTestSupport

/// `tongban audit verify` as an operator runs it: the real binary on a real store.
@Suite struct AuditCommandTests {
    @Test func verifyPassesThenNamesTheRowEditedByHand() async throws {
        let path = try await LiveGateway.with { gateway in
            for name in try Fixtures.canonicalNames() {
                var object = try Fixtures.object(name)
                object["portalCaseNo"] = "AU-\(UUID().uuidString.prefix(8))"
                #expect(try await gateway.client("demo").submit(Fixtures.bytes(object)).status == 202)
            }
            // Keep the file: LiveGateway removes its folder when it stops.
            let copy = FileManager.default.temporaryDirectory.appendingPathComponent("audit-\(UUID().uuidString).sqlite").path
            try await gateway.store.checkpoint()
            try FileManager.default.copyItem(atPath: gateway.sqlitePath, toPath: copy)
            return copy
        }
        defer { try? FileManager.default.removeItem(atPath: path) }
        // The store by URL here and by its older spelling below: the same file.
        let ok = try await GatewayProcess.command(["audit", "verify", "--store", "sqlite:\(path)"])
        let submitted = try Fixtures.canonicalNames().count
        #expect(ok.status == 0 && ok.output.contains("\(submitted) events, chain intact"), "\(ok.output)")

        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in try db.execute(sql: "UPDATE events SET source = 'portal:someone-else' WHERE seq = 4") }
        try queue.close()
        let broken = try await GatewayProcess.command(["audit", "verify", "--sqlite", path])
        #expect(broken.status == 1 && broken.output.contains("event seq 4") && broken.output.contains("3 events before it verified"), "\(broken.output)")

        let missing = try await GatewayProcess.command(["audit", "verify", "--sqlite", path + ".nope"])
        #expect(missing.status != 0 && missing.output.contains("no store at"), "\(missing.output)")
    }
}
