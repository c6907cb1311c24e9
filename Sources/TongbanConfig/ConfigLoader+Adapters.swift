import Foundation
import TongbanAdapters
import TongbanCore

extension ConfigLoader {
    /// Loads every `*.yaml` of the adapters directory, checks each against the reference
    /// data and catalogue, resolves its secrets, and adds the coded adapters.
    func loadAdapters(regions: RegionTable, catalog: ServiceCatalog, into issues: inout [ConfigIssue]) -> AdapterDirectory {
        let folder = (adaptersDirectory as NSString).lastPathComponent
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: adaptersDirectory)) ?? [])
            .filter { $0.hasSuffix(".yaml") }.sorted()
        var adapters: [any Adapter] = []
        var ids = Set(CodedAdapters.all.map(\.id))
        for name in names {
            let file = "\(folder)/\(name)"
            guard let spec = decode(AdapterSpec.self, file, at: (adaptersDirectory as NSString).appendingPathComponent(name), into: &issues) else {
                continue
            }
            var failed = false
            func fail(_ key: String, _ reason: String, warning: Bool = false) {
                issues.append(ConfigIssue(file: file, key: key, reason: reason, severity: warning ? .warning : .error))
                failed = failed || !warning
            }
            if name != "\(spec.id).yaml" { fail("id", "the spec with id \(spec.id) must be in \(spec.id).yaml") }
            if !ids.insert(spec.id).inserted { fail("id", "another adapter already has id \(spec.id)") }
            for problem in spec.problems(regions: regions, catalog: catalog) { fail(problem.key, problem.reason, warning: problem.isWarning) }
            let secret = resolveSecret(spec.auth, key: "auth.secretEnv", fail: fail)
            let callbackSecret = spec.callback.map { resolveSecret($0.auth, key: "callback.auth.secretEnv", fail: fail) } ?? ""
            if !failed { adapters.append(DeclarativeAdapter(spec: spec, secret: secret, callbackSecret: callbackSecret)) }
        }
        return AdapterDirectory(adapters + CodedAdapters.all)
    }

    private func resolveSecret(_ auth: AuthSpec, key: String, fail: (String, String, Bool) -> Void) -> String {
        guard let name = auth.secretEnv else { return "" }
        guard let secret = environment[name], !secret.isEmpty else {
            fail(key, "environment variable \(name) is not set", false)
            return ""
        }
        return secret
    }

    /// A warning for each catalogue item service that no adapter covers in some region:
    /// such applications are refused at intake.
    func uncoveredServices(catalog: ServiceCatalog, regions: RegionTable, adapters: AdapterDirectory) -> [ConfigIssue] {
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
