import Foundation
import TongbanAdapters
import TongbanCodecs
import TongbanConfig
import TongbanCore
import TongbanCrypto
import TongbanStore

/// The applicant's actions after submitting: withdrawal and supplements (DESIGN 4). Reads
/// and checks the body, then hands the request to the store, which records it with its
/// outbox actions in one transaction. HTTP-free, like `IntakeService`: it throws
/// `CitizenActionRefusal`s.
struct CitizenActionService: Sendable {
    let store: any GatewayStore
    let clock: any WallClock
    let limits: JSONLimits
    /// Adapters that declare a cancel endpoint, and those that declare a supplement endpoint.
    let cancellable: Set<String>
    let accepting: Set<String>

    init(configuration: GatewayConfiguration, store: any GatewayStore, clock: any WallClock) {
        self.store = store
        self.clock = clock
        self.limits = configuration.settings.limits.json
        let adapters = configuration.adapters.adapters
        cancellable = Set(adapters.filter { $0.accepts(.cancel) }.map(\.id))
        accepting = Set(adapters.filter { $0.accepts(.supplement) }.map(\.id))
    }

    /// Whether the withdrawal was recorded now (false: it had been before).
    func withdraw(_ body: [UInt8], applicationId: String, portal: String) async throws -> Bool {
        let request = body.allSatisfy({ [0x20, 0x0A, 0x0D, 0x09].contains($0) }) ? WithdrawalBody() : try decode(WithdrawalBody.self, body)
        let problems = request.problems()
        guard problems.isEmpty else { throw CitizenActionRefusal.invalid(problems) }
        switch try await store.requestWithdrawal(WithdrawalRequest(
            applicationId: applicationId, portal: portal, reason: request.reason, cancellable: cancellable, now: clock.now())) {
        case .accepted: return true
        case .repeated: return false
        case .nothingToWithdraw(let status):
            throw CitizenActionRefusal.notWithdrawable(applicationId: applicationId, status: status)
        case .notFound:
            throw CitizenActionRefusal.noSuchApplication(applicationId)
        }
    }

    /// Whether the supplement was queued now (false: the same one had been).
    func supplement(_ body: [UInt8], applicationId: String, portal: String) async throws -> Bool {
        let supplement = try decode(Supplement.self, body)
        let problems = supplement.problems()
        guard problems.isEmpty else { throw CitizenActionRefusal.invalid(problems) }
        let document = try CanonicalJSON.encoder().encode(supplement)
        switch try await store.requestSupplement(SupplementRequest(
            applicationId: applicationId, portal: portal, supplementId: supplement.supplementId, targetId: supplement.targetId,
            document: Array(document), digest: Hex.encode(HashAlgorithm.sha256.digest(Array(document))), accepting: accepting,
            now: clock.now())) {
        case .queued: return true
        case .repeated: return false
        case .conflict:
            throw CitizenActionRefusal.supplementIdTaken(supplement.supplementId)
        case .refused(let reasons):
            throw CitizenActionRefusal.notAwaitingSupplement(reasons)
        case .notFound:
            throw CitizenActionRefusal.noSuchApplication(applicationId)
        }
    }

    private func decode<T: Decodable>(_ type: T.Type, _ body: [UInt8]) throws -> T {
        try JSONBodyReader.decode(T.self, body, limits: limits)
    }
}
