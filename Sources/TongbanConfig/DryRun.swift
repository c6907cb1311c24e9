import TongbanCodecs
import Foundation
import TongbanAdapters
import TongbanCore

/// Dry runs of one adapter spec outside the gateway: what `tongban adapters try` and the
/// golden tests use.
public enum DryRun {
    /// A failure to dry-run, with file, key and reason where known.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Loads and checks one spec file against the configuration, as the loader and the
    /// admin API check a spec (`AdapterAssembly.check`); secrets from `environment`.
    public static func adapter(specPath: String, configuration: GatewayConfiguration, environment: [String: String]) throws -> DeclarativeAdapter {
        guard let text = try? String(contentsOfFile: specPath, encoding: .utf8) else { throw Failure(description: "cannot read \(specPath)") }
        let (_, adapter, issues) = AdapterAssembly.check(text: text, label: specPath, regions: configuration.regions, catalog: configuration.catalog,
                                                      environment: environment, policy: configuration.policy, author: .operatorFile)
        guard let adapter else {
            throw Failure(description: issues.filter { $0.severity == .error }.map(\.description).joined(separator: "\n"))
        }
        return adapter
    }

    /// The request `adapter` would send for a canonical application document, with fixed
    /// dry-run ids so the output is the same every time for the same `now` and `nonce`.
    public static func request(adapter: any Adapter, applicationJSON: [UInt8], now: Date, nonce: String) throws -> OutboundRequest {
        try request(adapter: adapter, application: try CanonicalJSON.decoder().decode(Application.self, from: Data(applicationJSON)), now: now, nonce: nonce)
    }

    /// The request `adapter` would send for `application`.
    public static func request(adapter: any Adapter, application: Application, now: Date, nonce: String) throws -> OutboundRequest {
        var application = application
        if application.source.portal.isEmpty { application.source.portal = "dry-run" }
        guard application.form.services.contains(adapter.service) else {
            throw Failure(description: "the application has no \(adapter.service.rawValue) form; adapter \(adapter.id) serves \(adapter.service.rawValue)")
        }
        let document = try JSONValue.parse(Array(try CanonicalJSON.encoder().encode(application)))
        let delivery = Delivery(
            application: document, applicationID: "app_DRYRUN", targetID: "tgt_DRYRUN",
            dueDate: CivilDate(year: 2026, month: 12, day: 21)!, receivedAt: application.submittedAt,
            callbackURL: "http://127.0.0.1:8080/v1/callbacks/\(adapter.id)", now: now, nonce: nonce)
        do {
            return try adapter.submission(for: delivery)
        } catch {
            throw Failure(description: "mapping failed: \(error)")
        }
    }
}
