/// Which store the gateway uses, by URL: `sqlite:<path>` (also `sqlite://<path>`; a
/// relative path is from the working directory). PostgreSQL (`postgres://…`) is named here
/// already so a configuration that asks for it is told plainly that this build has none.
public enum StoreURL: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)

    public struct Invalid: Error, CustomStringConvertible {
        public var description: String
    }

    public init(_ text: String) throws(Invalid) {
        let lower = text.lowercased()
        if lower.hasPrefix("sqlite:") {
            var path = String(text.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path.removeFirst(2) }
            guard !path.isEmpty else { throw Invalid(description: "'\(text)' names no file: write sqlite:data/tongban.sqlite") }
            guard !path.contains("?"), !path.contains("#") else { throw Invalid(description: "'\(text)': a sqlite: URL takes a file path only") }
            self = .sqlite(path: path)
        } else if lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://") {
            throw Invalid(description: "PostgreSQL is not available in this build; use sqlite:<file>")
        } else {
            throw Invalid(description: "'\(text)' is not a store URL: expected sqlite:<file>")
        }
    }

    public var description: String {
        switch self {
        case .sqlite(let path): "sqlite:\(path)"
        }
    }
}
