import Foundation

/// A JSON value with ordered object members: the canonical document the mapping reads,
/// and the tree it builds for a serializer (member order is kept as the spec lists it).
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// A number, kept as its text so no digit is lost.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([Member])

    /// One member of an object.
    public struct Member: Sendable, Equatable {
        public var key: String
        public var value: JSONValue
        public init(_ key: String, _ value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// What escaped characters text may hold.
    public enum TextRule: Sendable {
        /// Whatever RFC 8259 allows.
        case any
        /// No control characters but tab, line feed and carriage return in values, none in
        /// member names: what the gateway takes from portals, back ends' callbacks and admins.
        case printable
    }

    /// Parses JSON text strictly (RFC 8259, no member name twice in one object), keeping
    /// member order and number text.
    public static func parse(_ bytes: [UInt8], text: TextRule = .any) throws(JSONSyntaxError) -> JSONValue {
        try JSONParser.parse(bytes, text: text)
    }

    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// The value at an RFC 6901 pointer (`/applicant/name`, `/materials/0/code`); `""` is the value itself.
    public func resolve(pointer: String) -> JSONValue? {
        resolve(tokens: Self.tokens(of: pointer))
    }

    /// The value at a pointer already split into unescaped reference tokens.
    public func resolve(tokens: [String]) -> JSONValue? {
        var current = self
        for token in tokens {
            switch current {
            case .object(let members):
                guard let next = members.first(where: { $0.key == token })?.value else { return nil }
                current = next
            case .array(let items):
                guard let index = Int(token), items.indices.contains(index) else { return nil }
                current = items[index]
            default:
                return nil
            }
        }
        return current
    }

    /// An RFC 6901 pointer's reference tokens, unescaped (`~1` is `/`, `~0` is `~`).
    public static func tokens(of pointer: String) -> [String] {
        guard !pointer.isEmpty else { return [] }
        return pointer.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map { raw in
            raw.contains("~") ? raw.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~") : String(raw)
        }
    }

    /// The value as text when it is a scalar.
    public var scalarText: String? {
        switch self {
        case .string(let s), .number(let s): s
        case .bool(let b): b ? "true" : "false"
        default: nil
        }
    }

    /// Absent for mapping purposes: null, empty text, false, or an empty array.
    public var isEmpty: Bool {
        switch self {
        case .null: true
        case .string(let s): s.isEmpty
        case .bool(let b): !b
        case .array(let a): a.isEmpty
        default: false
        }
    }
}
