import TongbanAdapters
import TongbanCore

/// Everything the gateway runs on, loaded and checked as one value so a reload can swap
/// it atomically.
public struct GatewayConfiguration: Sendable {
    public var settings: GatewaySettings
    public var portals: [PortalConfig]
    public var catalog: ServiceCatalog
    public var calendar: WorkingCalendar
    public var regions: RegionTable
    public var documentTypes: DocumentTypeTable
    /// The adapters in force: every spec of `Adapters/` plus the coded ones.
    public var adapters: AdapterDirectory
    /// Things worth knowing that do not stop the gateway (a year with no calendar file).
    public var warnings: [ConfigIssue]
    /// Where each adapter's spec came from (coded adapters are absent).
    public var adapterOrigins: [String: AdapterSource.Origin] = [:]
    /// The spec files of `Adapters/` as read at load, and the specs stored through the
    /// admin API: an adapter change rebuilds the set from these without reading the disk.
    public var adapterFiles: [AdapterSource] = []
    public var storedAdapters: [AdapterSource] = []
    /// The adapters folder's name, for issue labels.
    public var adapterFolder = "Adapters"
    /// The environment the secrets were resolved from.
    public var environment: [String: String] = [:]
    /// The warnings that are not about adapters.
    public var baseWarnings: [ConfigIssue] = []
    /// Stored specs that failed their check at load: those adapters are out of force, the
    /// rest serve.
    public var disabledAdapters: [String: DisabledAdapter] = [:]

    public init(
        settings: GatewaySettings, portals: [PortalConfig], catalog: ServiceCatalog, calendar: WorkingCalendar,
        regions: RegionTable, documentTypes: DocumentTypeTable, adapters: AdapterDirectory = AdapterDirectory([]),
        warnings: [ConfigIssue] = []
    ) {
        self.settings = settings
        self.portals = portals
        self.catalog = catalog
        self.calendar = calendar
        self.regions = regions
        self.documentTypes = documentTypes
        self.adapters = adapters
        self.warnings = warnings
    }

    /// The operator's rules for adapter specs, from the settings and the secrets the
    /// portals, agencies and webhooks use.
    public var policy: AdapterPolicy { AdapterPolicy(settings: settings, portals: portals) }

    /// The validator for this configuration's catalogue and reference data.
    public var validator: ApplicationValidator {
        ApplicationValidator(catalog: catalog, documentTypes: documentTypes, regions: regions)
    }
}

/// A stored spec out of force because it fails its check (a variable gone, a grant
/// narrowed): whose it is, where it came from, and why.
public struct DisabledAdapter: Sendable {
    /// The owner's credit code: the spec's own when it still decodes, else the storing
    /// agency's; nil for an undecodable spec the operator stored.
    public var owner: String?
    public var origin: AdapterSource.Origin
    public var problems: [ConfigIssue]

    /// One line for logs and reload answers.
    public func summary(id: String) -> String {
        "adapter \(id) is disabled: " + problems.map(\.description).joined(separator: "; ")
    }
}
