import Foundation
import NIOPosix
import TongbanAdapters
import TongbanConfig
import TongbanCore
import TongbanCrypto
import TongbanStore

/// A back end's status callback, from bytes to store (DESIGN 1.5): the adapter's
/// credentials, then its reading of the body, then the state machine in the store. Every
/// refusal is a `Problem` and changes nothing, except that an unknown status or case is
/// recorded as an anomaly.
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

        /// As JSON, keys sorted like the canonical encoder (written for every callback).
        var jsonText: String {
            let q = JSONText.quoted
            var members = ["\"duplicate\":\(duplicate)", "\"eventId\":\(q(eventId))"]
            if let overallStatus { members.append("\"overallStatus\":\(q(overallStatus.rawValue))") }
            if let targetId { members.append("\"targetId\":\(q(targetId))") }
            if let targetStatus { members.append("\"targetStatus\":\(q(targetStatus.rawValue))") }
            if let verdict { members.append("\"verdict\":\(q(verdict))") }
            return "{" + members.joined(separator: ",") + "}"
        }
    }

    /// A callback that is not authenticated: an unknown adapter id, a wrong signature, a
    /// replay. The caller is told only that authentication failed (so ids cannot be
    /// enumerated); the reason goes to the log.
    struct AuthenticationFailure: Error, CustomStringConvertible {
        var reason: String
        var description: String { reason }
    }

    func receive(adapterId: String, method: String, path: String, body: [UInt8], header: (String) -> String?) async throws -> Answer {
        guard let reader = readers[adapterId] else {
            throw AuthenticationFailure(reason: "no adapter \(adapterId) takes callbacks")
        }
        let now = clock.now()
        let accepted: RequestVerifier.Accepted
        switch reader.verify(method: method, path: path, body: body, now: now, header: header) {
        case .success(let a): accepted = a
        case .failure(let failure): throw AuthenticationFailure(reason: "\(failure)")
        }
        let scope = "callback:\(adapterId)"
        switch try await ReplayGuard.check(accepted, windowSeconds: reader.windowSeconds, cacheScope: scope, storeScope: scope,
                                           cache: nonces, store: store, now: now) {
        case .fresh: break
        case .replayed: throw AuthenticationFailure(reason: "replayed: this nonce or signature was already used")
        case .busy: throw Problem("auth-busy", status: 503, title: "服务繁忙", detail: "回调过多，请稍后重试")
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
            var problem = Problem("callback-set-aside", status: 503, title: "回调已隔离",
                                  detail: "网关处理此回调时已中断 \(times) 次，已隔离待运维处理；放行后重发即可")
            problem.retryAfterSeconds = 300
            throw problem
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
            throw Problem.malformed("回调无法读取：\(error)")
        }
        guard let status = reading.status else {
            try await store.recordAnomaly(CallbackAnomaly(adapterId: adapterId, eventId: reading.eventId, caseRef: reading.caseRef,
                                                          nativeStatus: reading.nativeStatus, reason: "unknown status", payloadDigest: digest, receivedAt: now),
                                          keeping: CallbackAnomaly.keptPerAdapter)
            throw Problem("callback.unknown_status", status: 422, title: "未知的状态",
                          detail: "适配器 \(adapterId) 的状态表中没有 '\(reading.nativeStatus)'；已记为异常")
        }
        let event = BackendEvent(adapterId: adapterId, eventId: reading.eventId, caseRef: reading.caseRef, nativeStatus: reading.nativeStatus,
                                 status: status, occurredAt: reading.occurredAt, receivedAt: now, payloadDigest: digest,
                                 note: reading.note, document: reading.document)
        switch try await store.applyBackendEvent(event, calendar: calendar) {
        case .duplicate:
            return Answer(eventId: reading.eventId, duplicate: true)
        case .notYetKnown:
            // Not an anomaly yet: the back end retries, and by then the answer is recorded.
            throw Problem("callback.case_not_yet_known", status: 503, title: "案件尚未登记",
                          detail: "适配器 \(adapterId) 的案件 \(reading.caseRef) 尚无记录，但该适配器有投递正在进行；请稍后重试")
        case .unknownCase:
            try await store.recordAnomaly(CallbackAnomaly(adapterId: adapterId, eventId: reading.eventId, caseRef: reading.caseRef,
                                                          nativeStatus: reading.nativeStatus, reason: "unknown case", payloadDigest: digest, receivedAt: now),
                                          keeping: CallbackAnomaly.keptPerAdapter)
            throw Problem("callback.unknown_case", status: 404, title: "未知的案件",
                          detail: "适配器 \(adapterId) 没有案件编号为 \(reading.caseRef) 的投递；已记为异常")
        case .recorded(let applied):
            return Answer(eventId: reading.eventId, duplicate: false, targetId: applied.targetId, verdict: applied.verdict.rawValue,
                          targetStatus: applied.targetStatus, overallStatus: applied.overallStatus)
        }
    }
}
