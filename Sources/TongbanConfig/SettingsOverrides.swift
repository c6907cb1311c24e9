import Foundation
import Yams

/// Environment overrides of `tongban.yaml`: every key `section.key` can be set by the
/// variable `TONGBAN_<SECTION>_<KEY>` in upper snake case (`server.port` →
/// `TONGBAN_SERVER_PORT`, `storage.sqlitePath` → `TONGBAN_STORAGE_SQLITE_PATH`). The value is
/// read as YAML would read it, then checked like the file's. Secrets never go here: each
/// secret has its own variable, named in the files.
public enum SettingsOverrides {
    /// Every settings key, as `section.key`.
    public static let keys: [String] = {
        typealias S = GatewaySettings
        let sections: [(String, [String])] = [
            ("server", S.Server.CodingKeys.allCases.map(\.stringValue)),
            ("storage", S.Storage.CodingKeys.allCases.map(\.stringValue)),
            ("limits", S.Limits.CodingKeys.allCases.map(\.stringValue)),
            ("auth", S.Auth.CodingKeys.allCases.map(\.stringValue)),
            ("intake", S.Intake.CodingKeys.allCases.map(\.stringValue)),
            // A list is not a single value: `admin.agencies` is set in the file only.
            ("admin", S.Admin.CodingKeys.allCases.filter { $0 != .agencies }.map(\.stringValue)),
            ("dispatch", S.Dispatch.CodingKeys.allCases.map(\.stringValue)),
            ("notifications", S.Notifications.CodingKeys.allCases.map(\.stringValue)),
            ("adapters", S.AdapterRules.CodingKeys.allCases.filter { $0 != .secrets }.map(\.stringValue)),
            ("egress", S.Egress.CodingKeys.allCases.filter { $0 != .allow }.map(\.stringValue)),
        ]
        return sections.flatMap { section, keys in keys.map { "\(section).\($0)" } }
    }()

    /// The variable that overrides `key` (`section.key`).
    public static func variable(for key: String) -> String {
        "TONGBAN_" + key.split(separator: ".").map { upperSnake(String($0)) }.joined(separator: "_")
    }

    /// `sqlitePath` → `SQLITE_PATH`, `maxJSONDepth` → `MAX_JSON_DEPTH`, `publicBaseURL` → `PUBLIC_BASE_URL`.
    static func upperSnake(_ name: String) -> String {
        let chars = Array(name)
        var out = ""
        for (i, c) in chars.enumerated() {
            if c.isUppercase, i > 0 {
                let previousLower = chars[i - 1].isLowercase
                let nextLower = i + 1 < chars.count && chars[i + 1].isLowercase
                if previousLower || (nextLower && chars[i - 1].isUppercase) { out += "_" }
            }
            out += c.uppercased()
        }
        return out
    }

    /// The overrides set in `environment`, key → (variable, value).
    public static func present(in environment: [String: String]) -> [String: (variable: String, value: String)] {
        var out: [String: (variable: String, value: String)] = [:]
        for key in keys {
            let name = variable(for: key)
            if let value = environment[name] { out[key] = (name, value) }
        }
        return out
    }

    /// Variables that look like overrides (`TONGBAN_<SECTION>_…` of a section other than
    /// `admin`, whose prefix secrets share) but name no key: typos, reported as warnings.
    public static func unknown(in environment: [String: String]) -> [String] {
        let known = Set(keys.map(variable(for:)))
        let prefixes = Set(keys.map { "TONGBAN_" + upperSnake(String($0.split(separator: ".")[0])) + "_" }).subtracting(["TONGBAN_ADMIN_"])
        return environment.keys.filter { name in !known.contains(name) && prefixes.contains { name.hasPrefix($0) } }.sorted()
    }

    /// Keys that say the same thing two ways: overriding one replaces whichever the file wrote
    /// (`TONGBAN_STORAGE_URL` beside a file's `storage.sqlitePath`).
    static let alternatives = ["storage.url": "sqlitePath", "storage.sqlitePath": "url"]

    /// `yaml` (the text of `tongban.yaml`, empty when there is none) with the overrides applied.
    static func apply(_ overrides: [String: (variable: String, value: String)], to yaml: String) throws -> Node {
        var root = try Yams.compose(yaml: yaml) ?? Node.mapping(.init([]))
        if case .scalar = root { return root }  // not a mapping: the decoder names the problem
        for (key, override) in overrides {
            let parts = key.split(separator: ".").map(String.init)
            var section = root[parts[0]] ?? Node.mapping(.init([]))
            section[parts[1]] = Node(override.value, .implicit)
            if let other = alternatives[key], overrides["\(parts[0]).\(other)"] == nil, case .mapping(var mapping) = section {
                mapping[other] = nil  // (a `Node`'s own subscript ignores nil)
                section = .mapping(mapping)
            }
            root[parts[0]] = section
        }
        return root
    }
}
