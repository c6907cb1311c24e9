import Foundation

/// Writes an `Encodable` value as canonical JSON — what `CanonicalJSON.encoder()` writes,
/// byte for byte (keys in byte order, times as RFC 3339 in Beijing time, no escaped
/// slashes), in a fraction of its time: one tree of members, sorted once, written once.
/// The stored document of every application and its idempotency digest are these bytes,
/// so a test holds them equal to `JSONEncoder`'s for every sample and its variations.
public enum CanonicalWriter {
    /// The canonical JSON of a value whose encoding cannot fail (plain fields, no custom
    /// encoder that throws), as text: receipts, callback answers, portal notifications.
    public static func text(of value: some Encodable) -> String {
        do {
            return String(decoding: try encode(value), as: UTF8.self)
        } catch {
            preconditionFailure("\(type(of: value)) cannot be encoded: \(error)")
        }
    }

    public static func encode(_ value: some Encodable) throws -> [UInt8] {
        let slot = Slot()
        try slot.store(value)
        var out: [UInt8] = []
        out.reserveCapacity(2048)
        write(slot.node ?? .object(ObjectBox()), into: &out)
        return out
    }

    /// A JSON value being built: a string (escaped when written), a number, `true`,
    /// `false` or `null` as its text, an object or an array.
    enum Node {
        case string(String)
        case scalar(String)
        case object(ObjectBox)
        case array(ArrayBox)
    }

    final class ObjectBox {
        var members: [(key: String, value: Node)] = []
    }

    final class ArrayBox {
        var items: [Node] = []
    }

    /// Where one value goes: the node it becomes.
    final class Slot {
        var node: Node?

        func store<T: Encodable>(_ value: T) throws {
            // A metadata comparison, not a cast: this runs for every value of the tree.
            if T.self == Date.self {
                node = .string(RFC3339.format(value as! Date))
            } else {
                try value.encode(to: ValueEncoder(slot: self))
            }
        }

        static func viaFoundation(_ value: some Encodable) throws -> String {
            String(decoding: try CanonicalJSON.encoder().encode([value]).dropFirst().dropLast(), as: UTF8.self)
        }

        var object: ObjectBox {
            if case .object(let box)? = node { return box }
            let box = ObjectBox()
            node = .object(box)
            return box
        }

        var array: ArrayBox {
            if case .array(let box)? = node { return box }
            let box = ArrayBox()
            node = .array(box)
            return box
        }
    }

    static func node(_ value: some Encodable) throws -> Node {
        let slot = Slot()
        try slot.store(value)
        return slot.node ?? .object(ObjectBox())
    }

    static func write(_ node: Node, into out: inout [UInt8]) {
        switch node {
        case .string(let text):
            writeQuoted(text, into: &out)
        case .scalar(let text):
            out.append(contentsOf: text.utf8)
        case .object(let box):
            out.append(UInt8(ascii: "{"))
            let sorted = box.members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            for (i, member) in sorted.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                writeQuoted(member.key, into: &out)
                out.append(UInt8(ascii: ":"))
                write(member.value, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        case .array(let box):
            out.append(UInt8(ascii: "["))
            for (i, item) in box.items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                write(item, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        }
    }

    /// `text` as a JSON string, escaped as `JSONText.quoted` (and `JSONEncoder`) escape it.
    static func writeQuoted(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        if text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            out.append(contentsOf: JSONText.quoted(text).utf8.dropFirst().dropLast())
        } else {
            out.append(contentsOf: text.utf8)
        }
        out.append(UInt8(ascii: "\""))
    }

    struct ValueEncoder: Encoder {
        let slot: Slot
        var codingPath: [any CodingKey] { [] }
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            KeyedEncodingContainer(KeyedWriter<Key>(box: slot.object))
        }
        func unkeyedContainer() -> any UnkeyedEncodingContainer { UnkeyedWriter(box: slot.array) }
        func singleValueContainer() -> any SingleValueEncodingContainer { SingleWriter(slot: slot) }
    }

    struct KeyedWriter<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let box: ObjectBox
        var codingPath: [any CodingKey] { [] }

        private func put(_ key: Key, _ node: Node) { box.members.append((key.stringValue, node)) }

        mutating func encodeNil(forKey key: Key) throws { put(key, .scalar("null")) }
        mutating func encode(_ value: Bool, forKey key: Key) throws { put(key, .scalar(value ? "true" : "false")) }
        mutating func encode(_ value: String, forKey key: Key) throws { put(key, .string(value)) }
        mutating func encode(_ value: Int, forKey key: Key) throws { put(key, .scalar(String(value))) }
        mutating func encode(_ value: Int64, forKey key: Key) throws { put(key, .scalar(String(value))) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { put(key, try CanonicalWriter.node(value)) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            let nested = ObjectBox()
            put(key, .object(nested))
            return KeyedEncodingContainer(KeyedWriter<NestedKey>(box: nested))
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            let nested = ArrayBox()
            put(key, .array(nested))
            return UnkeyedWriter(box: nested)
        }
        mutating func superEncoder() -> any Encoder { superEncoder(forKey: Key(stringValue: "super")!) }
        mutating func superEncoder(forKey key: Key) -> any Encoder {
            let slot = Slot()
            slot.node = .object(ObjectBox())
            put(key, slot.node!)
            return ValueEncoder(slot: slot)
        }
    }

    struct UnkeyedWriter: UnkeyedEncodingContainer {
        let box: ArrayBox
        var codingPath: [any CodingKey] { [] }
        var count: Int { box.items.count }

        mutating func encodeNil() throws { box.items.append(.scalar("null")) }
        mutating func encode(_ value: Bool) throws { box.items.append(.scalar(value ? "true" : "false")) }
        mutating func encode(_ value: String) throws { box.items.append(.string(value)) }
        mutating func encode(_ value: Int) throws { box.items.append(.scalar(String(value))) }
        mutating func encode<T: Encodable>(_ value: T) throws { box.items.append(try CanonicalWriter.node(value)) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            let nested = ObjectBox()
            box.items.append(.object(nested))
            return KeyedEncodingContainer(KeyedWriter<NestedKey>(box: nested))
        }
        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            let nested = ArrayBox()
            box.items.append(.array(nested))
            return UnkeyedWriter(box: nested)
        }
        mutating func superEncoder() -> any Encoder {
            let slot = Slot()
            slot.node = .object(ObjectBox())
            box.items.append(slot.node!)
            return ValueEncoder(slot: slot)
        }
    }

    struct SingleWriter: SingleValueEncodingContainer {
        let slot: Slot
        var codingPath: [any CodingKey] { [] }

        mutating func encodeNil() throws { slot.node = .scalar("null") }
        mutating func encode(_ value: Bool) throws { slot.node = .scalar(value ? "true" : "false") }
        mutating func encode(_ value: String) throws { slot.node = .string(value) }
        // Every number here, so no primitive comes back through the generic `encode`.
        mutating func encode(_ value: Int) throws { slot.node = .scalar(String(value)) }
        mutating func encode(_ value: Int8) throws { slot.node = .scalar(String(value)) }
        mutating func encode(_ value: Int16) throws { slot.node = .scalar(String(value)) }
        mutating func encode(_ value: Int32) throws { slot.node = .scalar(String(value)) }
        mutating func encode(_ value: Int64) throws { slot.node = .scalar(String(value)) }
        mutating func encode(_ value: UInt) throws { slot.node = .scalar(String(value)) }
        mutating func encode(_ value: UInt8) throws { slot.node = .scalar(String(value)) }
        mutating func encode(_ value: UInt16) throws { slot.node = .scalar(String(value)) }
        mutating func encode(_ value: UInt32) throws { slot.node = .scalar(String(value)) }
        mutating func encode(_ value: UInt64) throws { slot.node = .scalar(String(value)) }
        /// Numbers with fractions keep `JSONEncoder`'s own formatting (none in the schema today).
        mutating func encode(_ value: Double) throws { slot.node = .scalar(try Slot.viaFoundation(value)) }
        mutating func encode(_ value: Float) throws { slot.node = .scalar(try Slot.viaFoundation(value)) }
        mutating func encode<T: Encodable>(_ value: T) throws { try slot.store(value) }
    }
}
