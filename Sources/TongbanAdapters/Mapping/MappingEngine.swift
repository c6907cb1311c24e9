import TongbanCodecs
import Foundation
import TongbanCore

/// Why a mapping could not build a request. A spec problem or data the back end cannot
/// take; a delivery failing with it is not retried.
public struct MappingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The output field being built (`applicant.certType`).
    public var field: String
    public var reason: String
    public var description: String { "\(field): \(reason)" }
}

/// Runs a `MappingSpec` over a canonical application: one engine for every body format.
public struct MappingEngine: Sendable {
    public let spec: MappingSpec
    /// Every reference the spec makes, split once: a mapping runs once per delivery.
    private let references: [String: Reference]

    public init(spec: MappingSpec) {
        self.spec = spec
        var references: [String: Reference] = [:]
        func collect(_ rules: [FieldRule]) {
            for rule in rules {
                for ref in rule.references { references[ref] = Reference(ref) }
                if case .each(_, let fields) = rule.source { collect(fields) }
            }
        }
        collect(spec.fields)
        self.references = references
    }

    /// A `$variable`, a `/pointer` into the document, or a pointer relative to the `each` element.
    enum Reference: Sendable {
        case variable(String)
        case document([String])
        case element([String])

        init(_ ref: String) {
            if ref.hasPrefix("$") { self = .variable(String(ref.dropFirst())) }
            else if ref.hasPrefix("/") { self = .document(JSONValue.tokens(of: ref)) }
            else { self = .element(ref.isEmpty ? [] : JSONValue.tokens(of: "/" + ref)) }
        }
    }

    /// Builds the request tree. `variables` are the `$name` values (`$target.id`…).
    public func map(_ document: JSONValue, variables: [String: String]) throws(MappingError) -> JSONValue {
        var root = JSONValue.object([])
        try apply(spec.fields, to: &root, document: document, element: nil, variables: variables, prefix: "")
        return root
    }

    private func apply(_ rules: [FieldRule], to root: inout JSONValue, document: JSONValue, element: JSONValue?,
                       variables: [String: String], prefix: String) throws(MappingError) {
        for rule in rules {
            // Only errors and `each` items need the output field's name.
            var name: String { prefix + rule.to.joined(separator: ".") }
            func lookup(_ ref: String) -> JSONValue? {
                switch references[ref] ?? Reference(ref) {
                case .variable(let name): variables[name].map(JSONValue.string)
                case .document(let tokens): document.resolve(tokens: tokens)
                case .element(let tokens): element?.resolve(tokens: tokens)
                }
            }
            if let condition = rule.when, lookup(condition)?.isEmpty ?? true { continue }
            var value: JSONValue
            switch rule.source {
            case .constant(let text):
                value = .string(text)
            case .template(let text):
                value = .string(Template.render(text) { lookup($0)?.scalarText ?? "" })
            case .reference(let ref):
                // false and 0 are values here; only absent, null and empty text are missing.
                guard let found = lookup(ref), found != .null, found != .string("") else {
                    if let fallback = rule.defaultValue { value = .string(fallback); break }
                    if rule.required { throw MappingError(field: name, reason: "no value at \(ref)") }
                    continue
                }
                value = found
            case .each(let ref, let fields):
                guard case .array(let items)? = lookup(ref) else {
                    if rule.required { throw MappingError(field: name, reason: "no array at \(ref)") }
                    continue
                }
                var built: [JSONValue] = []
                for (index, item) in items.enumerated() {
                    var object = JSONValue.object([])
                    try apply(fields, to: &object, document: document, element: item, variables: variables, prefix: "\(name)[\(index)].")
                    built.append(object)
                }
                try Self.set(.array(built), at: rule.to, in: &root, field: name)
                continue
            }
            value = try convert(value, rule: rule, field: name)
            try Self.set(value, at: rule.to, in: &root, field: name)
        }
    }

    private func convert(_ value: JSONValue, rule: FieldRule, field: String) throws(MappingError) -> JSONValue {
        if rule.type == .raw { return value }
        guard var text = value.scalarText else {
            throw MappingError(field: field, reason: "the value is an object or array; use type: raw or each")
        }
        if let table = rule.table {
            guard let entries = spec.tables[table] else { throw MappingError(field: field, reason: "no table '\(table)'") }
            guard let mapped = entries.entries[text] ?? rule.defaultValue ?? entries.lookUp(text) else {
                throw MappingError(field: field, reason: "table '\(table)' has no entry for '\(text)' (it refuses missing values)")
            }
            text = mapped
        }
        if let pattern = rule.format {
            guard let formatted = TimePattern.format(text, pattern: pattern) else {
                throw MappingError(field: field, reason: "'\(text)' is not a time or date to format as \(pattern)")
            }
            text = formatted
        }
        switch rule.type {
        case .string, .raw: return .string(text)
        case .number:
            guard Double(text) != nil else { throw MappingError(field: field, reason: "'\(text)' is not a number") }
            return .number(text)
        case .boolean:
            switch text {
            case "true", "1": return .bool(true)
            case "false", "0": return .bool(false)
            default: throw MappingError(field: field, reason: "'\(text)' is not a boolean")
            }
        }
    }

    /// Sets `value` at a dotted path, creating objects on the way.
    static func set(_ value: JSONValue, at path: [String], in node: inout JSONValue, field: @autoclosure () -> String) throws(MappingError) {
        guard case .object(var members) = node else { throw MappingError(field: field(), reason: "a parent field is not an object") }
        let key = path[0]
        let index = members.firstIndex { $0.key == key }
        if path.count == 1 {
            guard index == nil else { throw MappingError(field: field(), reason: "written twice") }
            members.append(.init(key, value))
        } else {
            var child = index.map { members[$0].value } ?? .object([])
            try set(value, at: Array(path.dropFirst()), in: &child, field: field())
            if let index { members[index].value = child } else { members.append(.init(key, child)) }
        }
        node = .object(members)
    }
}

/// Time and date patterns in specs: `yyyy`, `MM`, `dd`, `HH`, `mm`, `ss`, written in
/// Beijing time. Input is an RFC 3339 time or a `yyyy-MM-dd` date.
public enum TimePattern {
    public static func format(_ text: String, pattern: String) -> String? {
        let day: CivilDate, secondOfDay: Int
        if let date = RFC3339.parse(text) {
            let seconds = Int(date.timeIntervalSince1970.rounded(.down)) + BeijingTime.offsetSeconds
            day = CivilDate(dayNumber: Int((Double(seconds) / 86400).rounded(.down)))
            secondOfDay = seconds - day.dayNumber * 86400
        } else if let date = CivilDate(iso: text) {
            day = date
            secondOfDay = 0
        } else {
            return nil
        }
        let values: [(token: StaticString, width: Int, value: Int)] = [
            ("yyyy", 4, day.year), ("MM", 2, day.month), ("dd", 2, day.day),
            ("HH", 2, secondOfDay / 3600), ("mm", 2, secondOfDay / 60 % 60), ("ss", 2, secondOfDay % 60),
        ]
        // One pass over the pattern's bytes (tokens are ASCII, so other text such as 年月日
        // is copied whole); the digits written never form a token, so this is the same as
        // replacing each token in turn.
        let p = Array(pattern.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(p.count + 4)
        var i = 0
        outer: while i < p.count {
            for entry in values {
                let n = entry.token.utf8CodeUnitCount
                guard i + n <= p.count, (0..<n).allSatisfy({ p[i + $0] == entry.token.utf8Start[$0] }) else { continue }
                var digits = Array(String(entry.value).utf8)
                if digits.count < entry.width { digits.insert(contentsOf: repeatElement(UInt8(ascii: "0"), count: entry.width - digits.count), at: 0) }
                out.append(contentsOf: digits)
                i += n
                continue outer
            }
            out.append(p[i])
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Parses text written in `pattern` (Beijing time) back to an instant.
    public static func parse(_ text: String, pattern: String) -> Date? {
        guard text.count == pattern.count else { return nil }
        var values: [String: Int] = [:]
        let chars = Array(text), tokens = Array(pattern)
        var i = 0
        while i < tokens.count {
            let rest = String(tokens[i...])
            if let token = ["yyyy", "MM", "dd", "HH", "mm", "ss"].first(where: { rest.hasPrefix($0) }) {
                guard let value = Int(String(chars[i..<i + token.count])) else { return nil }
                values[token] = value
                i += token.count
            } else {
                guard chars[i] == tokens[i] else { return nil }
                i += 1
            }
        }
        guard let day = CivilDate(year: values["yyyy"] ?? 0, month: values["MM"] ?? 0, day: values["dd"] ?? 0) else { return nil }
        let seconds = day.dayNumber * 86400 + (values["HH"] ?? 0) * 3600 + (values["mm"] ?? 0) * 60 + (values["ss"] ?? 0) - BeijingTime.offsetSeconds
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }
}
