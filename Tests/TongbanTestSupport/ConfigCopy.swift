import Foundation

/// A private copy of the real `Config/` and `Adapters/` for tests that run the binary and
/// change files under it: the specs pointed at a `LiveSandbox`'s ports.
public struct ConfigCopy: Sendable {
    public let config: URL
    public let adapters: URL

    /// Copies into `directory`; `settings` edits `tongban.yaml`.
    public init(in directory: URL, sandbox: LiveSandbox, settings: (String) -> String = { $0 }) throws {
        try self.init(in: directory, ports: sandbox.ports, settings: settings)
    }

    /// The same for back ends on `ports` (adapter id → port), a sandbox process for example.
    public init(in directory: URL, ports: [String: Int], settings: (String) -> String = { $0 }) throws {
        config = directory.appendingPathComponent("Config")
        adapters = directory.appendingPathComponent("Adapters")
        try FileManager.default.copyItem(at: Fixtures.root.appendingPathComponent("Config"), to: config)
        try FileManager.default.createDirectory(at: adapters, withIntermediateDirectories: true)
        let file = config.appendingPathComponent("tongban.yaml")
        try settings(try String(contentsOf: file, encoding: .utf8)).write(to: file, atomically: true, encoding: .utf8)
        for (id, port) in ports {
            try writeSpec(id, try Self.sampleSpec(id, port: port))
        }
    }

    /// The sample spec of `id` with its base URL on `port`.
    public static func sampleSpec(_ id: String, port: Int) throws -> String {
        let spec = try String(contentsOf: Fixtures.root.appendingPathComponent("Adapters/\(id).yaml"), encoding: .utf8)
        return spec.replacingOccurrences(of: #"baseURL: http://127.0.0.1:91\d\d"#, with: "baseURL: http://127.0.0.1:\(port)", options: .regularExpression)
    }

    public func writeSpec(_ name: String, _ text: String) throws {
        try text.write(to: adapters.appendingPathComponent("\(name).yaml"), atomically: true, encoding: .utf8)
    }

    public func editSettings(_ edit: (String) -> String) throws {
        let file = config.appendingPathComponent("tongban.yaml")
        try edit(try String(contentsOf: file, encoding: .utf8)).write(to: file, atomically: true, encoding: .utf8)
    }
}
