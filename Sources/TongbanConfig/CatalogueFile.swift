import TongbanCore

/// `Config/catalogue.yaml` as written.
struct CatalogueFile: Decodable {
    var items: [CatalogItem]

    enum CodingKeys: String, CodingKey, CaseIterable { case items }
    enum ItemKeys: String, CodingKey, CaseIterable { case code, name, services, timeLimitWorkingDays, applicantKinds, materials }
    enum MaterialKeys: String, CodingKey, CaseIterable { case code, name, required }

    init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        var list = try c.nestedUnkeyedContainer(forKey: .items)
        items = []
        while !list.isAtEnd {
            let item = try list.superDecoder().strictContainer(keyedBy: ItemKeys.self)
            var services: [Service] = []
            var serviceList = try item.nestedUnkeyedContainer(forKey: .services)
            while !serviceList.isAtEnd {
                let word = try serviceList.decode(String.self)
                guard let service = Service(rawValue: word) else {
                    throw InvalidValueError(path: item.codingPath + [ItemKeys.services, AnyKey(intValue: serviceList.currentIndex - 1)!],
                                            reason: "'\(word)' is not a service: \(Service.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                services.append(service)
            }
            var materials: [MaterialRequirement] = []
            if item.contains(.materials) {
                var list = try item.nestedUnkeyedContainer(forKey: .materials)
                while !list.isAtEnd {
                    let m = try list.superDecoder().strictContainer(keyedBy: MaterialKeys.self)
                    materials.append(MaterialRequirement(
                        code: try m.decode(String.self, forKey: .code), name: try m.decode(String.self, forKey: .name),
                        required: try m.decodeIfPresent(Bool.self, forKey: .required) ?? true))
                }
            }
            let kinds = try item.decodeIfPresent([String].self, forKey: .applicantKinds) ?? []
            items.append(CatalogItem(
                code: try item.decode(String.self, forKey: .code),
                name: try item.decode(String.self, forKey: .name),
                services: services,
                timeLimitWorkingDays: try item.decodeInt(forKey: .timeLimitWorkingDays, in: 1...365, default: 0),
                materials: materials,
                applicantKinds: try kinds.enumerated().map { index, word in
                    guard let kind = Party.Kind(rawValue: word) else {
                        throw InvalidValueError(path: item.codingPath + [ItemKeys.applicantKinds, AnyKey(intValue: index)!], reason: "expected person or organization")
                    }
                    return kind
                }))
        }
    }
}

extension ServiceCatalog {
    /// Checks what decoding cannot: duplicates, empty service lists, bundles, item codes.
    static func check(_ items: [CatalogItem], file: String) -> [ConfigIssue] {
        var issues: [ConfigIssue] = []
        var seen: Set<String> = []
        for (i, item) in items.enumerated() {
            let key = "items[\(i)]"
            if !seen.insert(item.code).inserted {
                issues.append(ConfigIssue(file: file, key: "\(key).code", reason: "duplicate item code \(item.code)"))
            }
            if item.services.isEmpty {
                issues.append(ConfigIssue(file: file, key: "\(key).services", reason: "an item needs at least one service"))
            }
            if Set(item.services).count != item.services.count {
                issues.append(ConfigIssue(file: file, key: "\(key).services", reason: "a service is listed twice"))
            }
            if item.timeLimitWorkingDays == 0 {
                issues.append(ConfigIssue(file: file, key: "\(key).timeLimitWorkingDays", reason: "required key is missing"))
            }
            if ItemCode.hasNationalShape(item.code), !ItemCode.creditPartIsValid(item.code) {
                issues.append(ConfigIssue(file: file, key: "\(key).code", reason: "national-shape code whose first 18 characters are not a valid credit code"))
            }
            let codes = item.materials.map(\.code)
            if Set(codes).count != codes.count {
                issues.append(ConfigIssue(file: file, key: "\(key).materials", reason: "a material code is listed twice"))
            }
        }
        return issues
    }
}
