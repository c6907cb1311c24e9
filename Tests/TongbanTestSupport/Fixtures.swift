import Foundation
import TongbanConfig

/// Files of the repository that tests share with the demo and the benchmarks.
public enum Fixtures {
    /// The repository root, found from this source file's location.
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static var configDirectory: String { root.appendingPathComponent("Config").path }

    /// A sample application: `canonical/notary-will.json`, `yiwang/bundle-unpaid-wages.json`…
    public static func application(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: root.appendingPathComponent("Tests/Fixtures/applications/\(name)")))
    }

    /// The names of every canonical sample.
    public static func canonicalNames() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("Tests/Fixtures/applications/canonical").path)
            .filter { $0.hasSuffix(".json") }.sorted().map { "canonical/\($0)" }
    }

    /// A sample as a mutable JSON object, for tests that change one field.
    public static func object(_ name: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(application(name))) as! [String: Any]
    }

    /// Serializes a JSON object back to bytes.
    public static func bytes(_ object: Any) throws -> [UInt8] {
        Array(try JSONSerialization.data(withJSONObject: object))
    }

    /// The sample secrets of `Config/sample.env`, as an environment.
    public static func sampleEnvironment() throws -> [String: String] {
        try EnvironmentFile.merged(root.appendingPathComponent("Config/sample.env").path, into: [:])
    }

    /// The repository's `Config/` loaded with the sample secrets.
    public static func configuration() throws -> GatewayConfiguration {
        try ConfigLoader(directory: configDirectory, environment: sampleEnvironment()).load()
    }
}

extension Dictionary where Key == String, Value == Any {
    /// Sets a value at a path of keys and array indexes, creating nothing: the path must exist
    /// up to its last component.
    public mutating func set(_ path: [Any], _ value: Any?) {
        self = Self.setting(self, path[...], value) as! [String: Any]
    }

    private static func setting(_ node: Any, _ path: ArraySlice<Any>, _ value: Any?) -> Any {
        guard let head = path.first else { return value as Any }
        if let key = head as? String, var object = node as? [String: Any] {
            if path.count == 1 { object[key] = value } else { object[key] = setting(object[key] as Any, path.dropFirst(), value) }
            return object
        }
        if let index = head as? Int, var array = node as? [Any] {
            if path.count == 1, value == nil { array.remove(at: index) } else { array[index] = setting(array[index], path.dropFirst(), value) }
            return array
        }
        preconditionFailure("path \(path) does not exist")
    }
}
