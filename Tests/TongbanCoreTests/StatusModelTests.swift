import Foundation
import Testing
import TongbanCore
import TongbanTestSupport

/// DESIGN 4 as tables: every (from, to) pair of target statuses for a back end's event, the
/// gateway's own events, out-of-order sideways moves, the aggregation rules and the SLA clock.
@Suite struct StatusModelTests {
    /// Columns and rows in this order.
    static let order: [TargetStatus] = [.queued, .delivered, .accepted, .inProgress, .supplementRequired, .suspended,
                                        .completed, .rejected, .withdrawn, .failed]
    /// A back end's callback saying the column status to a target in the row status:
    /// M moved, U unchanged (a repeat), L late (never moves backwards or out of a final
    /// status), I illegal (an anomaly).
    static let backendTable = """
        q: I I M M M M M M M I
        d: I I M M M M M M M I
        a: I I U M M M M M M I
        p: I I L U M M M M M I
        s: I I L M U I M M M I
        u: I I L M I U M M M I
        c: I I L L L L U L L I
        r: I I L L L L L U L I
        w: I I L L L L L L U I
        f: I I L L L L L L L I
        """

    static func verdict(_ letter: Substring) -> TargetTransition.Verdict {
        switch letter {
        case "M": .moved
        case "U": .unchanged
        case "L": .late
        default: .illegal
        }
    }

    let t0 = Date(timeIntervalSince1970: 1_796_000_000)

    @Test func everyPairOfStatusesForABackEndEvent() {
        let rows = Self.backendTable.split(separator: "\n")
        #expect(rows.count == Self.order.count)
        for (from, row) in zip(Self.order, rows) {
            let cells = row.split(separator: ":")[1].split(separator: " ")
            #expect(cells.count == Self.order.count)
            for (to, cell) in zip(Self.order, cells) {
                let got = TargetTransition.verdict(from: from, to: to, source: .backend, at: t0, lastMoved: t0.addingTimeInterval(-60))
                #expect(got == Self.verdict(cell), "\(from.rawValue) → \(to.rawValue)")
            }
        }
    }

    @Test func aSidewaysEventOlderThanTheLastMoveIsLate() {
        for (from, to) in [(TargetStatus.inProgress, TargetStatus.supplementRequired), (.supplementRequired, .inProgress),
                           (.inProgress, .suspended), (.suspended, .inProgress)] {
            #expect(TargetTransition.verdict(from: from, to: to, source: .backend, at: t0, lastMoved: t0.addingTimeInterval(1)) == .late)
            #expect(TargetTransition.verdict(from: from, to: to, source: .backend, at: t0, lastMoved: t0) == .moved)
        }
        // Forward moves are never late by time alone (a late "completed" still completes).
        #expect(TargetTransition.verdict(from: .inProgress, to: .completed, source: .backend, at: t0, lastMoved: t0.addingTimeInterval(60)) == .moved)
    }

    @Test func theGatewaysOwnEvents() {
        func v(_ from: TargetStatus, _ to: TargetStatus, _ source: TargetTransition.Source) -> TargetTransition.Verdict {
            TargetTransition.verdict(from: from, to: to, source: source, at: t0, lastMoved: nil)
        }
        for to in [TargetStatus.delivered, .rejected, .failed] {
            #expect(v(.queued, to, .delivery) == .moved)
            #expect(v(.accepted, to, .delivery) == .late, "a callback got there first")
        }
        #expect(v(.delivered, .delivered, .delivery) == .unchanged)
        #expect(v(.queued, .accepted, .delivery) == .illegal)
        #expect(v(.failed, .queued, .replay) == .moved)
        for from in Self.order where from != .failed { #expect(v(from, .queued, .replay) == .illegal) }
        for from in Self.order {
            let expected: TargetTransition.Verdict = from == .withdrawn ? .unchanged : from.isTerminal ? .late : .moved
            #expect(v(from, .withdrawn, .withdrawal) == expected, "\(from.rawValue)")
        }
    }

    @Test(arguments: [
        ([], OverallStatus.submitted),
        ([.queued], .submitted),
        ([.queued, .delivered], .submitted),
        ([.delivered, .accepted], .inProgress),
        ([.queued, .suspended], .inProgress),
        ([.inProgress, .supplementRequired], .supplementRequired),
        ([.completed, .supplementRequired], .supplementRequired),
        ([.completed, .inProgress], .inProgress),
        ([.completed], .completed),
        ([.completed, .completed], .completed),
        ([.rejected, .rejected], .rejected),
        ([.withdrawn, .withdrawn], .withdrawn),
        ([.rejected, .completed], .partiallyCompleted),
        ([.withdrawn, .completed], .partiallyCompleted),
        ([.failed, .completed], .partiallyCompleted),
        ([.failed, .rejected], .failed),
        ([.failed], .failed),
        ([.failed, .withdrawn], .failed),
        ([.rejected, .withdrawn], .partiallyCompleted),
        ([.failed, .queued], .submitted),
    ] as [([TargetStatus], OverallStatus)])
    func aggregation(_ targets: [TargetStatus], _ expected: OverallStatus) {
        #expect(Aggregation.overall(targets) == expected)
        #expect(Aggregation.overall(targets.reversed()) == expected, "order does not matter")
    }

    @Test func evaluationCodes() {
        #expect(OverallStatus.submitted.evaluationCode == 1)
        #expect([OverallStatus.inProgress, .supplementRequired].allSatisfy { $0.evaluationCode == 2 })
        #expect([OverallStatus.completed, .rejected, .withdrawn, .partiallyCompleted, .failed].allSatisfy { $0.evaluationCode == 3 })
    }

    @Test func supplementRequiredStopsTheClockInWorkingDays() throws {
        let calendar = try Fixtures.configuration().calendar
        func day(_ iso: String) -> CivilDate { CivilDate(iso: iso)! }
        var clock = ServiceClock(dueDate: day("2026-12-04"))  // a Friday
        #expect(clock.isOverdue(on: day("2026-12-07"), calendar: calendar))
        // Paused Wednesday 2 December, resumed Tuesday 8 December: Thu, Fri, Mon, Tue = 4 working days.
        clock = clock.after(from: .inProgress, to: .supplementRequired, on: day("2026-12-02"), calendar: calendar)
        #expect(clock.pausedSince == day("2026-12-02"))
        #expect(!clock.isOverdue(on: day("2026-12-07"), calendar: calendar), "a running pause keeps pushing the due date out")
        clock = clock.after(from: .supplementRequired, to: .inProgress, on: day("2026-12-08"), calendar: calendar)
        #expect(clock.pausedSince == nil && clock.pausedWorkingDays == 4)
        #expect(clock.effectiveDueDate(today: day("2026-12-08"), calendar: calendar) == day("2026-12-10"))
        #expect(!clock.isOverdue(on: day("2026-12-10"), calendar: calendar))
        #expect(clock.isOverdue(on: day("2026-12-11"), calendar: calendar))
        // Another move inside the working statuses does not touch the clock.
        #expect(clock.after(from: .inProgress, to: .suspended, on: day("2026-12-09"), calendar: calendar) == clock)
    }
}

/// The notification's hand-written JSON is what the canonical encoder writes.
@Suite struct StatusNotificationJSONTests {
    @Test func theHandWrittenTextEqualsTheEncodersBytes() throws {
        let data = StatusNotification.Payload(
            applicationId: "app_01", portalCaseNo: "SH-\"引号\"\\/2026\n", status: .partiallyCompleted, previousStatus: .inProgress,
            statusVersion: 7, targets: [.init(id: "tgt_1", service: "legal-aid", status: .completed, backendRef: "FY-2026/1"),
                                        .init(id: "tgt_2", service: "mediation", status: .rejected, backendRef: nil)])
        var noted = data
        noted.note = "准予公证，\"公证书\"已出具\n"
        noted.document = "(2026)沪徐证字第1号"
        for payload in [data, noted] {
            let notification = StatusNotification(id: "ntf_1", time: "2026-11-30T10:00:00+08:00", data: payload)
            let encoded = String(decoding: try CanonicalJSON.encoder().encode(notification), as: UTF8.self)
            #expect(notification.jsonText == encoded)
            #expect(try CanonicalJSON.decoder().decode(StatusNotification.self, from: Data(notification.jsonText.utf8)) == notification)
        }
    }
}

/// The statistics report's arithmetic: on time against the effective due date, medians per service.
@Suite struct StatisticsReportTests {
    @Test func onTimeOverdueAndMedians() {
        let calendar = WorkingCalendar(years: [])
        let monday = CivilDate(year: 2026, month: 11, day: 30)!
        let received = BeijingTime.parse("2026-11-30 09:00:00")!
        func at(_ text: String) -> Date { BeijingTime.parse(text)! }
        let due = ServiceClock(dueDate: monday.adding(days: 2))  // Wednesday
        let targets = [
            // Finished Wednesday: on time. Finished Thursday: late. Open on Friday: overdue.
            Statistics.Target(service: "notary", status: .completed, receivedAt: received, clock: due, finishedAt: at("2026-12-02 17:00:00"),
                              acceptedAt: at("2026-11-30 10:00:00"), completedAt: at("2026-12-02 17:00:00")),
            Statistics.Target(service: "notary", status: .completed, receivedAt: received, clock: due, finishedAt: at("2026-12-03 10:00:00"),
                              acceptedAt: at("2026-11-30 12:00:00"), completedAt: at("2026-12-03 10:00:00")),
            Statistics.Target(service: "notary", status: .inProgress, receivedAt: received, clock: due, finishedAt: nil,
                              acceptedAt: at("2026-11-30 13:00:00"), completedAt: nil),
            // Two working days paused for a supplement: Thursday is within the moved due date.
            Statistics.Target(service: "lawyer", status: .completed, receivedAt: received,
                              clock: ServiceClock(dueDate: monday.adding(days: 2), pausedWorkingDays: 2), finishedAt: at("2026-12-03 10:00:00"),
                              acceptedAt: nil, completedAt: at("2026-12-03 10:00:00")),
        ]
        let report = Statistics.report(from: monday, to: monday, applications: [
            .init(region: "310104", channel: "online", status: .completed), .init(region: "310104", channel: "hotline", status: .inProgress),
        ], targets: targets, today: monday.adding(days: 4), calendar: calendar)
        #expect(report.applications == 2 && report.byRegion == ["310104": 2] && report.byChannel == ["online": 1, "hotline": 1])
        #expect(report.byService == ["notary": 3, "lawyer": 1] && report.byStatus == ["completed": 1, "in_progress": 1])
        #expect(report.onTime == 2 && report.overdue == 2)
        #expect(report.medianHoursToAcceptance == ["notary": 3])  // 1, 3, 4 hours
        #expect(report.medianHoursToCompletion == ["notary": 64.5, "lawyer": 73])  // (56 + 73) / 2
    }
}
