import TongbanCore

/// How the canonical application becomes a back end's request: a list of field rules that
/// build a tree, which a serializer then writes as JSON, XML or form fields.
public struct MappingSpec: Sendable, Decodable, Equatable {
    /// Lookup tables, for example GA/T document-type codes to the back end's codes.
    public var tables: [String: LookupTable]
    public var fields: [FieldRule]

    enum CodingKeys: String, CodingKey, CaseIterable { case tables, fields }

    public init(tables: [String: LookupTable] = [:], fields: [FieldRule]) {
        self.tables = tables
        self.fields = fields
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        tables = try c.decodeIfPresent([String: LookupTable].self, forKey: .tables) ?? [:]
        fields = try c.decode([FieldRule].self, forKey: .fields)
    }
}

/// One field of the back end's request.
///
/// Exactly one source: `from` (a reference), `const` (a literal), `template` (text with
/// `{reference}` placeholders, for concatenation) or `each` (an array built from a canonical
/// array, with `fields` relative to each element). A reference is a JSON pointer into the
/// canonical application (`/applicant/name`), a pointer relative to the element inside
/// `each` (`name`), or a gateway variable (`$target.id`, `$application.id`,
/// `$target.dueDate`, `$callback.url`, `$application.receivedAt`).
public struct FieldRule: Sendable, Decodable, Equatable {
    public enum Source: Sendable, Equatable {
        case reference(String)
        case constant(String)
        case template(String)
        case each(String, [FieldRule])
    }

    /// The type written: `string` (default), `number`, `boolean`, or `raw` (the canonical
    /// value as it is, objects and arrays included).
    public enum ValueType: String, Sendable, CaseIterable { case string, number, boolean, raw }

    /// Dotted path in the output tree (`applicant.name`).
    public var to: [String]
    public var source: Source
    /// A table of `MappingSpec.tables` the value is looked up in.
    public var table: String?
    /// A time or date pattern (`yyyy-MM-dd HH:mm:ss`, `yyyyMMdd`) applied in Beijing time.
    public var format: String?
    /// Used when the reference is absent or empty.
    public var defaultValue: String?
    /// The field is written only when this reference is present and not empty/false.
    public var when: String?
    public var type: ValueType
    /// The field must produce a value (no default, no `when`): a missing value is an error.
    public var required: Bool

    enum CodingKeys: String, CodingKey, CaseIterable {
        case to, from, const, template, each, fields, table, format, type, when, required
        case defaultValue = "default"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        let target = try c.decode(String.self, forKey: .to)
        to = target.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !to.isEmpty, to.allSatisfy({ !$0.isEmpty }) else {
            throw InvalidValueError(path: c.codingPath + [CodingKeys.to], reason: "expected a dotted path such as applicant.name")
        }
        let sources: [CodingKeys] = [.from, .const, .template, .each].filter { c.contains($0) }
        guard sources.count == 1 else {
            throw InvalidValueError(path: c.codingPath, reason: "expected exactly one of from, const, template, each")
        }
        switch sources[0] {
        case .from: source = .reference(try c.decode(String.self, forKey: .from))
        case .const: source = .constant(try c.decodeScalarText(forKey: .const))
        case .template: source = .template(try c.decode(String.self, forKey: .template))
        default: source = .each(try c.decode(String.self, forKey: .each), try c.decode([FieldRule].self, forKey: .fields))
        }
        if case .each = source {} else if c.contains(.fields) {
            throw InvalidValueError(path: c.codingPath + [CodingKeys.fields], reason: "fields belong to an each rule")
        }
        table = try c.decodeIfPresent(String.self, forKey: .table)
        format = try c.decodeIfPresent(String.self, forKey: .format)
        defaultValue = try c.contains(.defaultValue) ? c.decodeScalarText(forKey: .defaultValue) : nil
        when = try c.decodeIfPresent(String.self, forKey: .when)
        type = try c.contains(.type) ? c.decodeWord(ValueType.self, forKey: .type) : .string
        required = try c.decodeIfPresent(Bool.self, forKey: .required) ?? false
    }

    /// Every reference the rule reads (for checking them against the schema).
    public var references: [String] {
        var refs: [String] = []
        switch source {
        case .reference(let r): refs.append(r)
        case .template(let t): refs += Template.references(in: t)
        case .each(let r, _): refs.append(r)
        case .constant: break
        }
        if let when { refs.append(when) }
        return refs
    }
}

extension KeyedDecodingContainer {
    /// A scalar written as a string, number or boolean in YAML, as text.
    func decodeScalarText(forKey key: Key) throws -> String {
        if let text = try? decode(String.self, forKey: key) { return text }
        if let number = try? decode(Int.self, forKey: key) { return String(number) }
        if let number = try? decode(Double.self, forKey: key) { return String(number) }
        if let flag = try? decode(Bool.self, forKey: key) { return flag ? "true" : "false" }
        throw InvalidValueError(path: codingPath + [key], reason: "expected a string, number or boolean")
    }
}

/// `{reference}` placeholders in template text.
enum Template {
    static func references(in text: String) -> [String] {
        var refs: [String] = []
        _ = render(text) { ref in
            refs.append(ref)
            return ""
        }
        return refs
    }

    /// The text with each `{ref}` replaced by `value(ref)`, in one pass.
    static func render(_ text: String, value: (String) -> String) -> String {
        var out = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            out += rest[..<open]
            out += value(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }
}
