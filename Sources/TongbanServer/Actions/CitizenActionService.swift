import Foundation
import TongbanAdapters
import TongbanConfig
import TongbanCore
import TongbanCrypto
import TongbanStore

/// The applicant's actions after submitting: withdrawal and supplements (DESIGN 4). Reads
/// and checks the body, then hands the request to the store, which records it with its
/// outbox actions in one transaction. HTTP-free, like `IntakeService`.
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
        guard problems.isEmpty else { throw Problem.validation(problems) }
        switch try await store.requestWithdrawal(WithdrawalRequest(
            applicationId: applicationId, portal: portal, reason: request.reason, cancellable: cancellable, now: clock.now())) {
        case .accepted: return true
        case .repeated: return false
        case .nothingToWithdraw(let status):
            throw Problem("not-withdrawable", status: 409, title: "申请已办结，无法撤回",
                          detail: "申请 \(applicationId) 的每个办理事项都已结束（总体状态 \(status.rawValue)），没有可撤回的内容")
        case .notFound:
            throw Problem.notFound("本门户没有编号为 \(applicationId) 的申请")
        }
    }

    /// Whether the supplement was queued now (false: the same one had been).
    func supplement(_ body: [UInt8], applicationId: String, portal: String) async throws -> Bool {
        let supplement = try decode(Supplement.self, body)
        let problems = supplement.problems()
        guard problems.isEmpty else { throw Problem.validation(problems) }
        let document = try CanonicalJSON.encoder().encode(supplement)
        switch try await store.requestSupplement(SupplementRequest(
            applicationId: applicationId, portal: portal, supplementId: supplement.supplementId, targetId: supplement.targetId,
            document: Array(document), digest: Hex.encode(HashAlgorithm.sha256.digest(Array(document))), accepting: accepting,
            now: clock.now())) {
        case .queued: return true
        case .repeated: return false
        case .conflict:
            throw Problem("conflict", status: 409, title: "补正编号重复",
                          detail: "补正编号 \(supplement.supplementId) 已用于内容不同的另一次补正；新的补正请使用新的编号")
        case .refused(let reasons):
            throw Problem("not-awaiting-supplement", status: 409, title: "当前无需补正",
                          detail: reasons.joined(separator: "; "))
        case .notFound:
            throw Problem.notFound("本门户没有编号为 \(applicationId) 的申请")
        }
    }

    private func decode<T: Decodable>(_ type: T.Type, _ body: [UInt8]) throws -> T {
        try JSONBody.decode(T.self, body, limits: limits)
    }
}
