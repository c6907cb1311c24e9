import Foundation

/// The process environment, with values from an env file filling the variables that are
/// not set (the real environment always wins, so production secrets are never shadowed).
func environment(envFile: String?) throws -> [String: String] {
    var environment = ProcessInfo.processInfo.environment
    guard let envFile else { return environment }
    guard let text = try? String(contentsOfFile: envFile, encoding: .utf8) else {
        throw CommandError("cannot read env file \(envFile)")
    }
    for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
        guard let equals = trimmed.firstIndex(of: "="), equals != trimmed.startIndex else {
            throw CommandError("\(envFile):\(number + 1): expected KEY=VALUE")
        }
        let key = String(trimmed[..<equals])
        if environment[key] == nil { environment[key] = String(trimmed[trimmed.index(after: equals)...]) }
    }
    return environment
}

/// A failure the command reports in one line and exits non-zero for.
struct CommandError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
