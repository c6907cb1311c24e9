import Foundation

/// `GET /admin/v1/stats` (DESIGN 7): applications received in a period counted by service,
/// region, channel and overall status; each target on time or overdue against its due date
/// (pauses for supplements excluded); and per service the median hours from receipt to the
/// back end's acceptance and to completion. Pure: the store supplies the rows.
public enum Statistics {
    /// The statuses whose first move counts as the back end's acceptance.
    public static let acceptance: [TargetStatus] = [.accepted, .inProgress, .supplementRequired, .suspended, .completed]

    public struct Application: Sendable {
        public var region: String
        public var channel: String
        public var status: OverallStatus
        public init(region: String, channel: String, status: OverallStatus) {
            self.region = region
            self.channel = channel
            self.status = status
        }
    }

    public struct Target: Sendable {
        public var service: String
        public var status: TargetStatus
        public var receivedAt: Date
        public var clock: ServiceClock
        /// When it reached a final status, if it did.
        public var finishedAt: Date?
        /// The first back-end event that moved it to one of `acceptance` (accepted or beyond),
        /// and to `completed`.
        public var acceptedAt: Date?
        public var completedAt: Date?
        public init(service: String, status: TargetStatus, receivedAt: Date, clock: ServiceClock, finishedAt: Date?, acceptedAt: Date?, completedAt: Date?) {
            self.service = service
            self.status = status
            self.receivedAt = receivedAt
            self.clock = clock
            self.finishedAt = finishedAt
            self.acceptedAt = acceptedAt
            self.completedAt = completedAt
        }
    }

    public struct Report: Sendable, Codable, Equatable {
        public var from: CivilDate
        public var to: CivilDate
        public var applications: Int
        public var byService: [String: Int]
        public var byRegion: [String: Int]
        public var byChannel: [String: Int]
        public var byStatus: [String: Int]
        /// Targets finished by their due date, or open and not past it.
        public var onTime: Int
        /// Targets finished after their due date, or open and past it.
        public var overdue: Int
        public var medianHoursToAcceptance: [String: Double]
        public var medianHoursToCompletion: [String: Double]
    }

    public static func report(from: CivilDate, to: CivilDate, applications: [Application], targets: [Target], today: CivilDate,
                              calendar: WorkingCalendar) -> Report {
        func count(_ keys: [String]) -> [String: Int] { keys.reduce(into: [:]) { $0[$1, default: 0] += 1 } }
        var onTime = 0, overdue = 0
        for target in targets {
            let due = target.clock.effectiveDueDate(today: target.finishedAt.map(BeijingTime.civilDate(of:)) ?? today, calendar: calendar)
            let measuredOn = target.status.isTerminal ? target.finishedAt.map(BeijingTime.civilDate(of:)) ?? today : today
            if measuredOn > due { overdue += 1 } else { onTime += 1 }
        }
        func medians(_ keyPath: KeyPath<Target, Date?>) -> [String: Double] {
            var hours: [String: [Double]] = [:]
            for target in targets {
                if let at = target[keyPath: keyPath] { hours[target.service, default: []].append(at.timeIntervalSince(target.receivedAt) / 3600) }
            }
            return hours.mapValues { values in
                let sorted = values.sorted()
                let mid = sorted.count / 2
                let median = sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
                return (median * 100).rounded() / 100
            }
        }
        return Report(from: from, to: to, applications: applications.count, byService: count(targets.map(\.service)),
                      byRegion: count(applications.map(\.region)), byChannel: count(applications.map(\.channel)),
                      byStatus: count(applications.map(\.status.rawValue)), onTime: onTime, overdue: overdue,
                      medianHoursToAcceptance: medians(\.acceptedAt), medianHoursToCompletion: medians(\.completedAt))
    }
}
