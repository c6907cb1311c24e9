import AsyncHTTPClient
import Foundation
import NIOCore
import Testing
import TongbanAdapters
import TongbanConfig
import TongbanCore
import TongbanSandbox
import TongbanStore
import TongbanTestSupport

/// The sandbox back ends report each case's life cycle to the gateway's callback URL (a
/// recorder stands in for the endpoint): signed and worded as the sample adapter specs'
/// `callback` blocks expect, in order, retried while the receiver fails, and with the
/// duplicate and out-of-order faults when switched on.
@Suite(.serialized) struct SandboxCallbackTests {
    static func settings(_ url: String) -> CallbackSettings {
        var settings = CallbackSettings(gatewayURL: url)
        settings.stepDelay = .milliseconds(20)
        settings.firstRetryDelay = .milliseconds(50)
        settings.maxRetryDelay = .milliseconds(200)
        return settings
    }

    /// A received callback read through its adapter's spec, as the gateway will read it.
    struct Read {
        var adapter: String
        var eventId: String
        var caseRef: String
        var native: String
        var status: TargetStatus?
        var time: Date?
    }

    static func read(_ request: CallbackRecorder.Received, configuration: GatewayConfiguration) throws -> Read {
        let adapter = try #require(configuration.adapters.adapters.compactMap { $0 as? DeclarativeAdapter }.first { $0.id == request.adapter })
        let reader = try #require(adapter.callbackReader, "\(request.adapter) has no callback block")
        let failure = reader.verifier.failure(method: "POST", path: request.path, body: request.body, now: Date()) { request.headers[$0.lowercased()] }
        #expect(failure == nil, "\(request.adapter): \(failure.map { "\($0)" } ?? "")")
        let reading = try reader.read(request.body, now: .distantPast)
        #expect(reading.occurredAt != .distantPast, "\(request.adapter): the callback carries its time")
        return Read(adapter: request.adapter, eventId: reading.eventId, caseRef: reading.caseRef, native: reading.nativeStatus,
                    status: reading.status, time: reading.occurredAt)
    }

    func submitAll(_ gateway: LiveGateway) async throws {
        for name in try Fixtures.canonicalNames() {
            var object = try Fixtures.object(name)
            object["portalCaseNo"] = "CB-\(UUID().uuidString.prefix(10))"
            let reply = try await gateway.client("demo").submit(Fixtures.bytes(object))
            #expect(reply.status == 202, "\(name): \(reply.text)")
        }
    }

    @Test func everyBackEndReportsEachCaseThroughItsLifeCycleSignedAndInOrder() async throws {
        let configuration = try Fixtures.configuration()
        let recorder = CallbackRecorder(failFirst: 3)
        try await recorder.with { url in
            try await LiveSandbox.with(callbacks: Self.settings(url)) { sandbox in
                try await LiveGateway.with(dispatch: true, configure: { $0.adapters = sandbox.adapters(from: $0) }) { gateway in
                    try await submitAll(gateway)
                    let profiles = BackendProfile.all()
                    // One case per sample; the bundle adds a case at legal aid and at mediation.
                    let cases = ["lawyer-sandbox": 1, "notary-sandbox": 1, "arbitration-sandbox": 1, "appraisal-sandbox": 1,
                                 "legal-aid-sandbox": 2, "mediation-sandbox": 2, "chongming-notary-sandbox": 1]
                    let expected = profiles.reduce(0) { $0 + $1.lifeCycle.count * cases[$1.id, default: 0] }
                    #expect(await eventually(within: 30) { recorder.acknowledged.count == expected }, "\(recorder.acknowledged.count) of \(expected)")
                    // The first three were answered 503 and sent again.
                    #expect(recorder.requests.count == expected + 3)
                    let reads = try recorder.acknowledged.map { try Self.read($0, configuration: configuration) }
                    #expect(Set(reads.map(\.eventId)).count == expected, "event ids are unique")
                    for profile in profiles {
                        let created = Set(sandbox[profile.id].cases.values)
                        let mine = reads.filter { $0.adapter == profile.id }
                        #expect(Set(mine.map(\.caseRef)) == created, "\(profile.id): callbacks name the cases it created")
                        for caseRef in created {
                            let natives = mine.filter { $0.caseRef == caseRef }.map(\.native)
                            #expect(natives == profile.lifeCycle, "\(profile.id) \(caseRef): \(natives)")
                        }
                        for read in mine {
                            #expect(read.status != nil, "\(profile.id): '\(read.native)' is not in its spec's statuses")
                            #expect(read.time.map { abs($0.timeIntervalSinceNow) < 120 } == true, "\(profile.id): unreadable time")
                        }
                        // The last status of the usual life cycle is final in canonical terms.
                        let last = reads.first { $0.adapter == profile.id && $0.native == profile.lifeCycle.last }?.status
                        #expect(last == .completed, "\(profile.id) ends \(String(describing: last))")
                        // The sandbox counts an acknowledgement once the answer is back, a moment after the recorder saw the request.
                        let backend = sandbox[profile.id], sent = profile.lifeCycle.count * cases[profile.id, default: 0]
                        #expect(await eventually { backend.stats.callbacksAcknowledged == sent }, "\(profile.id): \(backend.stats)")
                        #expect(backend.stats.callbacksAbandoned == 0)
                    }
                }
            }
        }
    }

    @Test func duplicateAndOutOfOrderFaultsAndAScriptedLifeCycle() async throws {
        let configuration = try Fixtures.configuration()
        let recorder = CallbackRecorder()
        try await recorder.with { url in
            try await LiveSandbox.with(callbacks: Self.settings(url)) { sandbox in
                var duplicates = Faults()
                duplicates.duplicateCallbacks = true
                try sandbox["lawyer-sandbox"].setFaults(duplicates)
                var shuffled = Faults()
                shuffled.outOfOrderCallbacks = true
                try sandbox["notary-sandbox"].setFaults(shuffled)
                var refuse = Faults()
                refuse.lifeCycle = ["不予受理"]
                try sandbox["legal-aid-sandbox"].setFaults(refuse)
                var unknown = Faults()
                unknown.lifeCycle = ["LOST"]
                #expect(throws: SandboxBackend.FaultError.self) { try sandbox["mediation-sandbox"].setFaults(unknown) }

                try await LiveGateway.with(dispatch: true, configure: { $0.adapters = sandbox.adapters(from: $0) }) { gateway in
                    try await submitAll(gateway)
                    // lawyer 3 steps twice, notary 4, arbitration 4, appraisal 3, legal aid 1 × 2 cases, mediation 3 × 2, Chongming 3.
                    let expected = 6 + 4 + 4 + 3 + 2 + 6 + 3
                    #expect(await eventually(within: 30) { recorder.acknowledged.count == expected }, "\(recorder.acknowledged.count) of \(expected)")
                    let reads = try recorder.acknowledged.map { try Self.read($0, configuration: configuration) }

                    let lawyer = reads.filter { $0.adapter == "lawyer-sandbox" }
                    #expect(lawyer.map(\.native) == ["RECEIVED", "RECEIVED", "ASSIGNED", "ASSIGNED", "ANSWERED", "ANSWERED"])
                    #expect(Set(lawyer.map(\.eventId)).count == 3, "a duplicate repeats its event id")

                    let notary = reads.filter { $0.adapter == "notary-sandbox" }
                    #expect(notary.map(\.native) == ["02", "01", "05", "04"])
                    // Each event keeps the time it happened at, so the swapped pairs arrive with earlier times second.
                    #expect(notary[1].time! <= notary[0].time! && notary[3].time! <= notary[2].time!)

                    let aid = reads.filter { $0.adapter == "legal-aid-sandbox" }
                    #expect(aid.map(\.native) == ["不予受理", "不予受理"] && aid.allSatisfy { $0.status == .rejected })
                }
            }
        }
    }

    @Test func aGatewayThatNeverAcknowledgesGetsEveryAttemptThenTheCallbackIsGivenUp() async throws {
        let recorder = CallbackRecorder(failFirst: .max)
        try await recorder.with { url in
            var settings = Self.settings(url)
            settings.attempts = 3
            try await LiveSandbox.with(callbacks: settings) { sandbox in
                try await LiveGateway.with(dispatch: true, configure: { $0.adapters = sandbox.adapters(from: $0) }) { gateway in
                    var object = try Fixtures.object("canonical/lawyer-consultation.json")
                    object["portalCaseNo"] = "CB-\(UUID().uuidString.prefix(10))"
                    #expect(try await gateway.client("demo").submit(Fixtures.bytes(object)).status == 202)
                    let lawyer = sandbox["lawyer-sandbox"]
                    #expect(await eventually(within: 30) { lawyer.stats.callbacksAbandoned == 3 }, "\(lawyer.stats)")
                    #expect(lawyer.stats.callbackAttempts == 9 && lawyer.stats.callbacksAcknowledged == 0)
                    #expect(recorder.requests.count == 9 && recorder.acknowledged.isEmpty)
                    #expect(lawyer.callbacks.map(\.status) == ["RECEIVED", "ASSIGNED", "ANSWERED"])
                    #expect(lawyer.callbacks.allSatisfy { !$0.acknowledged && $0.httpStatus == 503 && $0.attempts == 3 })
                }
            }
        }
    }

    @Test func theFaultsEndpointRefusesALifeCycleWithUnknownStatusesAndKeepsTheOldOne() async throws {
        try await LiveSandbox.with { sandbox in
            let url = "http://127.0.0.1:\(sandbox.ports["mediation-sandbox"]!)/_sandbox/faults"
            func put(_ json: String) async throws -> (Int, String) {
                var request = HTTPClientRequest(url: url)
                request.method = .PUT
                request.body = .bytes(ByteBuffer(string: json))
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
                return (Int(response.status.code), String(buffer: try await response.body.collect(upTo: 65536)))
            }
            let (ok, _) = try await put(#"{"lifeCycle":["accepted","refused"],"duplicateCallbacks":true}"#)
            #expect(ok == 200)
            let (status, text) = try await put(#"{"lifeCycle":["accepted","lost"]}"#)
            #expect(status == 400 && text.contains("'lost' is not a status of mediation-sandbox"), "\(status) \(text)")
            let (empty, _) = try await put(#"{"lifeCycle":[]}"#)
            #expect(empty == 400)
            let (wrongType, _) = try await put(#"{"lifeCycle":"accepted"}"#)
            #expect(wrongType == 400)
            #expect(sandbox["mediation-sandbox"].faults.lifeCycle == ["accepted", "refused"] && sandbox["mediation-sandbox"].faults.duplicateCallbacks)
        }
    }
}
