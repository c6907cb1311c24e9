import TongbanCore

/// The adapters in force, and which one serves a target: among adapters of the service
/// whose coverage includes the application's region and item, the highest priority, then
/// the smallest id (so the choice is stable).
public struct AdapterDirectory: Sendable {
    public let adapters: [any Adapter]

    public init(_ adapters: [any Adapter]) {
        self.adapters = adapters.sorted { ($0.priority, $1.id) > ($1.priority, $0.id) }
    }

    public subscript(id: String) -> (any Adapter)? { adapters.first { $0.id == id } }

    /// The adapter for `service`, or nil when none covers the application.
    public func select(service: Service, region: String, item: String) -> (any Adapter)? {
        adapters.first { $0.service == service && $0.coverage.covers(region: region, item: item) }
    }
}

/// Adapters written in Swift, for back ends no spec can express, registered here by id.
/// A spec file whose id matches is refused, so the two never shadow each other.
public enum CodedAdapters {
    /// Empty today: every sample back end is served by a spec.
    public static let all: [any Adapter] = []
}
