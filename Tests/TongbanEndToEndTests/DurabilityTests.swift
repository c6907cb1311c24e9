import Foundation
import Synchronization
import Testing
import TongbanClient
import TongbanSQLite
import TongbanTestSupport

/// A separate gateway process takes a stream of applications and is killed with SIGKILL
/// mid-stream; restarted on the same file, every application that got a 202 is there,
/// and none is there twice.
@Suite struct DurabilityTests {
    @Test func everyAcknowledgedApplicationSurvivesSIGKILL() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("durability-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let sqlite = directory.appendingPathComponent("gateway.sqlite").path
        let configuration = try Fixtures.configuration()
        let portal = configuration.portals.first { $0.id == "demo" }!
        let template = String(decoding: try Fixtures.application("canonical/bundle-unpaid-wages.json"), as: UTF8.self)

        let first = try await GatewayProcess(sqlitePath: sqlite, logPath: directory.appendingPathComponent("first.log").path)
        let client = PortalClient(baseURL: first.baseURL, portal: portal, timeout: .seconds(5))
        let acknowledged = Locked<[String: String]>([:]) // case number → gateway id
        let attempted = Locked<[String: [UInt8]]>([:])
        let killAfter = 250

        await withTaskGroup(of: Void.self) { workers in
            for worker in 0..<8 {
                workers.addTask {
                    for n in 0..<10_000 {
                        let caseNo = "D-\(worker)-\(n)"
                        let body = Array(template.replacingOccurrences(of: "SH2026113000007", with: caseNo).utf8)
                        attempted.withLock { $0[caseNo] = body }
                        guard let reply = try? await client.submit(body) else { return } // the gateway died mid-request
                        if reply.status == 202, let id = reply.json["id"] as? String {
                            acknowledged.withLock { $0[caseNo] = id }
                        }
                    }
                }
            }
            workers.addTask {
                while acknowledged.withLock({ $0.count }) < killAfter { try? await Task.sleep(for: .milliseconds(5)) }
                first.kill()
            }
        }
        let accepted = acknowledged.withLock { $0 }
        #expect(accepted.count >= killAfter)

        let second = try await GatewayProcess(sqlitePath: sqlite, logPath: directory.appendingPathComponent("second.log").path)
        defer { second.terminate() }
        let again = PortalClient(baseURL: second.baseURL, portal: portal)
        for (caseNo, id) in accepted {
            let reply = try await again.application(caseNo: caseNo)
            #expect(reply.status == 200 && reply.json["id"] as? String == id, "\(caseNo) lost after SIGKILL")
        }
        // Requests in flight at the kill may or may not have been stored; sending them again
        // never makes a second application.
        let store = try SQLiteStore(path: sqlite)
        for (caseNo, body) in attempted.withLock({ $0 }) where accepted[caseNo] == nil {
            let reply = try await again.submit(body)
            #expect(reply.status == 202)
        }
        for caseNo in attempted.withLock({ Array($0.keys) }) {
            #expect(try await store.count(portal: "demo", caseNo: caseNo) == 1)
        }
    }
}

extension PortalClient.Reply {
    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:] }
}
