/// The routing plan of an application: one target per service of its catalogue item.
/// Adapter selection by coverage and priority joins this plan when adapters exist.
public struct RoutingPlan: Sendable, Equatable {
    /// One planned target.
    public struct PlannedTarget: Sendable, Equatable {
        public var service: Service
        public var dueDate: CivilDate
    }

    public var targets: [PlannedTarget]
    /// The application's due date: the latest of its targets'.
    public var dueDate: CivilDate

    /// Plans the targets of an application of `item` received on `receivedOn` (Beijing date).
    public init(item: CatalogItem, receivedOn: CivilDate, calendar: WorkingCalendar) {
        let due = calendar.dueDate(from: receivedOn, workingDays: item.timeLimitWorkingDays)
        self.targets = item.services.map { PlannedTarget(service: $0, dueDate: due) }
        self.dueDate = due
    }
}
