/// The routing plan of an application: one target per service of its catalogue item,
/// each with the adapter chosen for it (by coverage and priority, decided by the caller's
/// `adapter` function) and its due date.
public struct RoutingPlan: Sendable, Equatable {
    /// One planned target.
    public struct PlannedTarget: Sendable, Equatable {
        public var service: Service
        /// The adapter that will deliver it; nil when no adapter covers the application.
        public var adapterId: String?
        public var dueDate: CivilDate
    }

    public var targets: [PlannedTarget]
    /// The application's due date: the latest of its targets'.
    public var dueDate: CivilDate

    /// Plans the targets of an application of `item` received on `receivedOn` (Beijing date).
    public init(item: CatalogItem, receivedOn: CivilDate, calendar: WorkingCalendar, adapter: (Service) -> String?) {
        let due = calendar.dueDate(from: receivedOn, workingDays: item.timeLimitWorkingDays)
        self.targets = item.services.map { PlannedTarget(service: $0, adapterId: adapter($0), dueDate: due) }
        self.dueDate = due
    }

    /// Services no adapter covers: such an application cannot be accepted.
    public var unrouted: [Service] { targets.filter { $0.adapterId == nil }.map(\.service) }
}
