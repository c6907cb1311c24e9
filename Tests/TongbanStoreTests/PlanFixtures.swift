import Foundation
import Synchronization
import TongbanCore
import TongbanStore

/// Ids `evt_1`, `ntf_2`, … in the order a plan asks for them.
final class CountingIds: IdentifierSource {
    private let count = Mutex(0)
    func next(_ prefix: String) -> String { prefix + String(count.withLock { $0 += 1; return $0 }) }
}

func at(_ seconds: Double) -> Date { Date(timeIntervalSince1970: 1_800_000_000 + seconds) }

let due = CivilDate(year: 2027, month: 1, day: 15)!

/// A target of adapter `a-<id>` in `status`, its delivery in `delivery`.
func target(_ id: String, _ status: TargetStatus, delivery: OutboxState? = .done, attempts: Int = 1, adapter: Bool = true,
            lastMoved: Double? = nil, ref: String? = nil) -> TargetState {
    TargetState(id: id, service: .mediation, adapterId: adapter ? "a-\(id)" : nil, status: status, backendRef: ref ?? (status == .queued ? nil : "R-\(id)"),
                lastMovedAt: lastMoved.map(at), clock: ServiceClock(dueDate: due), attempts: attempts,
                delivery: delivery.map { OutboxStanding(state: $0, attempts: attempts) })
}

func application(_ targets: [TargetState], status: OverallStatus? = nil, version: Int = 1, withdrawn: Double? = nil) -> ApplicationState {
    ApplicationState(id: "app", portal: "demo", portalCaseNo: "C-1", status: status ?? Aggregation.overall(targets.map(\.status)),
                     statusVersion: version, withdrawalRequestedAt: withdrawn.map(at), targets: targets)
}
