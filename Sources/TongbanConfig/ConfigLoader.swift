import Foundation
import TongbanAdapters
import TongbanCore
import Yams

/// Reads a `Config/` directory: every file, every key, cross-references and the portal
/// secrets from the environment. Collects every issue before failing, so `tongban check`
/// can list them all.
public struct ConfigLoader: Sendable {
    public var directory: String
    /// The adapter specs' directory; by default `Adapters/` beside the configuration directory.
    public var adaptersDirectory: String
    public var environment: [String: String]
    /// The year whose calendar must exist (and the next one is looked for too).
    public var currentYear: Int
    /// Adapter specs stored through the admin API; each replaces the file of its id.
    public var storedAdapters: [AdapterSource] = []

    public init(directory: String, adaptersDirectory: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment,
                currentYear: Int? = nil) {
        self.directory = directory
        self.adaptersDirectory = adaptersDirectory
            ?? URL(fileURLWithPath: directory).standardized.deletingLastPathComponent().appendingPathComponent("Adapters").path
        self.environment = environment
        self.currentYear = currentYear ?? BeijingTime.civilDate(of: Date()).year
    }

    /// Loads the configuration, or throws `ConfigError` listing every error (and warnings).
    public func load() throws(ConfigError) -> GatewayConfiguration {
        var issues: [ConfigIssue] = []
        var settings = loadSettings(into: &issues)
        // tongban.yaml or an override of it unreadable: the defaults stand in for it.
        let settingsUnreadable = issues.contains { $0.severity == .error }
        settings.admin.token = environment[settings.admin.tokenEnv].flatMap { $0.count >= 16 ? $0 : nil }
        if let token = environment[settings.admin.tokenEnv], token.count < 16 {
            issues.append(ConfigIssue(file: "tongban.yaml", key: "admin.tokenEnv", reason: "the token in \(settings.admin.tokenEnv) is shorter than 16 characters"))
        }
        resolveAgencyTokens(&settings.admin, into: &issues)
        if let name = settings.admin.metricsTokenEnv {
            settings.admin.metricsToken = environment[name].flatMap { $0.count >= 16 ? $0 : nil }
            if settings.admin.metricsToken == nil {
                issues.append(ConfigIssue(file: "tongban.yaml", key: "admin.metricsTokenEnv", reason: "\(name) must hold a token of at least 16 characters"))
            }
        }
        let portalsFile = decode(PortalsFile.self, "portals.yaml", into: &issues)
        let catalogueFile = decode(CatalogueFile.self, "catalogue.yaml", into: &issues)
        let regionsFile = decode(RegionsFile.self, "regions.yaml", into: &issues)
        let typesFile = decode(DocumentTypesFile.self, "document-types.yaml", into: &issues)
        let calendar = loadCalendar(into: &issues)

        let items = catalogueFile?.items ?? []
        issues += ServiceCatalog.check(items, file: "catalogue.yaml")
        let portals = resolvePortals(portalsFile?.portals.map(\.portal) ?? [], vendors: typesFile?.table.vendors ?? [:], into: &issues)

        let catalog = ServiceCatalog(items: items)
        let regions = RegionTable(names: regionsFile?.regions ?? [:])
        let baseWarnings = issues.filter { $0.severity == .warning }
        var policy = AdapterPolicy(settings: settings, portals: portals)
        // With tongban.yaml unreadable its bindings are unknown: the files' secrets are not
        // held to them, so only the real errors are reported (an invalid file stops a
        // start either way).
        if settingsUnreadable || issues.contains(where: { $0.file == "tongban.yaml" && $0.severity == .error }) {
            policy.rules.allowUnboundFileSecrets = true
        }
        for problem in policy.bindingProblems() {
            issues.append(ConfigIssue(file: "tongban.yaml", key: problem.key, reason: problem.reason))
        }
        let files = readAdapterFiles(into: &issues)
        let folder = (adaptersDirectory as NSString).lastPathComponent
        let (adapters, origins, disabled) = AdapterAssembly.build(files: files, stored: storedAdapters, folder: folder, regions: regions,
                                                                  catalog: catalog, environment: environment, policy: policy, into: &issues)
        issues += AdapterAssembly.uncoveredServices(catalog: catalog, regions: regions, adapters: adapters)

        let errors = issues.filter { $0.severity == .error }
        guard errors.isEmpty, let typesFile, regionsFile != nil else { throw ConfigError(issues: issues) }
        var configuration = GatewayConfiguration(
            settings: settings, portals: portals, catalog: catalog, calendar: calendar,
            regions: regions, documentTypes: typesFile.table, adapters: adapters,
            warnings: issues.filter { $0.severity == .warning })
        configuration.adapterOrigins = origins
        configuration.disabledAdapters = disabled
        configuration.adapterFiles = files
        configuration.storedAdapters = storedAdapters
        configuration.adapterFolder = folder
        configuration.environment = environment
        configuration.baseWarnings = baseWarnings
        return configuration
    }

    /// `tongban.yaml` with the environment's overrides (`SettingsOverrides`); a bad override
    /// is reported under its variable's name.
    private func loadSettings(into issues: inout [ConfigIssue]) -> GatewaySettings {
        let overrides = SettingsOverrides.present(in: environment)
        for name in SettingsOverrides.unknown(in: environment) {
            issues.append(ConfigIssue(file: "environment", key: name, reason: "not a setting; overrides are named like \(SettingsOverrides.variable(for: "server.port"))",
                                      severity: .warning))
        }
        if overrides.isEmpty { return decode(GatewaySettings.self, "tongban.yaml", optional: true, into: &issues) ?? GatewaySettings() }
        let text = FileManager.default.contents(atPath: path("tongban.yaml")).flatMap { String(data: $0, encoding: .utf8) } ?? ""
        do {
            let node = try SettingsOverrides.apply(overrides, to: text)
            return try YAMLDecoder().decode(GatewaySettings.self, from: node)
        } catch {
            var found = issue(for: error, file: "tongban.yaml")
            if let override = overrides[found.key] {
                found.file = "environment"
                found.key = override.variable
                found.reason += " (from \(override.variable)=\(override.value))"
            }
            issues.append(found)
            return GatewaySettings()
        }
    }

    /// Each agency's token from its variable: too short or shared is an error, unset a
    /// warning (that agency cannot sign in).
    private func resolveAgencyTokens(_ admin: inout GatewaySettings.Admin, into issues: inout [ConfigIssue]) {
        var codes = Set<String>(), tokens = Set<String>()
        if let token = admin.token { tokens.insert(token) }
        for i in admin.agencies.indices {
            let agency = admin.agencies[i]
            func report(_ key: String, _ reason: String, _ severity: ConfigIssue.Severity = .error) {
                issues.append(ConfigIssue(file: "tongban.yaml", key: "admin.agencies[\(i)].\(key)", reason: reason, severity: severity))
            }
            if !codes.insert(agency.creditCode).inserted { report("creditCode", "\(agency.creditCode) is listed twice") }
            guard let token = environment[agency.tokenEnv], !token.isEmpty else {
                report("tokenEnv", "environment variable \(agency.tokenEnv) is not set: agency \(agency.creditCode) cannot use the admin API", .warning)
                continue
            }
            if token.count < 16 { report("tokenEnv", "the token in \(agency.tokenEnv) is shorter than 16 characters") }
            else if !tokens.insert(token).inserted { report("tokenEnv", "the token in \(agency.tokenEnv) is already used by the operator or another agency") }
            else { admin.agencies[i].token = token }
        }
    }

    private func path(_ file: String) -> String {
        file.hasPrefix("/") ? file : (directory as NSString).appendingPathComponent(file)
    }

    func decode<T: Decodable>(_ type: T.Type, _ file: String, at location: String? = nil, optional: Bool = false,
                                      into issues: inout [ConfigIssue]) -> T? {
        guard let data = FileManager.default.contents(atPath: location ?? path(file)) else {
            if !optional { issues.append(ConfigIssue(file: file, key: "", reason: "file not found in \(directory)")) }
            return nil
        }
        guard let text = String(data: data, encoding: .utf8) else {
            issues.append(ConfigIssue(file: file, key: "", reason: "not UTF-8 text"))
            return nil
        }
        do {
            return try BoundedYAML.decode(T.self, from: text, bounds: .operatorFile)
        } catch {
            issues.append(issue(for: error, file: file))
        }
        return nil
    }

    private func loadCalendar(into issues: inout [ConfigIssue]) -> WorkingCalendar {
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: path("calendar"))) ?? [])
            .filter { $0.hasSuffix(".yaml") }.sorted()
        var years: [WorkingCalendar.Year] = []
        for name in files {
            guard let file = decode(CalendarFile.self, "calendar/\(name)", into: &issues) else { continue }
            if "\(file.year.year).yaml" != name {
                issues.append(ConfigIssue(file: "calendar/\(name)", key: "year", reason: "the file for \(file.year.year) must be named \(file.year.year).yaml"))
            }
            years.append(file.year)
        }
        let calendar = WorkingCalendar(years: years)
        for year in [currentYear, currentYear + 1] where !calendar.hasTable(for: year) {
            issues.append(ConfigIssue(file: "calendar/\(year).yaml", key: "", reason: "no calendar for \(year): its dates count Monday to Friday, without holidays", severity: .warning))
        }
        return calendar
    }

    private func resolvePortals(_ portals: [PortalConfig], vendors: [String: [String: String]], into issues: inout [ConfigIssue]) -> [PortalConfig] {
        var resolved: [PortalConfig] = []
        var ids: Set<String> = [], paasIDs: Set<String> = [], tokens: Set<String> = []
        for (i, var portal) in portals.enumerated() {
            let key = "portals[\(i)]"
            func fail(_ field: String, _ reason: String) {
                issues.append(ConfigIssue(file: "portals.yaml", key: "\(key).\(field)", reason: reason))
            }
            if !ids.insert(portal.id).inserted { fail("id", "duplicate portal id \(portal.id)") }
            if portal.scheme == .xTif, !paasIDs.insert(portal.paasID).inserted { fail("auth.paasId", "duplicate paasId \(portal.paasID)") }
            if portal.scheme == .signed, !paasIDs.insert("signed:" + portal.paasID).inserted { fail("auth.accessKey", "duplicate accessKey \(portal.paasID)") }
            if let vendor = portal.documentTypeVendor, vendors[vendor] == nil {
                fail("documentTypeVendor", "no vendor '\(vendor)' in document-types.yaml")
            }
            for (field, name) in [("auth.secretEnv", portal.secretEnv), ("auth.previousSecretEnv", portal.previousSecretEnv)] {
                guard let name else { continue }
                guard let secret = environment[name], !secret.isEmpty else {
                    if field == "auth.secretEnv" { fail(field, "environment variable \(name) is not set") }
                    continue
                }
                if secret.count < 16 { fail(field, "the secret in \(name) is shorter than 16 characters") }
                if portal.scheme == .bearer, !tokens.insert(secret).inserted {
                    fail(field, "the token in \(name) is already used by another portal")
                }
                portal.secrets.append(secret)
            }
            if let webhook = portal.webhook {
                if let secret = environment[webhook.secretEnv], !secret.isEmpty {
                    if let key = StandardWebhook.key(fromSecret: secret) {
                        portal.webhook?.key = key
                    } else {
                        fail("webhook.secretEnv", "\(webhook.secretEnv) must be 'whsec_' followed by base64 (Standard Webhooks)")
                    }
                } else {
                    fail("webhook.secretEnv", "environment variable \(webhook.secretEnv) is not set")
                }
            }
            resolved.append(portal)
        }
        return resolved
    }
}
