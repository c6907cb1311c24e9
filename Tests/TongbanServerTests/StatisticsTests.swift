import Foundation
import Testing
import TongbanCore
import TongbanSandbox
import TongbanTestSupport

/// `GET /admin/v1/stats` after every sample went through its life cycle over real HTTP.
@Suite struct StatisticsTests {
    @Test func statsCountWhatHappened() async throws {
        try await LiveSandbox.with(callbacks: LiveSandbox.quickCallbacks()) { sandbox in
            try await LiveGateway.with(dispatch: true, configure: {
                $0.adapters = sandbox.adapters(from: $0)
                $0.settings.admin.token = "test-admin-token-0123456789"
            }) { gateway in
                sandbox.redirectCallbacks(to: gateway.baseURL)
                let ids = try await gateway.submitEverySample()
                #expect(await eventually(within: 30) {
                    for id in ids.values where (try? await gateway.applicationObject(id))?["status"] as? String != "completed" { return false }
                    return true
                })
                let admin = [("Authorization", "Bearer test-admin-token-0123456789")]
                let client = gateway.client("demo")
                let reply = try await client.send(.GET, "/admin/v1/stats", extraHeaders: admin)
                let report = try JSONDecoder().decode(Statistics.Report.self, from: Data(reply.body))
                #expect(reply.status == 200)
                let n = ids.count  // the canonical samples; the bundle has two targets
                #expect(report.applications == n)
                #expect(report.byService == ["lawyer": 1, "notary": 2, "arbitration": 1, "appraisal": 1, "legal-aid": 2, "mediation": 2], "\(report.byService)")
                #expect(report.byStatus == ["completed": n])
                #expect(report.byRegion.values.reduce(0, +) == n && report.byChannel.values.reduce(0, +) == n)
                #expect(report.onTime == n + 1 && report.overdue == 0)
                for service in report.byService.keys {
                    let accepted = try #require(report.medianHoursToAcceptance[service]), completed = try #require(report.medianHoursToCompletion[service])
                    #expect(accepted >= 0 && completed >= accepted && completed < 1, "\(service): \(accepted) \(completed)")
                }
                // A period without applications, and bad periods.
                let empty = try await client.send(.GET, "/admin/v1/stats?from=2020-01-01&to=2020-01-31", extraHeaders: admin)
                #expect(try JSONDecoder().decode(Statistics.Report.self, from: Data(empty.body)).applications == 0)
                // A malformed date is a 400; two dates that make no period the report covers, a 422.
                for (query, status) in [("from=2026-13-01", 400), ("from=2026-12-01&from=2026-12-02", 400),
                                        ("from=2026-12-01&to=2026-11-01", 422), ("from=2024-01-01&to=2026-11-30", 422)] {
                    #expect(try await client.send(.GET, "/admin/v1/stats?\(query)", extraHeaders: admin).status == status, "\(query)")
                }
                #expect(try await client.send(.GET, "/admin/v1/stats").status == 401)
            }
        }
    }
}
