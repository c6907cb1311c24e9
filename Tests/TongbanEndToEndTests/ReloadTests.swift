import Foundation
import Synchronization
import Testing
import TongbanClient
import TongbanSandbox
import TongbanSQLite
import TongbanTestSupport

/// Reload under load, on the real binary: portals keep submitting while the configuration
/// is reloaded ten times — by SIGHUP and by `POST /admin/v1/reload`, one of them invalid —
/// and back ends keep receiving. No request fails, the invalid reload is refused with its
/// reason while the running configuration keeps serving, every delivery completes, and the
/// last configuration is the one in force.
@Suite struct ReloadTests {
    final class Tally: Sendable {
        let accepted = Mutex<Int>(0)
        let failed = Mutex<[String]>([])
        let stop = Atomic<Bool>(false)
    }

    static let admin = [("Authorization", "Bearer sandbox-admin-token-NOT-A-SECRET")]

    @Test func tenReloadsUnderLoadOneInvalid() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("reload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try await LiveSandbox.with { sandbox in
            let copy = try ConfigCopy(in: directory, sandbox: sandbox)
            // Back ends slow enough that deliveries are in flight at every reload.
            var slow = Faults()
            slow.latencyMs = 150
            for backend in sandbox.backends.values { try backend.setFaults(slow) }
            let sqlite = directory.appendingPathComponent("gateway.sqlite").path
            let gateway = try await GatewayProcess(sqlitePath: sqlite, logPath: directory.appendingPathComponent("gateway.log").path,
                                                   configDirectory: copy.config.path, adaptersDirectory: copy.adapters.path)
            defer { gateway.terminate() }
            let portal = try #require(try Fixtures.configuration().portals.first { $0.id == "demo" })
            let client = PortalClient(baseURL: gateway.baseURL, portal: portal, timeout: .seconds(20))
            let samples = try Fixtures.canonicalNames()
            let tally = Tally()

            let load = Task {
                await withTaskGroup(of: Void.self) { group in
                    for loop in 0..<3 {
                        group.addTask {
                            var n = 0
                            while !tally.stop.load(ordering: .relaxed) {
                                guard var object = try? Fixtures.object(samples[n % samples.count]) else { return }
                                object["portalCaseNo"] = "RL-\(loop)-\(n)"
                                n += 1
                                do {
                                    let reply = try await client.submit(Fixtures.bytes(object))
                                    if reply.status == 202 { tally.accepted.withLock { $0 += 1 } } else {
                                        tally.failed.withLock { $0.append("\(reply.status) \(reply.text)") }
                                    }
                                } catch {
                                    tally.failed.withLock { $0.append("\(error)") }
                                }
                            }
                        }
                    }
                }
            }
            #expect(await eventually(within: 20) { tally.accepted.withLock { $0 } >= 20 })

            let lawyerPort = try #require(sandbox.ports["lawyer-sandbox"])
            var applied = 1
            for round in 1...10 {
                let count = tally.accepted.withLock { $0 }
                if round == 5 {
                    // A broken spec: refused with the file, key and reason; nothing changes.
                    let good = try ConfigCopy.sampleSpec("notary-sandbox", port: sandbox.ports["notary-sandbox"]!)
                    try copy.writeSpec("notary-sandbox", good.replacingOccurrences(of: "priority: 10", with: "priority: banana"))
                    let reply = try await client.send(.POST, "/admin/v1/reload", extraHeaders: Self.admin)
                    #expect(reply.status == 422, "\(reply.text)")
                    #expect(reply.text.contains("notary-sandbox.yaml") && reply.text.contains("priority"), "\(reply.text)")
                    try copy.writeSpec("notary-sandbox", good)
                } else {
                    // Each valid round changes an adapter (its lane restarts mid-delivery) and a limit.
                    let spec = try ConfigCopy.sampleSpec("lawyer-sandbox", port: lawyerPort)
                    try copy.writeSpec("lawyer-sandbox", spec.replacingOccurrences(of: #"concurrency: \d+"#, with: "concurrency: \(round + 2)", options: .regularExpression))
                    try copy.editSettings { $0.replacingOccurrences(of: #"maxStringBytes: \d+"#, with: "maxStringBytes: \(16384 + round)", options: .regularExpression) }
                    if round == 10 {
                        // The last one adds an adapter, with the lawyer's secret bound to it too.
                        try copy.editSettings {
                            $0.replacingOccurrences(of: "    lawyer-sandbox: [TONGBAN_ADAPTER_LAWYER_TOKEN]",
                                                    with: "    lawyer-sandbox: [TONGBAN_ADAPTER_LAWYER_TOKEN]\n    lawyer-sandbox-b: [TONGBAN_ADAPTER_LAWYER_TOKEN]")
                        }
                        try copy.writeSpec("lawyer-sandbox-b", spec.replacingOccurrences(of: "id: lawyer-sandbox", with: "id: lawyer-sandbox-b"))
                    }
                    applied += 1
                    if round % 2 == 0 {
                        let reply = try await client.send(.POST, "/admin/v1/reload", extraHeaders: Self.admin)
                        #expect(reply.status == 200, "\(reply.text)")
                    } else {
                        gateway.hangup()
                    }
                    let expected = applied
                    #expect(try await eventually(within: 10) { try await Self.generation(client) == expected }, "round \(round)")
                }
                // Submissions go on between reloads.
                #expect(await eventually(within: 10) { tally.accepted.withLock { $0 } > count })
            }
            tally.stop.store(true, ordering: .relaxed)
            await load.value

            #expect(tally.accepted.withLock { $0 } >= 30, "the load was too light to show anything")
            #expect(tally.failed.withLock { $0 }.isEmpty, "failed requests: \(tally.failed.withLock { $0.prefix(5) })")
            let ready = try JSONSerialization.jsonObject(with: Data(try await client.send(.GET, "/readyz", extraHeaders: Self.admin).body)) as? [String: Any]
            let config = ready?["config"] as? [String: Any]
            #expect(config?["generation"] as? Int == 10)
            #expect(config?["adapters"] as? Int == BackendProfile.all().count + 1)  // the sample specs and lawyer-sandbox-b
            let listed = try await client.send(.GET, "/admin/v1/adapters", extraHeaders: Self.admin).text
            #expect(listed.contains("\"lawyer-sandbox-b\""))
            let log = try String(contentsOfFile: gateway.logPath, encoding: .utf8)
            #expect(log.contains("configuration reloaded on SIGHUP"))
            #expect(log.contains("reload refused"))

            // Every delivery of every accepted application completes; none is lost or dead, as
            // the operator's queue view shows it.
            @Sendable func unfinished() async throws -> [String] {
                let queues = try JSONSerialization.jsonObject(with: Data(try await client.send(.GET, "/admin/v1/queues", extraHeaders: Self.admin).body)) as? [String: Any]
                return (queues?["deliveries"] as? [[String: Any]] ?? [])
                    .filter { $0["state"] as? String != "done" && $0["count"] as? Int != 0 }
                    .map { "\($0["adapterId"] ?? "?") \($0["state"] ?? "?") ×\($0["count"] ?? "?")" }
            }
            let allDone = try await eventually(within: 60) { try await unfinished().isEmpty }
            let left = try await unfinished()
            #expect(allDone, "not done: \(left)")
            // The reloads are in the audit trail: nine applied, one refused.
            let audit = try JSONSerialization.jsonObject(with: Data(try await client.send(.GET, "/admin/v1/audit?limit=100", extraHeaders: Self.admin).body)) as? [String: Any]
            let changes = (audit?["changes"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
            #expect(changes.filter { $0 == "config.reload" }.count == 9, "\(changes)")
            #expect(changes.filter { $0 == "config.reload_refused" }.count == 1, "\(changes)")
            // Every 202 is a stored application, counted by the store once the process is gone.
            #expect(gateway.terminate() == 0)
            let stored = try await SQLiteStore(path: sqlite).applicationCountsByStatus().values.reduce(0, +)
            #expect(stored == tally.accepted.withLock { $0 })
        }
    }

    static func generation(_ client: PortalClient) async throws -> Int? {
        let body = try JSONSerialization.jsonObject(with: Data(try await client.send(.GET, "/readyz", extraHeaders: Self.admin).body)) as? [String: Any]
        return (body?["config"] as? [String: Any])?["generation"] as? Int
    }
}
