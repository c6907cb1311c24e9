import Foundation
import NIOPosix
import TongbanAdapters
import TongbanConfig
import TongbanCore
import TongbanCrypto
import TongbanStore

/// A back end's status callback, from bytes to store (DESIGN 1.5): the adapter's
/// credentials, then its reading of the body, then the state machine in the store. Every
/// refusal is a `CallbackRefusal` and changes nothing, except that an unknown status or case
/// is recorded as an anomaly.
struct CallbackService: Sendable {
    let readers: [String: any CallbackHandling]
    let store: any GatewayStore
    let calendar: WorkingCalendar
    let clock: any WallClock
    let nonces: NonceCache
    let quarantine: CallbackQuarantine

    init(configuration: GatewayConfiguration, store: any GatewayStore, clock: any WallClock, nonces: NonceCache,
         quarantine: CallbackQuarantine = CallbackQuarantine(path: nil, limit: 3)) {
        self.quarantine = quarantine
        var readers: [String: any CallbackHandling] = [:]
        for adapter in configuration.adapters.adapters {
            if let reader = adapter.callbacks { readers[adapter.id] = reader }
        }
        self.readers = readers
        self.store = store
        self.calendar = configuration.calendar
        self.clock = clock
        self.nonces = nonces
    }

    /// What the back end is told.
    struct Answer: Encodable, Equatable {
        var eventId: String
        var duplicate: Bool
        var targetId: String?
        /// moved, unchanged, late or illegal.
        var verdict: String?
        var targetStatus: TargetStatus?
        var overallStatus: OverallStatus?

        /// As JSON, by the one writer (`CanonicalWriter`), keys sorted as the canonical encoder sorts them.
        var jsonText: String { CanonicalWriter.text(of: self) }
    }

    func receive(adapterId: String, method: String, path: String, body: [UInt8], header: (String) -> String?) async throws -> Answer {
        guard let reader = readers[adapterId] else {
            throw CallbackRefusal.unauthenticated(reason: "no adapter \(adapterId) takes callbacks")
        }
        let now = clock.now()
        let accepted: RequestVerifier.Accepted
        switch reader.verify(method: method, path: path, body: body, now: now, header: header) {
        case .success(let a): accepted = a
        case .failure(let failure): throw CallbackRefusal.unauthenticated(reason: "\(failure)")
        }
        let scope = "callback:\(adapterId)"
        switch try await ReplayGuard.check(accepted, windowSeconds: reader.windowSeconds, cacheScope: scope, storeScope: scope,
                                           cache: nonces, store: store, now: now) {
        case .fresh: break
        case .replayed: throw CallbackRefusal.unauthenticated(reason: "replayed: this nonce or signature was already used")
        case .busy: throw CallbackRefusal.busy
        }
        let digest = Hex.encode(HashAlgorithm.sha256.digest(body))
        let key = "\(adapterId):\(digest)"
        if let times = quarantine.setAside(key) {
            if quarantine.firstReport(key) {
                try await store.recordAnomaly(CallbackAnomaly(adapterId: adapterId, eventId: nil, caseRef: nil, nativeStatus: nil,
                                                              reason: "set aside as poison: the gateway stopped \(times) times while processing it",
                                                              payloadDigest: digest, receivedAt: now), keeping: CallbackAnomaly.keptPerAdapter)
                store.faults.setAside(queue: "callbacks")
            }
            throw CallbackRefusal.setAside(times: times)
        }
        quarantine.begin(key)
        defer { quarantine.end(key) }
        let reading: CallbackReader.Reading
        do {
            // A large body is read on the blocking pool: its CPU time does not hold the
            // task threads every other request runs on.
            if body.count > 16_384 {
                reading = try await NIOThreadPool.singleton.runIfActive { try reader.read(body, now: now) }
            } else {
                reading = try reader.read(body, now: now)
            }
        } catch {
            throw CallbackRefusal.unreadable("\(error)")
        }
        guard let status = reading.status else {
            try await store.recordAnomaly(CallbackAnomaly(adapterId: adapterId, eventId: reading.eventId, caseRef: reading.caseRef,
                                                          nativeStatus: reading.nativeStatus, reason: "unknown status", payloadDigest: digest, receivedAt: now),
                                          keeping: CallbackAnomaly.keptPerAdapter)
            throw CallbackRefusal.unknownStatus(adapterId: adapterId, nativeStatus: reading.nativeStatus)
        }
        let event = BackendEvent(adapterId: adapterId, eventId: reading.eventId, caseRef: reading.caseRef, nativeStatus: reading.nativeStatus,
                                 status: status, occurredAt: reading.occurredAt, receivedAt: now, payloadDigest: digest,
                                 note: reading.note, document: reading.document)
        switch try await store.applyBackendEvent(event, calendar: calendar) {
        case .duplicate:
            return Answer(eventId: reading.eventId, duplicate: true)
        case .notYetKnown:
            // Not an anomaly yet: the back end retries, and by then the answer is recorded.
            throw CallbackRefusal.caseNotYetKnown(adapterId: adapterId, caseRef: reading.caseRef)
        case .unknownCase:
            try await store.recordAnomaly(CallbackAnomaly(adapterId: adapterId, eventId: reading.eventId, caseRef: reading.caseRef,
                                                          nativeStatus: reading.nativeStatus, reason: "unknown case", payloadDigest: digest, receivedAt: now),
                                          keeping: CallbackAnomaly.keptPerAdapter)
            throw CallbackRefusal.unknownCase(adapterId: adapterId, caseRef: reading.caseRef)
        case .recorded(let applied):
            return Answer(eventId: reading.eventId, duplicate: false, targetId: applied.targetId, verdict: applied.verdict.rawValue,
                          targetStatus: applied.targetStatus, overallStatus: applied.overallStatus)
        }
    }
}
