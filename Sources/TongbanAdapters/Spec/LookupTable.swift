import TongbanCore

/// A lookup table of a mapping (GA/T document-type codes to the back end's, matters to its
/// words) and what a value it lacks does. Written either as the plain map, which refuses a
/// missing value:
///
///     zjlx: {"111": "01", "414": "02"}
///
/// or with its rule:
///
///     zjlx: {entries: {"111": "01", "414": "02"}, missing: pass}        # send the value as it is
///     zjlx: {entries: {"111": "01"}, missing: default, default: "99"}   # send "99"
///     zjlx: {entries: {"111": "01"}, missing: refuse}                   # the default
///
/// Refusing fails the delivery permanently, naming the table and the value (a dead letter
/// an operator can replay once the table is fixed); a constant the table lacks is an error
/// when the spec is checked. A field's own `default` still comes first.
public struct LookupTable: Sendable, Decodable, Equatable {
    public enum Missing: Sendable, Equatable {
        case refuse
        case pass
        case useDefault(String)
    }

    public var entries: [String: String]
    public var missing: Missing

    public init(_ entries: [String: String], missing: Missing = .refuse) {
        self.entries = entries
        self.missing = missing
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case entries, missing, `default` }

    public init(from decoder: any Decoder) throws {
        if let plain = try? decoder.singleValueContainer().decode([String: String].self) {
            entries = plain
            missing = .refuse
            return
        }
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        entries = try c.decode([String: String].self, forKey: .entries)
        let fallback = try c.decodeIfPresent(String.self, forKey: .default)
        switch try c.decodeIfPresent(String.self, forKey: .missing) ?? "refuse" {
        case "refuse": missing = .refuse
        case "pass": missing = .pass
        case "default":
            guard let fallback else {
                throw InvalidValueError(path: c.codingPath + [CodingKeys.default], reason: "missing: default needs a default value")
            }
            missing = .useDefault(fallback)
        case let other:
            throw InvalidValueError(path: c.codingPath + [CodingKeys.missing], reason: "expected refuse, pass or default, got '\(other)'")
        }
        if let fallback, missing != .useDefault(fallback) {
            throw InvalidValueError(path: c.codingPath + [CodingKeys.default], reason: "a default is used only with missing: default")
        }
    }

    /// The value for `text`, or nil when the table refuses it.
    public func lookUp(_ text: String) -> String? {
        if let mapped = entries[text] { return mapped }
        switch missing {
        case .refuse: return nil
        case .pass: return text
        case .useDefault(let value): return value
        }
    }
}
