import TongbanCore

extension AdapterSpec {
    /// One thing wrong with a spec beyond its syntax: the key and the reason.
    public struct Problem: Sendable, Equatable {
        public var key: String
        public var reason: String
        public var isWarning = false

        public init(key: String, reason: String, isWarning: Bool = false) {
            self.key = key
            self.reason = reason
            self.isWarning = isWarning
        }
    }

    /// The gateway variables a mapping may read.
    public static let variables: Set<String> = ["$target.id", "$application.id", "$target.dueDate", "$callback.url", "$application.receivedAt"]

    /// Cross-checks against the reference data and the catalogue: the owner's credit code
    /// and its kind, every reference and table of the mapping, and that the coverage reaches
    /// at least one catalogue item of the service.
    public func problems(regions: RegionTable, catalog: ServiceCatalog) -> [Problem] {
        var out: [Problem] = []
        switch CreditCode.validate(owner.creditCode) {
        case .format?: out.append(.init(key: "owner.creditCode", reason: "not a unified social credit code (18 characters of 0-9 A-Y without I O S V Z)"))
        case .checkCharacter?: out.append(.init(key: "owner.creditCode", reason: "check character is wrong"))
        case nil:
            if let prefix = service.agencyCreditPrefix, !owner.creditCode.hasPrefix(prefix) {
                out.append(.init(key: "owner.creditCode", reason: "a \(service.rawValue) agency's code starts with \(prefix), not \(owner.creditCode.prefix(2))"))
            }
        }
        out += mappingProblems(request.fields, key: "request.fields", base: nil, tables: request.tables) { ref in
            if ref.hasPrefix("$") {
                return Self.variables.contains(ref) ? nil : "unknown variable \(ref); known: \(Self.variables.sorted().joined(separator: ", "))"
            }
            return CanonicalPaths.isKnown(ref) ? nil : "\(ref) is not a field of the canonical application"
        }
        for kind in CitizenAction.Kind.allCases {
            guard let action = action(kind) else { continue }
            out += mappingProblems(action.body.fields, key: "\(kind.rawValue).fields", base: nil, tables: action.body.tables) { ref in
                if ref.hasPrefix("$") {
                    return Self.actionVariables.contains(ref) ? nil
                        : "unknown variable \(ref); known: \(Self.actionVariables.sorted().joined(separator: ", "))"
                }
                return ActionSpec.isDocumentField(ref, of: kind) ? nil
                    : "\(ref) is not a field of the \(kind.rawValue) document (\(ActionSpec.documentFields(of: kind).joined(separator: ", ")))"
            }
        }
        out += coverageProblems(regions: regions, catalog: catalog)
        let mappings = [("request", request)] + CitizenAction.Kind.allCases.compactMap { kind in action(kind).map { (kind.rawValue, $0.body) } }
        for (key, mapping) in mappings {
            let (count, depth) = Self.size(of: mapping.fields)
            if count > Self.maxRules { out.append(.init(key: "\(key).fields", reason: "\(count) rules; at most \(Self.maxRules)")) }
            if depth > Self.maxEachDepth { out.append(.init(key: "\(key).fields", reason: "each rules nest \(depth) deep; at most \(Self.maxEachDepth)")) }
            let entries = mapping.tables.values.reduce(0) { $0 + $1.entries.count }
            if entries > Self.maxTableEntries { out.append(.init(key: "\(key).tables", reason: "\(entries) entries; at most \(Self.maxTableEntries)")) }
        }
        if let callback {
            let optional = [("callback.time", callback.time), ("callback.note", callback.note), ("callback.document", callback.document)]
                .compactMap { key, pointer in pointer.map { (key, $0) } }
            for (key, pointer) in [("callback.eventId", callback.eventId), ("callback.caseRef", callback.caseRef), ("callback.status", callback.status)] + optional
            where !pointer.hasPrefix("/") {
                out.append(.init(key: key, reason: "expected a JSON pointer starting with '/'"))
            }
            if callback.statuses.isEmpty { out.append(.init(key: "callback.statuses", reason: "the status table is empty")) }
        }
        return out
    }

    /// Bounds on what one mapping may hold, so no spec costs much to check or to run.
    public static let maxRules = 1000, maxEachDepth = 4, maxTableEntries = 10_000

    /// The rules of `fields` counted through every `each`, and how deep those nest.
    static func size(of fields: [FieldRule]) -> (count: Int, depth: Int) {
        var count = fields.count, depth = 0
        for rule in fields {
            if case .each(_, let inner) = rule.source {
                let (n, d) = size(of: inner)
                count += n
                depth = max(depth, d + 1)
            }
        }
        return (count, depth)
    }

    /// The gateway variables a cancel or supplement body may read.
    public static let actionVariables: Set<String> = ["$target.id", "$target.caseRef", "$application.id", "$action.id", "$action.requestedAt", "$callback.url"]

    /// `absolute` judges a `$variable` or a `/pointer`; relative references inside `each`
    /// are judged against the element's absolute pointer.
    private func mappingProblems(_ rules: [FieldRule], key: String, base: String?, tables: [String: LookupTable],
                                 absolute: (String) -> String?) -> [Problem] {
        var out: [Problem] = []
        for (i, rule) in rules.enumerated() {
            let at = "\(key)[\(i)]"
            for ref in rule.references {
                if let reason = referenceProblem(ref, base: base, absolute: absolute) { out.append(.init(key: at, reason: reason)) }
            }
            if let table = rule.table, tables[table] == nil {
                out.append(.init(key: "\(at).table", reason: "no table '\(table)' in \(key.split(separator: ".").first ?? "request").tables"))
            }
            // A constant is known now: a table that would refuse it at every delivery is an error today.
            if let name = rule.table, let table = tables[name], case .constant(let text) = rule.source, rule.defaultValue == nil,
               table.lookUp(text) == nil {
                out.append(.init(key: "\(at).table", reason: "table '\(name)' has no entry for the constant '\(text)' and refuses missing values"))
            }
            if let pattern = rule.format, TimePattern.format("2026-01-02", pattern: pattern) == pattern {
                out.append(.init(key: "\(at).format", reason: "'\(pattern)' has none of yyyy MM dd HH mm ss"))
            }
            if case .each(let ref, let fields) = rule.source {
                let element = ref.hasPrefix("/") ? ref + "/0" : (base ?? "") + "/" + ref + "/0"
                out += mappingProblems(fields, key: "\(at).fields", base: element, tables: tables, absolute: absolute)
            }
        }
        return out
    }

    private func referenceProblem(_ ref: String, base: String?, absolute: (String) -> String?) -> String? {
        if ref.hasPrefix("$") || ref.hasPrefix("/") { return absolute(ref) }
        guard let base else { return "relative reference '\(ref)' outside an each rule; start it with '/'" }
        let pointer = ref.isEmpty ? base : base + "/" + ref
        return absolute(pointer) == nil ? nil : "'\(ref)' is not a field of the elements of \(base.dropLast(2))"
    }

    private func coverageProblems(regions: RegionTable, catalog: ServiceCatalog) -> [Problem] {
        var out: [Problem] = []
        for (i, pattern) in coverage.regions.enumerated() where pattern != "*" {
            if !regions.names.keys.contains(where: { AdapterSpec.Coverage(regions: [pattern], items: ["*"]).covers(region: $0, item: "") }) {
                out.append(.init(key: "coverage.regions[\(i)]", reason: "\(pattern) covers no region of regions.yaml"))
            }
        }
        for (i, code) in coverage.items.enumerated() where code != "*" {
            guard let item = catalog[code] else {
                out.append(.init(key: "coverage.items[\(i)]", reason: "\(code) is not in the catalogue"))
                continue
            }
            if !item.services.contains(service) {
                out.append(.init(key: "coverage.items[\(i)]", reason: "item \(code) does not include the \(service.rawValue) service"))
            }
        }
        let reachable = catalog.items.values.contains { item in
            item.services.contains(service) && (coverage.items.contains("*") || coverage.items.contains(item.code))
        }
        if !reachable { out.append(.init(key: "coverage", reason: "no catalogue item of the \(service.rawValue) service is covered: the adapter can never be chosen")) }
        return out
    }
}
