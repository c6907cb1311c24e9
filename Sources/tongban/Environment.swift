import Foundation
import TongbanConfig

/// The process environment, with values from an env file filling the variables that are
/// not set (the real environment always wins, so production secrets are never shadowed).
func environment(envFile: String?) throws -> [String: String] {
    let environment = ProcessInfo.processInfo.environment
    guard let envFile else { return environment }
    do {
        return try EnvironmentFile.merged(envFile, into: environment)
    } catch {
        throw CommandError("\(error)")
    }
}

/// A failure the command reports in one line and exits non-zero for.
struct CommandError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
