import Foundation

/// `KEY=VALUE` files such as `Config/sample.env`: their values fill environment variables
/// that are not set, so a real environment always wins over a sample file. One parser for
/// the gateway, the sandbox, the tests and the benchmarks.
public enum EnvironmentFile {
    /// A line that is not `KEY=VALUE`, a comment or blank.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// The values of the file's text; `name` is used in error messages.
    public static func values(in text: String, name: String) throws(Failure) -> [String: String] {
        var values: [String: String] = [:]
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            guard let equals = trimmed.firstIndex(of: "="), equals != trimmed.startIndex else {
                throw Failure(description: "\(name):\(number + 1): expected KEY=VALUE")
            }
            values[String(trimmed[..<equals])] = String(trimmed[trimmed.index(after: equals)...])
        }
        return values
    }

    /// `environment` with the file at `path` filling what it does not set.
    public static func merged(_ path: String, into environment: [String: String]) throws -> [String: String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw Failure(description: "cannot read env file \(path)")
        }
        return environment.merging(try values(in: text, name: path)) { current, _ in current }
    }
}
