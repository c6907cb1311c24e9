import Foundation
import Logging
import TongbanAdapters
import TongbanConfig
import TongbanCore
import TongbanStore

/// Every change of the configuration in force goes through here, one at a time: a reload
/// (SIGHUP or `POST /admin/v1/reload`) and an adapter stored or deleted through the admin
/// API. A change is checked as a whole first; only a valid one is put in force, at once
/// for the request services and then for the dispatcher, prober and notifier. A refused
/// one changes nothing.
public actor Reloader {
    /// Reads the configuration files again, with the given stored adapter specs.
    public typealias Loader = @Sendable (_ stored: [AdapterSource]) throws(ConfigError) -> GatewayConfiguration
    /// Hands a configuration just put in force to a long-running part (the dispatcher's
    /// lanes, the prober, the notifier's webhooks).
    public typealias Applier = @Sendable (GatewayConfiguration) -> Void

    /// What a reload did.
    public struct Outcome: Encodable, Sendable {
        public var applied: Bool
        /// The generation in force afterwards.
        public var generation: Int
        public var loadedAt: Date
        public var adapters: Int
        /// Settings that changed in the files but take effect only at the next start.
        public var restartRequired: [String]
        public var warnings: [String]
        /// Why it was refused (`applied` false).
        public var errors: [String]
    }

    let active: ActiveConfiguration
    let store: any AdminStore
    let readiness: Readiness?
    let load: Loader?
    var appliers: [Applier]
    let logger: Logger

    /// `load` nil: the configuration is not read from files (tests), and only adapter
    /// changes can be made.
    public init(active: ActiveConfiguration, store: any AdminStore, readiness: Readiness?, load: Loader?, appliers: [Applier] = [],
                logger: Logger = Logger(label: "tongban.reload")) {
        self.active = active
        self.store = store
        self.readiness = readiness
        self.load = load
        self.appliers = appliers
        self.logger = logger
    }

    /// Adds a part to tell about each configuration put in force.
    public func onApply(_ applier: @escaping Applier) { appliers.append(applier) }

    /// Reads the files, the environment file and the stored adapter specs again and puts
    /// the result in force, or refuses it with every error.
    public func reload(actor: String) async -> Outcome {
        let running = active.configuration
        guard let load else {
            return Outcome(applied: false, generation: active.generation, loadedAt: active.loadedAt, adapters: running.adapters.adapters.count,
                           restartRequired: [], warnings: [], errors: ["this gateway was not started from configuration files"])
        }
        var next: GatewayConfiguration
        do {
            let stored = try await store.currentAdapterSpecs().compactMap(\.source)
            next = try load(stored)
        } catch let error as ConfigError {
            return await refused(error.issues.filter { $0.severity == .error }.map(\.description), actor: actor)
        } catch {
            return await refused(["the stored adapter specs could not be read: \(error)"], actor: actor)
        }
        let restart = Self.restartOnly(running: running.settings, next: next.settings)
        next.settings = Self.keepingRestartOnly(running.settings, in: next.settings)
        let summary = "generation \(active.generation + 1), \(next.adapters.adapters.count) adapters"
            + (restart.isEmpty ? "" : "; at the next start: \(restart.joined(separator: ", "))")
        await putInForce(next, change: AdminChange(action: "config.reload", actor: actor, note: "configuration reloaded: \(summary)", at: active.clock.now()))
        for key in restart { logger.warning("a reload does not change \(key); restart the gateway to apply it") }
        // Stored specs that no longer pass are out of force: the operator is told.
        let disabled = next.disabledAdapters.sorted { $0.key < $1.key }.map { $1.summary(id: $0) }
        for line in disabled { logger.error("\(line)") }
        return Outcome(applied: true, generation: active.generation, loadedAt: active.loadedAt, adapters: next.adapters.adapters.count,
                       restartRequired: restart, warnings: next.warnings.map(\.description) + disabled, errors: [])
    }

    /// What a PUT did.
    public enum PutOutcome: String, Sendable { case created, replaced, unchanged }

    /// Checks `text` as adapter `id` by `principal`, stores it as the adapter's next
    /// version and puts it in force. Throws a `Problem` (403, 409, 422) and changes nothing
    /// when it may not or cannot be.
    public func putAdapter(id: String, text: String, by principal: AdminPrincipal) async throws -> (StoredAdapterSpec, PutOutcome) {
        let running = active.configuration
        try Self.requireOwnership(of: id, in: running, by: principal)
        // An id deleted by one agency is not another's to take over (its versions stay its own).
        if let last = try await store.adapterSpecHistory(adapterId: id).first, !principal.mayManage(owner: last.owner) {
            throw Problem("forbidden", status: 403, title: "无权操作", detail: "adapter \(id) belongs to another agency")
        }
        if case .agency(let code) = principal.role {
            let others = try await store.currentAdapterSpecs().filter { $0.owner == code && $0.adapterId != id }.count
            let quota = running.settings.adapters.maxPerAgency
            guard others < quota else {
                throw Problem("quota-exceeded", status: 422, title: "超出配额",
                              detail: "agency \(code) already has \(others) adapters stored; at most \(quota) (adapters.maxPerAgency)")
            }
        }
        let adapter = try Self.checked(text, as: id, in: running, by: principal)
        if CodedAdapters.all.contains(where: { $0.id == id }) {
            throw Problem("adapter-conflict", status: 409, title: "适配器冲突", detail: "\(id) is a coded adapter and cannot be replaced by a spec")
        }
        // The same text again changes nothing and adds no version.
        if running.storedAdapters.first(where: { $0.adapterId == id })?.text == text,
           let current = try await store.adapterSpecHistory(adapterId: id).first, current.text == text {
            return (current, .unchanged)
        }
        var stored = running.storedAdapters.filter { $0.adapterId != id }
        stored.append(AdapterSource(text: text, origin: .stored(adapterId: id, version: 0), author: principal.author))
        _ = try Self.candidate(running, stored: stored, requiring: id)
        let replacing = running.adapterOrigins[id].map { " (replacing \(Self.describe($0)))" } ?? " (new)"
        let version = (try await store.adapterSpecHistory(adapterId: id).first?.version ?? 0) + 1
        let saved = try await store.saveAdapterSpec(
            adapterId: id, owner: adapter.spec.owner.creditCode, text: text,
            change: AdminChange(action: "adapter.put", subject: id, actor: principal.actor,
                                note: "adapter \(id) stored as version \(version)\(replacing)", at: active.clock.now()),
            keepingVersions: running.settings.adapters.versionsKept)
        stored[stored.count - 1] = AdapterSource(text: text, origin: .stored(adapterId: id, version: saved.version), author: principal.author)
        // Checked above against the same configuration: this cannot fail.
        await putInForce(try Self.candidate(running, stored: stored, requiring: id), change: nil)
        logger.notice("adapter stored", metadata: ["adapter": "\(id)", "version": "\(saved.version)", "actor": "\(principal.actor)"])
        return (saved, running.adapterOrigins[id] == nil ? .created : .replaced)
    }

    /// Records a deletion of the stored spec of `id` and puts the set without it in force
    /// (a file `Adapters/<id>.yaml`, if any, serves again).
    public func deleteAdapter(id: String, by principal: AdminPrincipal) async throws -> StoredAdapterSpec {
        let running = active.configuration
        try Self.requireOwnership(of: id, in: running, by: principal)
        guard case .stored = running.adapterOrigins[id] else {
            if case .file(let name) = running.adapterOrigins[id] {
                throw Problem("adapter-conflict", status: 409, title: "适配器冲突",
                              detail: "\(id) is defined by the file \(running.adapterFolder)/\(name): remove the file and reload")
            }
            throw Problem.notFound("没有适配器 \(id)")
        }
        let owner = running.adapters[id]?.owner?.creditCode ?? ""
        let stored = running.storedAdapters.filter { $0.adapterId != id }
        let next = try Self.candidate(running, stored: stored)
        let saved = try await store.saveAdapterSpec(
            adapterId: id, owner: owner, text: nil,
            change: AdminChange(action: "adapter.delete", subject: id, actor: principal.actor,
                                note: "adapter \(id) deleted" + (next.adapters[id] == nil ? "" : "; the file definition serves again"), at: active.clock.now()),
            keepingVersions: running.settings.adapters.versionsKept)
        await putInForce(next, change: nil)
        return saved
    }

    private func putInForce(_ configuration: GatewayConfiguration, change: AdminChange?) async {
        if let change {
            do { try await store.recordAdminChange(change) } catch {
                logger.error("the admin change could not be recorded", metadata: ["error": "\(error)"])
            }
        }
        let now = active.clock.now()
        active.replace(with: configuration, at: now)
        readiness?.configurationLoaded(at: now, adapters: configuration.adapters.adapters.count, generation: active.generation)
        for apply in appliers { apply(configuration) }
    }

    private func refused(_ errors: [String], actor: String) async -> Outcome {
        logger.error("reload refused; the running configuration stays in force", metadata: ["errors": "\(errors.joined(separator: "; "))"])
        let change = AdminChange(action: "config.reload_refused", actor: actor, note: "reload refused: \(errors.count) error(s), first: \(errors.first ?? "")", at: active.clock.now())
        try? await store.recordAdminChange(change)
        let running = active.configuration
        return Outcome(applied: false, generation: active.generation, loadedAt: active.loadedAt, adapters: running.adapters.adapters.count,
                       restartRequired: [], warnings: [], errors: errors)
    }

    /// An agency may only touch an adapter in force that it owns (or a new id).
    static func requireOwnership(of id: String, in configuration: GatewayConfiguration, by principal: AdminPrincipal) throws {
        guard let existing = configuration.adapters[id] else { return }
        let owner = existing.owner?.creditCode ?? ""
        guard principal.mayManage(owner: owner) else {
            throw Problem("forbidden", status: 403, title: "无权操作", detail: "adapter \(id) belongs to another agency")
        }
    }

    /// The spec checked alone, as a file would be, for `principal`: 403 when it names
    /// another agency's code (before anything else it holds is judged), else 422 with
    /// every error.
    static func checked(_ text: String, as id: String, in configuration: GatewayConfiguration, by principal: AdminPrincipal) throws -> DeclarativeAdapter {
        let (spec, adapter, issues) = AdapterAssembly.check(text: text, label: "request body", regions: configuration.regions,
                                                            catalog: configuration.catalog, environment: configuration.environment,
                                                            policy: configuration.policy, author: principal.author)
        if let owner = spec?.owner.creditCode, !principal.mayManage(owner: owner) {
            throw Problem("forbidden", status: 403, title: "无权操作", detail: "owner.creditCode \(owner) is not the code this token is bound to")
        }
        let errors = issues.filter { $0.severity == .error }
        guard let adapter, errors.isEmpty else { throw invalidSpec(errors) }
        guard adapter.id == id else {
            throw invalidSpec([ConfigIssue(file: "request body", key: "id", reason: "the spec's id \(adapter.id) is not the id in the path, \(id)")])
        }
        return adapter
    }

    /// The configuration with `stored` in place of the stored specs; 422 when it is
    /// invalid or when the adapter `requiring` would not be in force in it.
    static func candidate(_ running: GatewayConfiguration, stored: [AdapterSource], requiring id: String? = nil) throws -> GatewayConfiguration {
        let next: GatewayConfiguration
        do {
            next = try running.replacingStoredAdapters(stored)
        } catch {
            throw invalidSpec(error.issues.filter { $0.severity == .error })
        }
        if let id, let disabled = next.disabledAdapters[id] { throw invalidSpec(disabled.problems) }
        return next
    }

    static func invalidSpec(_ issues: [ConfigIssue]) -> Problem {
        Problem("invalid-adapter-spec", status: 422, title: "适配器描述未通过检查",
                detail: issues.map(\.description).joined(separator: "\n"),
                errors: issues.map { ValidationProblem(pointer: "/" + $0.key.replacingOccurrences(of: ".", with: "/"), code: "config.invalid", message: $0.reason) })
    }

    static func describe(_ origin: AdapterSource.Origin) -> String {
        switch origin {
        case .file(let name): "file \(name)"
        case .stored(_, let version): "version \(version)"
        }
    }

    /// Settings a reload cannot change: the listening socket, the store, and the sizes of
    /// what is already running.
    static func restartOnly(running: GatewaySettings, next: GatewaySettings) -> [String] {
        var keys: [String] = []
        if running.server != next.server { keys.append("server") }
        if running.storage != next.storage { keys.append("storage") }
        if running.intake != next.intake { keys.append("intake") }
        if running.dispatch != next.dispatch { keys.append("dispatch") }
        if running.notifications != next.notifications { keys.append("notifications") }
        if running.auth.maxRememberedNonces != next.auth.maxRememberedNonces { keys.append("auth.maxRememberedNonces") }
        return keys
    }

    static func keepingRestartOnly(_ running: GatewaySettings, in next: GatewaySettings) -> GatewaySettings {
        var kept = next
        kept.server = running.server
        kept.storage = running.storage
        kept.intake = running.intake
        kept.dispatch = running.dispatch
        kept.notifications = running.notifications
        kept.auth.maxRememberedNonces = running.auth.maxRememberedNonces
        return kept
    }
}
