/// The service catalogue (事项目录): which items the gateway accepts, which services each
/// fans out to, the promised time limit and the materials required. Loaded from
/// `Config/catalogue.yaml`.
public struct ServiceCatalog: Sendable {
    public private(set) var items: [String: CatalogItem]

    public init(items: [CatalogItem]) {
        self.items = Dictionary(items.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public subscript(code: String) -> CatalogItem? { items[code] }
}

/// One item of the catalogue.
public struct CatalogItem: Sendable, Equatable {
    /// 实施编码 or a local code.
    public var code: String
    public var name: String
    /// The services the item fans out to: one, or several for a "一件事" bundle.
    public var services: [Service]
    /// 承诺时限 in working days, counted from the working day after receipt.
    public var timeLimitWorkingDays: Int
    /// Materials an applicant hands in.
    public var materials: [MaterialRequirement]
    /// Who may apply; empty means anyone.
    public var applicantKinds: [Party.Kind]

    public init(
        code: String, name: String, services: [Service], timeLimitWorkingDays: Int,
        materials: [MaterialRequirement] = [], applicantKinds: [Party.Kind] = []
    ) {
        self.code = code
        self.name = name
        self.services = services
        self.timeLimitWorkingDays = timeLimitWorkingDays
        self.materials = materials
        self.applicantKinds = applicantKinds
    }

    /// Whether this item fans out to several services (一件事).
    public var isBundle: Bool { services.count > 1 }
}

/// A material an item asks for.
public struct MaterialRequirement: Sendable, Equatable {
    public var code: String
    public var name: String
    public var required: Bool

    public init(code: String, name: String, required: Bool) {
        self.code = code
        self.name = name
        self.required = required
    }
}
