/// A text with `{placeholders}`: a string to sign or a header value of a signing scheme.
/// Literal text is copied as it is (YAML's double-quoted `"\n"` gives a newline); each
/// placeholder names one value of the request being signed.
public struct SigningTemplate: Sendable, Equatable, CustomStringConvertible {
    /// The values a template may name.
    public enum Field: String, Sendable, CaseIterable {
        /// `POST`.
        case method
        /// The request path as sent, without the query.
        case path
        /// The query string as sent (empty when there is none).
        case query
        /// The signing time, written in the scheme's timestamp form.
        case timestamp
        /// A fresh random value per request (32 hex digits).
        case nonce
        /// The body's bytes exactly as sent.
        case body
        /// The body digest, written in the scheme's digest form (`sha-256=:…:` for RFC 9530).
        case digest
        /// The secret itself (plain-hash schemes such as x-tif, and bearer tokens).
        case secret
        /// The spec's `accessKey` and `paasId`, sent in the clear.
        case accessKey, paasId
        /// The signature (header values only).
        case signature
    }

    public enum Part: Sendable, Equatable {
        case literal([UInt8])
        case field(Field)
    }

    public let parts: [Part]
    public let text: String
    public var description: String { text }

    /// Why a template cannot be used.
    public struct Invalid: Error, Equatable, CustomStringConvertible {
        public var reason: String
        public var description: String { reason }
    }

    public init(_ text: String) throws(Invalid) {
        self.text = text
        var parts: [Part] = []
        var literal: [UInt8] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            literal += Array(rest[..<open].utf8)
            guard let close = rest[open...].firstIndex(of: "}") else { throw Invalid(reason: "unclosed '{' in \"\(text)\"") }
            let name = String(rest[rest.index(after: open)..<close])
            guard let field = Field(rawValue: name) else {
                throw Invalid(reason: "unknown placeholder {\(name)}; known: \(Field.allCases.map { "{\($0.rawValue)}" }.joined(separator: ", "))")
            }
            if !literal.isEmpty { parts.append(.literal(literal)) }
            literal = []
            parts.append(.field(field))
            rest = rest[rest.index(after: close)...]
        }
        guard !rest.contains("}") else { throw Invalid(reason: "a '}' without '{' in \"\(text)\"") }
        literal += Array(rest.utf8)
        if !literal.isEmpty { parts.append(.literal(literal)) }
        self.parts = parts
    }

    /// The fields it names.
    public var fields: Set<Field> {
        Set(parts.compactMap { if case .field(let f) = $0 { f } else { nil } })
    }

    public func uses(_ field: Field) -> Bool { fields.contains(field) }

    /// The bytes, each placeholder replaced by `value(field)`.
    public func render(_ value: (Field) -> [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        for part in parts {
            switch part {
            case .literal(let bytes): out += bytes
            case .field(let field): out += value(field)
            }
        }
        return out
    }

    /// For a template holding `field` once and no other placeholder: the value `field`
    /// takes in `text` (the literal text around it must match); nil when it does not fit.
    public func extract(_ field: Field, from text: String) -> String? {
        var prefix: [UInt8] = [], suffix: [UInt8] = [], seen = false
        for part in parts {
            switch part {
            case .literal(let bytes): if seen { suffix += bytes } else { prefix += bytes }
            case .field(let f):
                guard f == field, !seen else { return nil }
                seen = true
            }
        }
        let bytes = Array(text.utf8)
        guard seen, bytes.count >= prefix.count + suffix.count, bytes.starts(with: prefix), bytes.reversed().starts(with: suffix.reversed()) else {
            return nil
        }
        return String(decoding: bytes[prefix.count..<(bytes.count - suffix.count)], as: UTF8.self)
    }
}
