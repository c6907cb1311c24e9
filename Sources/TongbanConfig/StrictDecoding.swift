import Yams

/// A coding key for any string, to list the keys a document really has.
struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }
}

/// A key the configuration type does not know: almost always a typo, so it is an error.
struct UnknownKeyError: Error {
    var path: [any CodingKey]
}

/// A value that decoded but is not acceptable (a port of 0, an unknown enum word).
struct InvalidValueError: Error {
    var path: [any CodingKey]
    var reason: String
}

extension Decoder {
    /// A keyed container that first refuses keys outside `K`.
    func strictContainer<K: CodingKey & CaseIterable>(keyedBy type: K.Type) throws -> KeyedDecodingContainer<K> {
        let any = try container(keyedBy: AnyKey.self)
        let known = Set(K.allCases.map(\.stringValue))
        if let unknown = any.allKeys.first(where: { !known.contains($0.stringValue) }) {
            throw UnknownKeyError(path: codingPath + [unknown])
        }
        return try container(keyedBy: K.self)
    }
}

/// Renders a coding path as `portals[0].auth.scheme`.
func dottedPath(_ path: [any CodingKey]) -> String {
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

/// A config issue for any error thrown while decoding `file`.
func issue(for error: any Error, file: String) -> ConfigIssue {
    switch error {
    case let e as UnknownKeyError:
        return ConfigIssue(file: file, key: dottedPath(e.path), reason: "unknown key")
    case let e as InvalidValueError:
        return ConfigIssue(file: file, key: dottedPath(e.path), reason: e.reason)
    case DecodingError.keyNotFound(let key, let context):
        return ConfigIssue(file: file, key: dottedPath(context.codingPath + [key]), reason: "required key is missing")
    case DecodingError.typeMismatch(let type, let context):
        return ConfigIssue(file: file, key: dottedPath(context.codingPath), reason: "expected \(describe(type))")
    case DecodingError.valueNotFound(let type, let context):
        return ConfigIssue(file: file, key: dottedPath(context.codingPath), reason: "expected \(describe(type)), found null")
    case DecodingError.dataCorrupted(let context) where context.underlyingError != nil:
        // Yams wraps what a type's init(from:) throws, and its own parse errors, this way.
        return issue(for: context.underlyingError!, file: file)
    case let error as YamlError:
        return ConfigIssue(file: file, key: "", reason: "not valid YAML: \(error)")
    case DecodingError.dataCorrupted(let context):
        return ConfigIssue(file: file, key: dottedPath(context.codingPath), reason: context.debugDescription)
    default:
        return ConfigIssue(file: file, key: "", reason: "\(error)")
    }
}

private func describe(_ type: Any.Type) -> String {
    switch type {
    case is String.Type: return "a string"
    case is Int.Type: return "an integer"
    case is Bool.Type: return "true or false"
    case is Double.Type: return "a number"
    default:
        let name = String(describing: type)
        if name.hasPrefix("Array") { return "a list" }
        if name.hasPrefix("Dictionary") { return "a mapping" }
        return name
    }
}

extension KeyedDecodingContainer {
    /// Decodes a raw-representable word, naming the allowed words when it is not one of them.
    func decodeWord<T: RawRepresentable & CaseIterable>(_ type: T.Type, forKey key: Key) throws -> T where T.RawValue == String {
        let word = try decode(String.self, forKey: key)
        guard let value = T(rawValue: word) else {
            let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
            throw InvalidValueError(path: codingPath + [key], reason: "'\(word)' is not one of: \(allowed)")
        }
        return value
    }

    /// An integer in `range`, or `fallback` when absent.
    func decodeInt(forKey key: Key, in range: ClosedRange<Int>, default fallback: Int) throws -> Int {
        guard let value = try decodeIfPresent(Int.self, forKey: key) else { return fallback }
        guard range.contains(value) else {
            throw InvalidValueError(path: codingPath + [key], reason: "expected an integer from \(range.lowerBound) to \(range.upperBound), got \(value)")
        }
        return value
    }
}
