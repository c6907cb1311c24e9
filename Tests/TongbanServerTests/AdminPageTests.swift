import Foundation
import Testing
import TongbanAdapters
import TongbanClient
import TongbanSandbox
import TongbanTestSupport

/// The admin page in a real browser: headless Chromium (Debian's `chromium`, installed by
/// scripts/setup.sh) opens `/admin/` of a live gateway, signs in with the operator's token,
/// lists the sample adapters, opens an application's timeline, shows a dead delivery and
/// replays it with its button; the
/// delivery then reaches its back end. The screenshot taken on the way is the one in
/// docs/ (set TONGBAN_SCREENSHOT to write it there).
@Suite struct AdminPageTests {
    @Test func theAdminPageListsAdaptersAndReplaysADeadLetter() async throws {
        try await LiveSandbox.with { sandbox in
            try await LiveGateway.with(dispatch: true, configure: {
                $0.adapters = sandbox.adapters(from: $0) { limits in limits.retry.attempts = 1 }
            }) { gateway in
                var outage = Faults()
                outage.outage = true
                try sandbox["notary-sandbox"].setFaults(outage)
                var object = try Fixtures.object("canonical/notary-will.json")
                object["portalCaseNo"] = "PAGE-1"
                #expect(try await gateway.client("demo").submit(Fixtures.bytes(object)).status == 202)
                #expect(try await eventually { try await !gateway.store.deadLetters(limit: 10).isEmpty })
                let dead = try #require(try await gateway.store.deadLetters(limit: 10).first)
                try sandbox["notary-sandbox"].setFaults(Faults())

                let screenshot = ProcessInfo.processInfo.environment["TONGBAN_SCREENSHOT"]
                    ?? FileManager.default.temporaryDirectory.appendingPathComponent("admin-page-\(UUID().uuidString).png").path
                let finished = try await ExternalTool.run(
                    executable: URL(fileURLWithPath: "/usr/bin/env"),
                    ["python3", Fixtures.root.appendingPathComponent("Tests/Fixtures/browser/admin_page_check.py").path,
                     gateway.baseURL + "/admin/", try #require(gateway.configuration.settings.admin.token), dead.targetId, screenshot],
                    errorsApart: true)
                let data = Data(finished.bytes)
                let seen = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], "\(String(decoding: data, as: UTF8.self))")
                #expect(finished.status == 0, "\(seen)")
                #expect(Set(seen["adapters"] as? [String] ?? []) == Set(gateway.configuration.adapters.adapters.map(\.id)), "\(seen)")
                #expect((seen["timeline"] as? [String])?.first?.hasPrefix("submitted") == true, "\(seen)")
                #expect((seen["deadBefore"] as? [String])?.contains(dead.targetId) == true)
                #expect((seen["deadAfter"] as? [String])?.contains(dead.targetId) == false)
                #expect(FileManager.default.contents(atPath: screenshot)?.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]))

                // The replay pressed on the page queued the delivery; it reaches the notary office.
                #expect(try await eventually { sandbox["notary-sandbox"].stats.created >= 1 })
                #expect(try await gateway.store.deadLetters(limit: 10).isEmpty)
                #expect(try await gateway.store.adminChanges(limit: 5).map(\.action) == ["delivery.replay"])
            }
        }
    }
}
