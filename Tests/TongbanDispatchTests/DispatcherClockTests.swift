import Foundation
import ServiceLifecycle
import Synchronization
import Testing
import TongbanAdapters
import TongbanCore
import TongbanDispatch
import TongbanStore
import TongbanTestSupport

/// The dispatcher on the in-memory store, a scripted transport and a clock the test moves:
/// a retry waits for the clock, not for the wall, so time-dependent rules are tested
/// without sleeping through them.
@Suite struct DispatcherClockTests {
    /// Answers 503 to the first request, then 200 with a case reference.
    final class ScriptedTransport: DeliveryTransport {
        let sent = Mutex<[Date]>([])
        let clock: ManualClock
        init(clock: ManualClock) { self.clock = clock }

        func send(_ request: OutboundRequest, timeoutSeconds: Double) async throws -> TransportResponse {
            let count = sent.withLock { $0.append(clock.now()); return $0.count }
            return count == 1 ? TransportResponse(status: 503, headers: [], body: [])
                : TransportResponse(status: 200, headers: [], body: Array("<result><caseId>TJ-1</caseId></result>".utf8))
        }
    }

    @Test func aRetryIsDueWhenTheInjectedClockSaysSo() async throws {
        let clock = ManualClock()
        let store = InMemoryStore(clock: clock)
        let configuration = try Fixtures.configuration()
        let mediation = try #require(configuration.adapters["mediation-sandbox"])
        var limits = mediation.limits
        limits.retry = RetrySchedule(attempts: 3, initialDelay: 60, maxDelay: 60, jitter: 0)
        let adapter = try #require(mediation as? DeclarativeAdapter).with(limits: limits)
        let due = CivilDate(year: 2027, month: 1, day: 15)!
        var application = try CanonicalJSON.decoder().decode(Application.self, from: Data(Fixtures.application("canonical/mediation-request.json")))
        application.source.portal = "demo"
        _ = try await store.submit(NewApplication(
            id: "app_1", application: application, contentDigest: "d", document: Array(try CanonicalJSON.encoder().encode(application)),
            receivedAt: clock.now(), dueDate: due, targets: [NewTarget(id: "tgt_1", service: .mediation, adapterId: adapter.id, dueDate: due)],
            eventID: "evt_1"))
        let transport = ScriptedTransport(clock: clock)
        var settings = Dispatcher.Settings()
        settings.pollSeconds = 0.01
        let dispatcher = Dispatcher(adapters: AdapterDirectory([adapter]), store: store, transport: transport, settings: settings,
                                    clock: clock, jitter: { 0.5 })
        let group = ServiceGroup(configuration: .init(services: [dispatcher], logger: .init(label: "test")))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            #expect(await eventually { transport.sent.withLock { $0.count } == 1 })
            // The 503 is retried 60 s later by the store's clock: polling for a while sends nothing.
            try await Task.sleep(for: .milliseconds(200))
            #expect(transport.sent.withLock { $0.count } == 1)
            clock.advance(60)
            #expect(await eventually { transport.sent.withLock { $0.count } == 2 })
            #expect(await eventually { (try? await store.application(id: "app_1", portal: "demo"))?.receipt.targets.first?.status == .delivered })
            let times = transport.sent.withLock { $0 }
            #expect(times[1].timeIntervalSince(times[0]) == 60)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }
}
