/// One thing wrong with the configuration: the file, the key (a dotted path such as
/// `portals[0].auth.secretEnv`) and what was expected.
public struct ConfigIssue: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning }

    public var file: String
    public var key: String
    public var reason: String
    public var severity: Severity

    public init(file: String, key: String, reason: String, severity: Severity = .error) {
        self.file = file
        self.key = key
        self.reason = reason
        self.severity = severity
    }

    public var description: String {
        "\(severity.rawValue): \(file): \(key.isEmpty ? "(document)" : key): \(reason)"
    }
}

/// The configuration could not be loaded; `issues` lists every error and warning found.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    public var issues: [ConfigIssue]
    public init(issues: [ConfigIssue]) { self.issues = issues }
    public var description: String { issues.map(\.description).joined(separator: "\n") }
}
