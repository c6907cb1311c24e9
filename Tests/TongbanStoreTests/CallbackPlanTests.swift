import Foundation
import Testing
import TongbanCore
import TongbanStore

/// `CallbackPlan`: what a back end's event does, as rows to write.
@Suite struct CallbackPlanTests {
    func event(_ status: TargetStatus, at time: Double = 100, note: String? = nil) -> BackendEvent {
        BackendEvent(adapterId: "a-t1", eventId: "E", caseRef: "R-t1", nativeStatus: "native", status: status, occurredAt: at(time),
                     receivedAt: at(time + 1), payloadDigest: "p", note: note)
    }

    @Test func lookupsThatFindNoTargetChangeNothing() {
        for (lookup, outcome) in [(CallbackPlan.Lookup.seen, BackendEventOutcome.duplicate),
                                  (.unmatched(deliveriesInFlight: false), .unknownCase),
                                  (.unmatched(deliveriesInFlight: true), .notYetKnown)] {
            let plan = CallbackPlan.plan(event(.accepted), lookup, calendar: WorkingCalendar(years: []), ids: CountingIds())
            #expect(plan.outcome == outcome && plan.changes.isEmpty)
        }
    }

    struct Row: Sendable, CustomStringConvertible {
        var from: TargetStatus, to: TargetStatus, lastMoved: Double?, verdict: TargetTransition.Verdict
        var overall: OverallStatus, notified: Bool
        var description: String { "\(from) → \(to)" }
    }

    /// Two targets, the other one `in_progress`: the event is always recorded; only a move
    /// writes the target, and only a change of overall status bumps the version and queues a
    /// notification.
    @Test(arguments: [
        Row(from: .delivered, to: .accepted, lastMoved: nil, verdict: .moved, overall: .inProgress, notified: false),
        Row(from: .accepted, to: .supplementRequired, lastMoved: nil, verdict: .moved, overall: .supplementRequired, notified: true),
        Row(from: .inProgress, to: .suspended, lastMoved: 200, verdict: .late, overall: .inProgress, notified: false),
        Row(from: .inProgress, to: .inProgress, lastMoved: nil, verdict: .unchanged, overall: .inProgress, notified: false),
        Row(from: .completed, to: .inProgress, lastMoved: nil, verdict: .late, overall: .inProgress, notified: false),
        Row(from: .inProgress, to: .delivered, lastMoved: nil, verdict: .illegal, overall: .inProgress, notified: false),
    ])
    func aMatchedEvent(_ row: Row) throws {
        let app = application([target("t1", row.from, lastMoved: row.lastMoved), target("t2", .inProgress)], version: 5)
        let plan = CallbackPlan.plan(event(row.to, note: "意见"), .matched(app, targetId: "t1"), calendar: WorkingCalendar(years: []), ids: CountingIds())
        guard case .recorded(let applied) = plan.outcome else { Issue.record("\(plan.outcome)"); return }
        #expect(applied.verdict == row.verdict && applied.overallStatus == row.overall)
        #expect(applied.statusVersion == (row.notified ? 6 : 5))
        #expect(plan.changes.targets.map(\.target.status) == (row.verdict.moves ? [row.to] : []))
        let callback = try #require(plan.changes.events.first)
        #expect(callback.type == "callback" && callback.verdict == row.verdict.rawValue && callback.moved == row.verdict.moves && callback.note == "意见")
        #expect(plan.changes.notifications.count == (row.notified ? 1 : 0))
        #expect(plan.changes.events.map(\.type) == (row.notified ? ["callback", "status"] : ["callback"]))
        if row.notified {
            let data = plan.changes.notifications[0].notification.data
            #expect(data.statusVersion == 6 && data.previousStatus == .inProgress && data.note == "意见" && data.targets.map(\.status) == [row.to, .inProgress])
            #expect(plan.changes.application?.statusVersion == 6)
        }
    }

    /// `supplement_required` stops the SLA clock; leaving it counts the working days paused.
    @Test func theSLAClockPausesAndResumes() throws {
        let calendar = WorkingCalendar(years: [])
        let asked = CallbackPlan.plan(event(.supplementRequired), .matched(application([target("t1", .inProgress)]), targetId: "t1"),
                                      calendar: calendar, ids: CountingIds())
        let paused = try #require(asked.changes.targets.first?.target)
        #expect(paused.clock.pausedSince == BeijingTime.civilDate(of: at(100)) && paused.lastMovedAt == at(100))
        let resumed = CallbackPlan.plan(event(.inProgress, at: 100 + 7 * 86400), .matched(application([paused]), targetId: "t1"),
                                        calendar: calendar, ids: CountingIds())
        let clock = try #require(resumed.changes.targets.first?.target.clock)
        #expect(clock.pausedSince == nil && clock.pausedWorkingDays == 5)
    }
}
