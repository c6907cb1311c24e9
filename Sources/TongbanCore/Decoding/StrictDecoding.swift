/// Strict decoding for configuration documents (gateway settings, catalogue, adapter
/// specs): unknown keys are errors, words and ranges are checked with precise reasons.
/// A coding key for any string, to list the keys a document really has.
public struct AnyKey: CodingKey {
    public var stringValue: String
    public var intValue: Int?
    public init(stringValue: String) { self.stringValue = stringValue }
    public init?(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }
}

/// A key the configuration type does not know: almost always a typo, so it is an error.
public struct UnknownKeyError: Error {
    public var path: [any CodingKey]
    public init(path: [any CodingKey]) { self.path = path }
}

/// A value that decoded but is not acceptable (a port of 0, an unknown enum word).
public struct InvalidValueError: Error {
    public var path: [any CodingKey]
    public var reason: String
    public init(path: [any CodingKey], reason: String) {
        self.path = path
        self.reason = reason
    }
}

extension Decoder {
    /// A keyed container that first refuses keys outside `K`.
    public func strictContainer<K: CodingKey & CaseIterable>(keyedBy type: K.Type) throws -> KeyedDecodingContainer<K> {
        let any = try container(keyedBy: AnyKey.self)
        let known = Set(K.allCases.map(\.stringValue))
        if let unknown = any.allKeys.first(where: { !known.contains($0.stringValue) }) {
            throw UnknownKeyError(path: codingPath + [unknown])
        }
        return try container(keyedBy: K.self)
    }
}

/// Renders a coding path as `portals[0].auth.scheme`.
public func dottedPath(_ path: [any CodingKey]) -> String {
    var out = ""
    for key in path {
        if let index = key.intValue {
            out += "[\(index)]"
        } else {
            out += out.isEmpty ? key.stringValue : ".\(key.stringValue)"
        }
    }
    return out
}

extension KeyedDecodingContainer {
    /// Decodes a raw-representable word, naming the allowed words when it is not one of them.
    public func decodeWord<T: RawRepresentable & CaseIterable>(_ type: T.Type, forKey key: Key) throws -> T where T.RawValue == String {
        let word = try decode(String.self, forKey: key)
        guard let value = T(rawValue: word) else {
            let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
            throw InvalidValueError(path: codingPath + [key], reason: "'\(word)' is not one of: \(allowed)")
        }
        return value
    }

    /// An integer in `range`, or `fallback` when absent.
    public func decodeInt(forKey key: Key, in range: ClosedRange<Int>, default fallback: Int) throws -> Int {
        guard let value = try decodeIfPresent(Int.self, forKey: key) else { return fallback }
        guard range.contains(value) else {
            throw InvalidValueError(path: codingPath + [key], reason: "expected an integer from \(range.lowerBound) to \(range.upperBound), got \(value)")
        }
        return value
    }
}
