import Foundation
import Synchronization
import Testing
import TongbanClient
import TongbanSQLite
import TongbanTestSupport

/// SIGTERM while portals are submitting: the real binary stops taking work, finishes what
/// it took, exits 0 within its grace period, and every application it acknowledged is stored.
@Suite struct ShutdownTests {
    final class Tally: Sendable {
        let accepted = Mutex<[String]>([])
        let refused = Mutex<[String]>([])
    }

    @Test func sigtermDuringLoadExitsZeroAndLosesNothingAcknowledged() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("shutdown-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let sqlite = directory.appendingPathComponent("gateway.sqlite").path
        let gateway = try await GatewayProcess(sqlitePath: sqlite, logPath: directory.appendingPathComponent("gateway.log").path)
        let portal = try #require(try Fixtures.configuration().portals.first { $0.id == "demo" })
        let client = PortalClient(baseURL: gateway.baseURL, portal: portal, timeout: .seconds(10))
        let template = try Fixtures.bytes(try Fixtures.object("canonical/lawyer-consultation.json"))
        let tally = Tally()

        // Four portals' worth of submissions, each loop until the gateway stops answering.
        let load = Task {
            await withTaskGroup(of: Void.self) { group in
                for loop in 0..<4 {
                    group.addTask {
                        var n = 0
                        while true {
                            guard var object = try? JSONSerialization.jsonObject(with: Data(template)) as? [String: Any] else { return }
                            let caseNo = "SD-\(loop)-\(n)"
                            object["portalCaseNo"] = caseNo
                            n += 1
                            guard let body = try? Fixtures.bytes(object), let reply = try? await client.submit(body) else { return }
                            if reply.status == 202 { tally.accepted.withLock { $0.append(caseNo) } } else { tally.refused.withLock { $0.append("\(reply.status)") } }
                        }
                    }
                }
            }
        }
        #expect(await eventually(within: 20) { tally.accepted.withLock { $0.count } >= 50 })
        let started = Date()
        let status = await gateway.stop(within: 30)
        let took = Date().timeIntervalSince(started)
        await load.value

        #expect(status == 0, "exit status \(String(describing: status)); log: \((try? String(contentsOfFile: gateway.logPath, encoding: .utf8)) ?? "")")
        #expect(took < 25, "took \(took) s")
        #expect(tally.refused.withLock { $0 }.isEmpty, "refused while running: \(tally.refused.withLock { $0 })")
        let log = try String(contentsOfFile: gateway.logPath, encoding: .utf8)
        #expect(log.contains("stopped"), "\(log)")
        // Every acknowledged application is in the store (opened after the process is gone).
        let cases = tally.accepted.withLock { $0 }
        let store = try SQLiteStore(path: sqlite)
        var lost: [String] = []
        for caseNo in cases {
            if try await store.count(portal: "demo", caseNo: caseNo) != 1 { lost.append(caseNo) }
        }
        #expect(lost.isEmpty, "lost: \(lost)")
    }
}
