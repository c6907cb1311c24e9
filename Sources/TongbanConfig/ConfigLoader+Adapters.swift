import Foundation
import TongbanAdapters
import TongbanCore
import Yams

/// An adapter spec's text and where it came from: a file of `Adapters/`, or a version an
/// agency or operator stored through the admin API, which takes precedence over a file
/// with the same id.
public struct AdapterSource: Sendable, Equatable {
    public enum Origin: Sendable, Equatable {
        /// `Adapters/<name>`.
        case file(name: String)
        /// Version `version` of `adapterId`, stored through `PUT /admin/v1/adapters/{id}`.
        case stored(adapterId: String, version: Int)
    }

    public var text: String
    public var origin: Origin
    /// Who wrote it: the operator for a file, else whoever stored it.
    public var author: SpecAuthor

    public init(text: String, origin: Origin, author: SpecAuthor? = nil) {
        self.text = text
        self.origin = origin
        if case .file = origin { self.author = .operatorFile } else { self.author = author ?? .operatorAPI }
    }
}

extension ConfigLoader {
    /// The text of every `*.yaml` of the adapters directory, in name order.
    func readAdapterFiles(into issues: inout [ConfigIssue]) -> [AdapterSource] {
        let folder = (adaptersDirectory as NSString).lastPathComponent
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: adaptersDirectory)) ?? [])
            .filter { $0.hasSuffix(".yaml") }.sorted()
        return names.compactMap { name in
            let location = (adaptersDirectory as NSString).appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: location), let text = String(data: data, encoding: .utf8) else {
                issues.append(ConfigIssue(file: "\(folder)/\(name)", key: "", reason: "cannot be read as UTF-8 text"))
                return nil
            }
            return AdapterSource(text: text, origin: .file(name: name))
        }
    }
}

/// Turns adapter spec texts into the adapters in force: each spec decoded strictly,
/// checked against the reference data and catalogue, its secrets resolved from the
/// environment; then the coded adapters added.
public enum AdapterAssembly {
    /// The adapters of `files` and `stored` (a stored spec replaces the file of the same
    /// id), where each came from, and every issue found.
    static func build(files: [AdapterSource], stored: [AdapterSource], folder: String, regions: RegionTable, catalog: ServiceCatalog,
                      environment: [String: String], policy: AdapterPolicy,
                      into issues: inout [ConfigIssue]) -> (AdapterDirectory, [String: AdapterSource.Origin], [String: DisabledAdapter]) {
        var adapters: [any Adapter] = []
        var origins: [String: AdapterSource.Origin] = [:]
        var ids = Set(CodedAdapters.all.map(\.id))
        var storedIds = Set<String>()
        // A stored spec that fails (a variable gone, a grant narrowed) disables its own
        // adapter only: the gateway starts and serves the rest.
        var disabled: [String: DisabledAdapter] = [:]
        for source in stored {
            let file = label(source, folder: folder)
            guard case .stored(let id, _) = source.origin else { continue }
            storedIds.insert(id)
            let (spec, adapter, found) = check(text: source.text, label: file, regions: regions, catalog: catalog, environment: environment,
                                               policy: policy, author: source.author)
            var problems = found.filter { $0.severity == .error }
            issues += found.filter { $0.severity == .warning }
            if let adapter, id != adapter.id {
                problems.append(ConfigIssue(file: file, key: "id", reason: "stored as adapter \(id) but its id is \(adapter.id)"))
            } else if adapter != nil, !ids.insert(id).inserted {
                problems.append(ConfigIssue(file: file, key: "id", reason: "another adapter already has id \(id)"))
            }
            guard let adapter, problems.isEmpty else {
                let author: String? = if case .agency(let code) = source.author { code } else { nil }
                disabled[id] = DisabledAdapter(owner: spec?.owner.creditCode ?? author, origin: source.origin, problems: problems)
                continue
            }
            adapters.append(adapter)
            origins[adapter.id] = source.origin
        }
        for source in files {
            let file = label(source, folder: folder)
            let (_, adapter, found) = check(text: source.text, label: file, regions: regions, catalog: catalog, environment: environment,
                                            policy: policy, author: .operatorFile)
            if let adapter, storedIds.contains(adapter.id) { continue }
            issues += found
            guard let adapter else { continue }
            if case .file(let name) = source.origin, name != "\(adapter.id).yaml" {
                issues.append(ConfigIssue(file: file, key: "id", reason: "the spec with id \(adapter.id) must be in \(adapter.id).yaml"))
                continue
            }
            if !ids.insert(adapter.id).inserted {
                issues.append(ConfigIssue(file: file, key: "id", reason: "another adapter already has id \(adapter.id)"))
                continue
            }
            adapters.append(adapter)
            origins[adapter.id] = source.origin
        }
        return (AdapterDirectory(adapters + CodedAdapters.all), origins, disabled)
    }

    /// One spec text, checked as a file would be: the decoded spec when it decodes (its
    /// owner decides who may store it), the adapter when it has no error, and every issue
    /// (warnings too) under `label`.
    public static func check(text: String, label: String, regions: RegionTable, catalog: ServiceCatalog, environment: [String: String],
                             policy: AdapterPolicy, author: SpecAuthor) -> (spec: AdapterSpec?, adapter: DeclarativeAdapter?, issues: [ConfigIssue]) {
        let spec: AdapterSpec
        do {
            spec = try BoundedYAML.decode(AdapterSpec.self, from: text, bounds: .spec(maxBytes: policy.rules.maxSpecBytes))
        } catch {
            return (nil, nil, [issue(for: error, file: label)])
        }
        var issues: [ConfigIssue] = []
        for problem in spec.problems(regions: regions, catalog: catalog) + policy.problems(spec, author: author) {
            issues.append(ConfigIssue(file: label, key: problem.key, reason: problem.reason, severity: problem.isWarning ? .warning : .error))
        }
        func secret(_ auth: AuthSpec, key: String) -> String {
            guard let name = auth.secretEnv else { return "" }
            guard let value = environment[name], !value.isEmpty else {
                issues.append(ConfigIssue(file: label, key: key, reason: "environment variable \(name) is not set"))
                return ""
            }
            return value
        }
        // A variable outside the spec's reach is refused above, before the environment is
        // looked at: no answer tells whether such a variable exists.
        guard !issues.contains(where: { $0.severity == .error }) else { return (spec, nil, issues) }
        let submitSecret = secret(spec.auth, key: "auth.secretEnv")
        if !submitSecret.isEmpty, let problem = spec.auth.signingKeyProblem(submitSecret) {
            issues.append(ConfigIssue(file: label, key: "auth.secretEnv", reason: "\(spec.auth.secretEnv ?? ""): \(problem)"))
        }
        let callbackSecret = spec.callback.map { secret($0.auth, key: "callback.auth.secretEnv") } ?? ""
        guard !issues.contains(where: { $0.severity == .error }) else { return (spec, nil, issues) }
        return (spec, DeclarativeAdapter(spec: spec, secret: submitSecret, callbackSecret: callbackSecret, source: text,
                                   egress: policy.egressPolicy(for: author)), issues)
    }

    static func label(_ source: AdapterSource, folder: String) -> String {
        switch source.origin {
        case .file(let name): "\(folder)/\(name)"
        case .stored(let id, let version): "stored spec \(id) version \(version)"
        }
    }

    /// A warning for each catalogue item service that no adapter covers in some region:
    /// such applications are refused at intake.
    static func uncoveredServices(catalog: ServiceCatalog, regions: RegionTable, adapters: AdapterDirectory) -> [ConfigIssue] {
        var out: [ConfigIssue] = []
        for item in catalog.items.values.sorted(by: { $0.code < $1.code }) {
            for service in item.services {
                let missing = regions.names.keys.sorted().filter { adapters.select(service: service, region: $0, item: item.code) == nil }
                if !missing.isEmpty {
                    out.append(ConfigIssue(file: "catalogue.yaml", key: item.code,
                                           reason: "no adapter serves \(service.rawValue) in \(missing.count == regions.names.count ? "any region" : missing.joined(separator: ", ")); such applications are refused",
                                           severity: .warning))
                }
            }
        }
        return out
    }
}

extension GatewayConfiguration {
    /// This configuration with `stored` as the specs stored through the admin API, checked
    /// as a whole (the files, environment and reference data stay as loaded). Throws every
    /// issue when any is an error.
    public func replacingStoredAdapters(_ stored: [AdapterSource]) throws(ConfigError) -> GatewayConfiguration {
        var issues: [ConfigIssue] = []
        let (adapters, origins, disabled) = AdapterAssembly.build(files: adapterFiles, stored: stored, folder: adapterFolder, regions: regions,
                                                                  catalog: catalog, environment: environment, policy: policy, into: &issues)
        issues += AdapterAssembly.uncoveredServices(catalog: catalog, regions: regions, adapters: adapters)
        guard !issues.contains(where: { $0.severity == .error }) else { throw ConfigError(issues: issues) }
        var next = self
        next.adapters = adapters
        next.adapterOrigins = origins
        next.disabledAdapters = disabled
        next.storedAdapters = stored
        next.warnings = baseWarnings + issues
        return next
    }
}
