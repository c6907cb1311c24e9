import TongbanCore

/// `Config/regions.yaml`: GB/T 2260 codes and names.
struct RegionsFile: Decodable {
    var regions: [String: String]

    enum CodingKeys: String, CodingKey, CaseIterable { case regions }
    init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        regions = try c.decode([String: String].self, forKey: .regions)
        if let bad = regions.keys.sorted().first(where: { $0.count != 6 || !$0.allSatisfy(\.isNumber) }) {
            throw InvalidValueError(path: c.codingPath + [CodingKeys.regions, AnyKey(stringValue: bad)], reason: "a region code has 6 digits")
        }
    }
}

/// `Config/document-types.yaml`: GA/T 2000.156 types and vendor code tables.
struct DocumentTypesFile: Decodable {
    var table: DocumentTypeTable

    enum CodingKeys: String, CodingKey, CaseIterable { case types, vendors }
    enum TypeKeys: String, CodingKey, CaseIterable { case code, name, holder, check, pattern }
    enum CheckWord: String, CaseIterable { case residentID = "resident-id", creditCode = "credit-code", pattern, none }

    init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        var list = try c.nestedUnkeyedContainer(forKey: .types)
        var entries: [DocumentTypeTable.Entry] = []
        while !list.isAtEnd {
            let t = try list.superDecoder().strictContainer(keyedBy: TypeKeys.self)
            let code = try t.decode(String.self, forKey: .code)
            guard code.count == 3, code.allSatisfy(\.isNumber) else {
                throw InvalidValueError(path: t.codingPath + [TypeKeys.code], reason: "a GA/T 2000.156 code has 3 digits")
            }
            let check: DocumentTypeTable.Check
            switch try t.decodeWord(CheckWord.self, forKey: .check) {
            case .residentID: check = .residentID
            case .creditCode: check = .creditCode
            case .none: check = .none
            case .pattern:
                let text = try t.decode(String.self, forKey: .pattern)
                guard (try? Regex(text)) != nil else {
                    throw InvalidValueError(path: t.codingPath + [TypeKeys.pattern], reason: "not a valid regular expression")
                }
                check = .pattern(text)
            }
            entries.append(.init(code: code, name: try t.decode(String.self, forKey: .name),
                                 holder: try t.decodeWord(Party.Kind.self, forKey: .holder), check: check))
        }
        let vendors = try c.decodeIfPresent([String: [String: String]].self, forKey: .vendors) ?? [:]
        let known = Set(entries.map(\.code))
        for (vendor, codes) in vendors {
            for (from, to) in codes where !known.contains(to) {
                throw InvalidValueError(path: c.codingPath + [CodingKeys.vendors, AnyKey(stringValue: vendor), AnyKey(stringValue: from)],
                                        reason: "maps to \(to), which is not a listed type")
            }
        }
        table = try DocumentTypeTable(entries: entries, vendors: vendors)
    }
}
