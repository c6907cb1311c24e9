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

    /// The validator for this configuration's catalogue and reference data.
    public var validator: ApplicationValidator {
        ApplicationValidator(catalog: catalog, documentTypes: documentTypes, regions: regions)
    }
}
