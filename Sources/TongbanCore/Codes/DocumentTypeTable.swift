/// GA/T 2000.156 document types and the vendor codes that portals map onto them
/// (DOMAIN 4.3 and 2). Loaded from `Config/document-types.yaml`; kept as data so an
/// operator can correct it.
public struct DocumentTypeTable: Sendable {
    /// One document type.
    public struct Entry: Sendable, Equatable {
        public var code: String
        public var name: String
        /// Whether a person or an organization holds it.
        public var holder: Party.Kind
        /// How the number is checked: a check-digit algorithm, or a format pattern.
        public var check: Check

        public init(code: String, name: String, holder: Party.Kind, check: Check) {
            self.code = code
            self.name = name
            self.holder = holder
            self.check = check
        }
    }

    /// How a document number is checked.
    public enum Check: Sendable, Equatable {
        case residentID
        case creditCode
        /// A whole-string pattern (Swift regex syntax).
        case pattern(String)
        case none
    }

    public private(set) var entries: [String: Entry]
    /// Vendor code tables: vendor name → vendor code → GA/T code.
    public private(set) var vendors: [String: [String: String]]
    /// Pattern texts by code; compiled per match because `Regex` is not `Sendable`
    /// (only types without a check digit use them, so the cost is rare and small).
    private let patterns: [String: String]

    /// Builds the table; fails with the code whose pattern does not compile.
    public init(entries: [Entry], vendors: [String: [String: String]] = [:]) throws {
        self.entries = Dictionary(entries.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        self.vendors = vendors
        var patterns: [String: String] = [:]
        for entry in entries {
            if case .pattern(let text) = entry.check {
                _ = try Regex(text)
                patterns[entry.code] = text
            }
        }
        self.patterns = patterns
    }

    public subscript(code: String) -> Entry? { entries[code] }

    /// Maps a code as the portal sent it to a GA/T code: three-digit GA/T codes pass
    /// through, vendor codes are looked up in the vendor tables in name order.
    public func canonicalCode(for sent: String, vendor: String? = nil) -> String {
        if entries[sent] != nil { return sent }
        if let vendor, let mapped = vendors[vendor]?[sent] { return mapped }
        for name in vendors.keys.sorted() {
            if let mapped = vendors[name]?[sent] { return mapped }
        }
        return sent
    }

    /// Whether `number` passes the format pattern of `code` (true for types without one).
    public func matchesPattern(_ number: String, code: String) -> Bool {
        guard let text = patterns[code], let regex = try? Regex(text) else { return true }
        return (try? regex.wholeMatch(in: number)) != nil
    }
}
