import Foundation
import TongbanCore

/// A `Decoder` over the strict parser's tree: the fast path for request bodies. It accepts
/// less than `JSONDecoder` on purpose — only plain integers for integer fields, no
/// duplicate keys, no fractional numbers at all — and throws at the first doubt, so its
/// caller can hand the body to `JSONDecoder` (`CanonicalJSON.decoder()`), whose errors
/// are the ones people see. Where both succeed they give equal values (a test holds them
/// to it); times are RFC 3339, as `CanonicalJSON` reads them.
public enum TreeDecoder {
    /// Why the fast path gave up; never shown to anyone.
    struct GaveUp: Error {}

    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        guard let tree = try? JSONParser.parse(bytes) else { throw GaveUp() }
        return try value(T.self, from: tree)
    }

    /// The same over a tree the caller has parsed already.
    public static func decode<T: Decodable>(_ type: T.Type, from tree: JSONValue) throws -> T {
        try value(T.self, from: tree)
    }

    static func value<T: Decodable>(_ type: T.Type, from node: JSONValue) throws -> T {
        if T.self == Date.self {
            guard case .string(let text) = node, let date = RFC3339.parse(text) else { throw GaveUp() }
            return date as! T
        }
        return try T(from: NodeDecoder(node: node))
    }

    struct NodeDecoder: Decoder {
        let node: JSONValue
        var codingPath: [any CodingKey] { [] }
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
            guard case .object(let members) = node else { throw GaveUp() }
            return KeyedDecodingContainer(try Keyed<Key>(members))
        }
        func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
            guard case .array(let items) = node else { throw GaveUp() }
            return Unkeyed(items: items)
        }
        func singleValueContainer() throws -> any SingleValueDecodingContainer { Single(node: node) }
    }

    static func string(_ node: JSONValue) throws -> String {
        guard case .string(let text) = node else { throw GaveUp() }
        return text
    }

    static func bool(_ node: JSONValue) throws -> Bool {
        guard case .bool(let value) = node else { throw GaveUp() }
        return value
    }

    /// Plain integer text only (`-?[0-9]+`), in range.
    static func integer<I: FixedWidthInteger>(_ node: JSONValue) throws -> I {
        guard case .number(let text) = node, !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }), let value = I(text) else { throw GaveUp() }
        return value
    }

    struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let members: [String: JSONValue]
        var codingPath: [any CodingKey] { [] }

        init(_ list: [JSONValue.Member]) throws {
            var members: [String: JSONValue] = [:]
            members.reserveCapacity(list.count)
            for member in list where members.updateValue(member.value, forKey: member.key) != nil { throw GaveUp() }
            self.members = members
        }

        var allKeys: [Key] { members.keys.compactMap { Key(stringValue: $0) } }
        func contains(_ key: Key) -> Bool { members[key.stringValue] != nil }
        private func node(_ key: Key) throws -> JSONValue {
            guard let node = members[key.stringValue] else { throw GaveUp() }
            return node
        }

        func decodeNil(forKey key: Key) throws -> Bool { try node(key) == .null }
        func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try TreeDecoder.bool(node(key)) }
        func decode(_ type: String.Type, forKey key: Key) throws -> String { try TreeDecoder.string(node(key)) }
        func decode(_ type: Double.Type, forKey key: Key) throws -> Double { throw GaveUp() }
        func decode(_ type: Float.Type, forKey key: Key) throws -> Float { throw GaveUp() }
        func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try TreeDecoder.integer(node(key)) }
        func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try TreeDecoder.integer(node(key)) }
        func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try TreeDecoder.integer(node(key)) }
        func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try TreeDecoder.integer(node(key)) }
        func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try TreeDecoder.integer(node(key)) }
        func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try TreeDecoder.integer(node(key)) }
        func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try TreeDecoder.integer(node(key)) }
        func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try TreeDecoder.integer(node(key)) }
        func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try TreeDecoder.integer(node(key)) }
        func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try TreeDecoder.integer(node(key)) }
        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try TreeDecoder.value(T.self, from: node(key)) }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
            try NodeDecoder(node: node(key)).container(keyedBy: type)
        }
        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { try NodeDecoder(node: node(key)).unkeyedContainer() }
        func superDecoder() throws -> any Decoder { throw GaveUp() }
        func superDecoder(forKey key: Key) throws -> any Decoder { throw GaveUp() }
    }

    struct Unkeyed: UnkeyedDecodingContainer {
        let items: [JSONValue]
        var currentIndex = 0
        var codingPath: [any CodingKey] { [] }
        var count: Int? { items.count }
        var isAtEnd: Bool { currentIndex >= items.count }

        private mutating func next() throws -> JSONValue {
            guard !isAtEnd else { throw GaveUp() }
            defer { currentIndex += 1 }
            return items[currentIndex]
        }

        mutating func decodeNil() throws -> Bool {
            guard !isAtEnd else { throw GaveUp() }
            if items[currentIndex] == .null { currentIndex += 1; return true }
            return false
        }
        mutating func decode(_ type: Bool.Type) throws -> Bool { try TreeDecoder.bool(next()) }
        mutating func decode(_ type: String.Type) throws -> String { try TreeDecoder.string(next()) }
        mutating func decode(_ type: Double.Type) throws -> Double { throw GaveUp() }
        mutating func decode(_ type: Float.Type) throws -> Float { throw GaveUp() }
        mutating func decode(_ type: Int.Type) throws -> Int { try TreeDecoder.integer(next()) }
        mutating func decode(_ type: Int8.Type) throws -> Int8 { try TreeDecoder.integer(next()) }
        mutating func decode(_ type: Int16.Type) throws -> Int16 { try TreeDecoder.integer(next()) }
        mutating func decode(_ type: Int32.Type) throws -> Int32 { try TreeDecoder.integer(next()) }
        mutating func decode(_ type: Int64.Type) throws -> Int64 { try TreeDecoder.integer(next()) }
        mutating func decode(_ type: UInt.Type) throws -> UInt { try TreeDecoder.integer(next()) }
        mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try TreeDecoder.integer(next()) }
        mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try TreeDecoder.integer(next()) }
        mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try TreeDecoder.integer(next()) }
        mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try TreeDecoder.integer(next()) }
        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try TreeDecoder.value(T.self, from: next()) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
            try NodeDecoder(node: next()).container(keyedBy: type)
        }
        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try NodeDecoder(node: next()).unkeyedContainer() }
        mutating func superDecoder() throws -> any Decoder { throw GaveUp() }
    }

    struct Single: SingleValueDecodingContainer {
        let node: JSONValue
        var codingPath: [any CodingKey] { [] }

        func decodeNil() -> Bool { node == .null }
        func decode(_ type: Bool.Type) throws -> Bool { try TreeDecoder.bool(node) }
        func decode(_ type: String.Type) throws -> String { try TreeDecoder.string(node) }
        func decode(_ type: Double.Type) throws -> Double { throw GaveUp() }
        func decode(_ type: Float.Type) throws -> Float { throw GaveUp() }
        func decode(_ type: Int.Type) throws -> Int { try TreeDecoder.integer(node) }
        func decode(_ type: Int8.Type) throws -> Int8 { try TreeDecoder.integer(node) }
        func decode(_ type: Int16.Type) throws -> Int16 { try TreeDecoder.integer(node) }
        func decode(_ type: Int32.Type) throws -> Int32 { try TreeDecoder.integer(node) }
        func decode(_ type: Int64.Type) throws -> Int64 { try TreeDecoder.integer(node) }
        func decode(_ type: UInt.Type) throws -> UInt { try TreeDecoder.integer(node) }
        func decode(_ type: UInt8.Type) throws -> UInt8 { try TreeDecoder.integer(node) }
        func decode(_ type: UInt16.Type) throws -> UInt16 { try TreeDecoder.integer(node) }
        func decode(_ type: UInt32.Type) throws -> UInt32 { try TreeDecoder.integer(node) }
        func decode(_ type: UInt64.Type) throws -> UInt64 { try TreeDecoder.integer(node) }
        func decode<T: Decodable>(_ type: T.Type) throws -> T { try TreeDecoder.value(T.self, from: node) }
    }
}
