import Foundation
import TongbanCore
import Synchronization
import TongbanConfig
import TongbanStore

/// The configuration in force and the request services built from it, replaced as one
/// value by a reload. A request takes the services once, at its start, and finishes on
/// them: a reload never changes the rules half way through a request.
public final class ActiveConfiguration: Sendable {
    /// Everything a request needs that a reload may change.
    final class Services: Sendable {
        let configuration: GatewayConfiguration
        let intake: IntakeService
        let actions: CitizenActionService
        let callbacks: CallbackService
        let authenticator: PortalAuthenticator
        let admins: AdminAuthorizer
        let loadedAt: Date
        /// 1 for the configuration loaded at start, one more for each applied reload.
        let generation: Int

        init(_ configuration: GatewayConfiguration, shared: ActiveConfiguration, loadedAt: Date, generation: Int) {
            self.configuration = configuration
            intake = IntakeService(configuration: configuration, store: shared.store, clock: shared.clock, ids: shared.ids)
            actions = CitizenActionService(configuration: configuration, store: shared.store, clock: shared.clock)
            callbacks = CallbackService(configuration: configuration, store: shared.store, clock: shared.clock, nonces: shared.callbackNonces,
                                        quarantine: shared.callbackQuarantine)
            authenticator = PortalAuthenticator(portals: configuration.portals, windowSeconds: configuration.settings.auth.timestampWindowSeconds,
                                                nonces: shared.portalNonces, clock: shared.clock)
            admins = AdminAuthorizer(configuration.settings.admin)
            self.loadedAt = loadedAt
            self.generation = generation
        }
    }

    let store: any GatewayStore
    let clock: any WallClock
    let ids: any IdentifierSource
    /// Nonces seen, kept across reloads so no request can be replayed across one.
    let portalNonces: NonceCache
    let callbackNonces: NonceCache
    /// Callbacks in flight and those set aside as poison, kept across reloads.
    let callbackQuarantine: CallbackQuarantine
    private let current: Mutex<Services?>

    /// `callbackJournal`: the file beside the store where callbacks in flight are noted
    /// (`CallbackQuarantine`); nil keeps none.
    public init(configuration: GatewayConfiguration, store: any GatewayStore, clock: any WallClock = SystemClock(),
                ids: any IdentifierSource = RandomIdentifiers(), loadedAt: Date = Date(), callbackJournal: String? = nil) {
        callbackQuarantine = CallbackQuarantine(path: callbackJournal, limit: configuration.settings.dispatch.poisonAfter)
        self.store = store
        self.clock = clock
        self.ids = ids
        portalNonces = NonceCache(capacity: configuration.settings.auth.maxRememberedNonces)
        callbackNonces = NonceCache(capacity: configuration.settings.auth.maxRememberedNonces)
        current = Mutex(nil)
        let services = Services(configuration, shared: self, loadedAt: loadedAt, generation: 1)
        current.withLock { $0 = services }
    }

    var services: Services { current.withLock { $0! } }

    public var configuration: GatewayConfiguration { services.configuration }
    public var loadedAt: Date { services.loadedAt }
    public var generation: Int { services.generation }

    /// Puts `configuration` in force for every request that starts from now on.
    func replace(with configuration: GatewayConfiguration, at date: Date) {
        let generation = services.generation + 1
        let next = Services(configuration, shared: self, loadedAt: date, generation: generation)
        current.withLock { $0 = next }
    }
}
