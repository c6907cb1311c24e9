import Foundation

/// A JSON value with ordered object members: the canonical document the mapping reads,
/// and the tree it builds for a serializer (member order is kept as the spec lists it).
public indirect enum JSONValue: Sendable, Equatable {
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

    /// Parses JSON text.
    public static func parse(_ bytes: [UInt8]) throws -> JSONValue {
        try JSONDecoder().decode(Decoded.self, from: Data(bytes)).value
    }

    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// The value at an RFC 6901 pointer (`/applicant/name`, `/materials/0/code`); `""` is the value itself.
    public func resolve(pointer: String) -> JSONValue? {
        guard !pointer.isEmpty else { return self }
        var current = self
        for raw in pointer.split(separator: "/", omittingEmptySubsequences: false).dropFirst() {
            let token = raw.contains("~") ? raw.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~") : String(raw)
            switch current {
            case .object:
                guard let next = current[token] else { return nil }
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

    private struct Decoded: Decodable {
        var value: JSONValue
        // Strings first: most values of a canonical document are strings, and every failed
        // probe costs a thrown error.
        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let text = try? c.decode(String.self) {
                value = .string(text)
            } else if c.decodeNil() {
                value = .null
            } else if let flag = try? c.decode(Bool.self) {
                value = .bool(flag)
            } else if let integer = try? c.decode(Int.self) {
                value = .number(String(integer))
            } else if let number = try? c.decode(Double.self) {
                value = .number(String(number))
            } else if let object = try? decoder.container(keyedBy: AnyCodingKey.self) {
                value = .object(try object.allKeys.sorted { $0.stringValue < $1.stringValue }.map {
                    Member($0.stringValue, try object.decode(Decoded.self, forKey: $0).value)
                })
            } else {
                var array = try decoder.unkeyedContainer()
                var items: [JSONValue] = []
                while !array.isAtEnd { items.append(try array.decode(Decoded.self).value) }
                value = .array(items)
            }
        }
    }

    private struct AnyCodingKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
