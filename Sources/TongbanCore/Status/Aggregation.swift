import Foundation

/// The overall status of an application from its targets' statuses: DESIGN 4, first rule
/// that matches. Pure and table-driven; the store recomputes it in the transaction of the
/// event that changed a target.
public enum Aggregation {
    public static func overall(_ targets: [TargetStatus]) -> OverallStatus {
        guard !targets.isEmpty else { return .submitted }
        if targets.allSatisfy(\.isTerminal) {
            if targets.allSatisfy({ $0 == .completed }) { return .completed }
            if targets.allSatisfy({ $0 == .rejected }) { return .rejected }
            if targets.allSatisfy({ $0 == .withdrawn }) { return .withdrawn }
            if targets.contains(.failed) && !targets.contains(.completed) { return .failed }
            return .partiallyCompleted
        }
        if targets.contains(.supplementRequired) { return .supplementRequired }
        if targets.contains(where: { [.accepted, .inProgress, .suspended].contains($0) }) { return .inProgress }
        return .submitted
    }
}

/// The SLA of one target: its promised due date moved later by the working days it spent
/// waiting for the applicant (`supplement_required` stops the clock, DESIGN 4).
public struct ServiceClock: Sendable, Equatable {
    /// Due date fixed at intake.
    public var dueDate: CivilDate
    /// Working days already spent paused.
    public var pausedWorkingDays: Int
    /// When the current pause began, if paused now.
    public var pausedSince: CivilDate?

    public init(dueDate: CivilDate, pausedWorkingDays: Int = 0, pausedSince: CivilDate? = nil) {
        self.dueDate = dueDate
        self.pausedWorkingDays = pausedWorkingDays
        self.pausedSince = pausedSince
    }

    /// The clock after the target moved from `from` to `to` on `day`.
    public func after(from: TargetStatus, to: TargetStatus, on day: CivilDate, calendar: WorkingCalendar) -> ServiceClock {
        var clock = self
        if to == .supplementRequired, from != .supplementRequired, clock.pausedSince == nil {
            clock.pausedSince = day
        } else if from == .supplementRequired, to != .supplementRequired, let since = clock.pausedSince {
            clock.pausedWorkingDays += calendar.workingDays(after: since, through: day)
            clock.pausedSince = nil
        }
        return clock
    }

    /// The due date counting pauses up to `today` (a running pause keeps pushing it out).
    public func effectiveDueDate(today: CivilDate, calendar: WorkingCalendar) -> CivilDate {
        let running = pausedSince.map { calendar.workingDays(after: $0, through: max($0, today)) } ?? 0
        let paused = pausedWorkingDays + running
        return paused == 0 ? dueDate : calendar.dueDate(from: dueDate, workingDays: paused)
    }

    /// Overdue when `day` (today, or the day the target finished) is after the effective due date.
    public func isOverdue(on day: CivilDate, calendar: WorkingCalendar) -> Bool {
        day > effectiveDueDate(today: day, calendar: calendar)
    }
}
