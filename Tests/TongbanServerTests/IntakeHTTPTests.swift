import Foundation
import Testing
import TongbanAdapters
import TongbanCore
import TongbanTestSupport

/// Intake over real HTTP on a loopback port, with a real SQLite file behind it.
@Suite struct IntakeHTTPTests {
    @Test func everySampleIsAcceptedAndCanBeReadBack() async throws {
        try await LiveGateway.with { gateway in
            let client = gateway.client("demo")
            for name in try Fixtures.canonicalNames() {
                let (body, caseNo) = try sample(name)
                let reply = try await client.submit(body)
                #expect(reply.status == 202, "\(name): \(reply.text)")
                let id = try #require(reply.json["id"] as? String)
                #expect(reply.header("Location") == "/v1/applications/\(id)")
                #expect(reply.json["status"] as? String == "submitted" && reply.json["evaluationCode"] as? Int == 1)
                #expect(reply.json["dueDate"] is String)

                let byID = try await client.application(id: id)
                #expect(byID.status == 200)
                #expect((byID.json["application"] as? [String: Any])?["portalCaseNo"] as? String == caseNo)
                #expect(((byID.json["application"] as? [String: Any])?["source"] as? [String: Any])?["portal"] as? String == "demo")
                let byCase = try await client.application(caseNo: caseNo)
                #expect(byCase.json["id"] as? String == id)
            }
        }
    }

    @Test func aBundleItemPlansOneTargetPerService() async throws {
        try await LiveGateway.with { gateway in
            let reply = try await gateway.client("demo").submit(try sample("canonical/bundle-unpaid-wages.json").body)
            let targets = try #require(reply.json["targets"] as? [[String: Any]])
            #expect(targets.map { $0["service"] as? String } == ["legal-aid", "mediation"])
            #expect(targets.allSatisfy { $0["status"] as? String == "queued" && ($0["id"] as? String)?.hasPrefix("tgt_") == true })
        }
    }

    @Test func theDueDateCountsWorkingDaysFromReceipt() async throws {
        try await LiveGateway.with { gateway in
            let reply = try await gateway.client("demo").submit(try sample("canonical/notary-will.json").body)
            let received = try #require(RFC3339.parse(reply.json["receivedAt"] as? String ?? ""))
            let expected = gateway.configuration.calendar.dueDate(from: BeijingTime.civilDate(of: received), workingDays: 15)
            #expect(reply.json["dueDate"] as? String == expected.description)
        }
    }

    @Test func yiwangDialectNormalizesToTheSameCanonicalApplication() async throws {
        try await LiveGateway.with { gateway in
            // The portal signs with x-tif and SM3, and sends vendor code 22, a 12-digit area and Beijing time.
            let (yiwangBody, caseNo) = try sample("yiwang/notary-will.json")
            let viaYiwang = try await gateway.client("shanghai-yiwang").submit(yiwangBody)
            #expect(viaYiwang.status == 202, "\(viaYiwang.text)")
            let (canonicalBody, _) = try sample("canonical/notary-will.json", caseNo: caseNo)
            let viaCanonical = try await gateway.client("demo").submit(canonicalBody)
            #expect(viaCanonical.status == 202)

            let a = try await gateway.client("shanghai-yiwang").application(caseNo: caseNo)
            let b = try await gateway.client("demo").application(caseNo: caseNo)
            var left = try #require(a.json["application"] as? [String: Any])
            var right = try #require(b.json["application"] as? [String: Any])
            #expect((left["source"] as? [String: Any])?["portal"] as? String == "shanghai-yiwang")
            left["source"] = nil
            right["source"] = nil
            #expect(NSDictionary(dictionary: left).isEqual(to: right), "\(left)\n\(right)")
        }
    }

    @Test func theSameCaseTwiceReturnsTheFirstReceiptAndDifferentContentConflicts() async throws {
        try await LiveGateway.with { gateway in
            let client = gateway.client("demo")
            let (body, caseNo) = try sample("canonical/mediation-request.json")
            let first = try await client.submit(body)
            let again = try await client.submit(body)
            #expect(first.status == 202 && again.status == 202)
            #expect(again.json["id"] as? String == first.json["id"] as? String)
            #expect(again.header("Idempotent-Replayed") == "true" && first.header("Idempotent-Replayed") == nil)

            var changed = try Fixtures.object("canonical/mediation-request.json")
            changed["portalCaseNo"] = caseNo
            changed.set(["form", "mediation", "claims"], "赔偿损失一万元")
            let conflict = try await client.submit(Fixtures.bytes(changed))
            #expect(conflict.status == 409 && conflict.isProblem)
            #expect(conflict.json["existingId"] as? String == first.json["id"] as? String)
            #expect(try await gateway.store.count(portal: "demo", caseNo: caseNo) == 1)
        }
    }

    @Test func concurrentSubmissionsAreAllStoredOnce() async throws {
        try await LiveGateway.with { gateway in
            let client = gateway.client("demo")
            let bodies = try (0..<60).map { _ in try sample("canonical/lawyer-consultation.json") }
            let ids = try await withThrowingTaskGroup(of: String?.self) { group in
                for (body, _) in bodies { group.addTask { try await client.submit(body).json["id"] as? String } }
                return try await group.reduce(into: [String?]()) { $0.append($1) }
            }
            #expect(Set(ids.compactMap { $0 }).count == 60)
            #expect(try await gateway.store.applicationCount() == 60)
        }
    }

    @Test func aPortalReadsOnlyItsOwnApplications() async throws {
        try await LiveGateway.with { gateway in
            let (body, caseNo) = try sample("canonical/notary-will.json")
            let id = try #require(try await gateway.client("demo").submit(body).json["id"] as? String)
            let other = gateway.client("sfj-app")
            let byID = try await other.application(id: id)
            let byCase = try await other.application(caseNo: caseNo)
            #expect(byID.status == 404 && byID.isProblem)
            #expect(byCase.status == 404 && byCase.isProblem)
        }
    }
}

/// Routing at intake: each target gets its adapter by coverage and priority; an
/// application no adapter can serve is refused with a 422 naming the service and region.
@Suite struct RoutingHTTPTests {
    @Test func everyTargetGetsTheAdapterOfItsService() async throws {
        try await LiveGateway.with { gateway in
            let reply = try await gateway.client("demo").submit(try sample("canonical/bundle-unpaid-wages.json").body)
            let targets = try #require(reply.json["targets"] as? [[String: Any]])
            #expect(targets.map { $0["adapterId"] as? String } == ["legal-aid-sandbox", "mediation-sandbox"])
        }
    }

    @Test func anApplicationNoAdapterCoversIsRefusedAndNotStored() async throws {
        try await LiveGateway.with(configure: { configuration in
            configuration.adapters = AdapterDirectory(configuration.adapters.adapters.filter { $0.service != .mediation })
        }) { gateway in
            let (body, caseNo) = try sample("canonical/bundle-unpaid-wages.json")
            let reply = try await gateway.client("demo").submit(body)
            #expect(reply.status == 422 && reply.isProblem)
            #expect(reply.problems.map(\.code) == ["routing.no_adapter"] && reply.problems.first?.pointer == "/region")
            let message = ((reply.json["errors"] as? [[String: Any]])?.first?["message"] as? String) ?? ""
            #expect(message.contains("人民调解") && message.contains("嘉定区"), "\(message)")
            #expect(try await gateway.store.count(portal: "demo", caseNo: caseNo) == 0)
        }
    }
}
