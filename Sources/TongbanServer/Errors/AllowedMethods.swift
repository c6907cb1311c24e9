import HTTPTypes
import Hummingbird
import Synchronization

/// The methods each route path answers, from the router's own list: a request with a
/// method a known path does not take (`TRACE`, `DELETE` on an application, …) is a 405
/// naming them in `Allow` (RFC 9110 15.5.6), not a 404 that says the path is unknown.
final class AllowedMethods: Sendable {
    private struct Pattern {
        var segments: [Substring]
        var methods: Set<String>
    }

    private let patterns = Mutex<[Pattern]>([])

    /// Reads the routes once they are all registered.
    func learn(_ routes: [Router<GatewayRequestContext>.RouteDescription]) {
        var byPath: [String: Set<String>] = [:]
        for route in routes { byPath[route.path.description, default: []].insert(route.method.rawValue) }
        patterns.withLock { patterns in
            patterns = byPath.map { Pattern(segments: $0.key.split(separator: "/"), methods: $0.value) }
        }
    }

    /// The methods `path` answers, sorted, or nil when no route has that path.
    func methods(for path: String) -> [String]? {
        let segments = path.split(separator: "/")
        let found = patterns.withLock { patterns in
            patterns.filter { Self.matches($0.segments, segments) }.reduce(into: Set<String>()) { $0.formUnion($1.methods) }
        }
        guard !found.isEmpty else { return nil }
        return found.contains("GET") ? (found.union(["HEAD"])).sorted() : found.sorted()
    }

    private static func matches(_ pattern: [Substring], _ path: [Substring]) -> Bool {
        var i = 0
        for segment in pattern {
            if segment == "**" { return true }
            guard i < path.count else { return false }
            if segment == "*" || (segment.hasPrefix("{") && segment.hasSuffix("}")) || segment.hasPrefix(":") || segment == path[i] {
                i += 1
                continue
            }
            return false
        }
        return i == path.count
    }
}
