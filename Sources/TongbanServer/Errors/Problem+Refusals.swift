import TongbanCodecs
import TongbanCore

/// The one place domain refusals become HTTP: each service throws its own refusal, and the
/// edge (`ProblemMiddleware`, and routes that count outcomes) renders it as problem+json.
extension Problem {
    /// The problem for an error a service threw, or nil when it is not a refusal.
    static func from(_ error: any Error) -> Problem? {
        switch error {
        case let problem as Problem: problem
        case let refusal as BodyRefusal: Problem(refusal)
        case let refusal as IntakeRefusal: Problem(refusal)
        case let refusal as CallbackRefusal: Problem(refusal)
        case let refusal as CitizenActionRefusal: Problem(refusal)
        default: nil
        }
    }

    init(_ refusal: BodyRefusal) {
        switch refusal.kind {
        case .malformed: self.init("malformed-request", status: 400, title: "请求格式错误", detail: refusal.detail, errors: refusal.errors)
        case .tooLarge: self.init("payload-too-large", status: 413, title: "请求内容过大", detail: refusal.detail, errors: refusal.errors)
        }
    }

    init(_ refusal: IntakeRefusal) {
        switch refusal {
        case .invalid(let problems):
            self = .validation(problems)
        case .caseNumberTaken(let caseNo, let existing):
            self.init("conflict", status: 409, title: "办件编号重复", detail: "办件编号 \(caseNo) 已用于内容不同的另一件申请；修改申请请使用新的办件编号",
                      existingId: existing)
        }
    }

    init(_ refusal: CallbackRefusal) {
        switch refusal {
        case .unauthenticated:
            self = .unauthorized("回调认证失败")
        case .busy:
            self.init("auth-busy", status: 503, title: "服务繁忙", detail: "回调过多，请稍后重试")
        case .setAside(let times):
            self.init("callback-set-aside", status: 503, title: "回调已隔离", detail: "网关处理此回调时已中断 \(times) 次，已隔离待运维处理；放行后重发即可")
            retryAfterSeconds = 300
        case .unreadable(let reason):
            self = .malformed("回调无法读取：\(reason)")
        case .unknownStatus(let adapterId, let native):
            self.init("callback.unknown_status", status: 422, title: "未知的状态", detail: "适配器 \(adapterId) 的状态表中没有 '\(native)'；已记为异常")
        case .caseNotYetKnown(let adapterId, let caseRef):
            // Not an anomaly yet: the back end retries, and by then the answer is recorded.
            self.init("callback.case_not_yet_known", status: 503, title: "案件尚未登记",
                      detail: "适配器 \(adapterId) 的案件 \(caseRef) 尚无记录，但该适配器有投递正在进行；请稍后重试")
        case .unknownCase(let adapterId, let caseRef):
            self.init("callback.unknown_case", status: 404, title: "未知的案件", detail: "适配器 \(adapterId) 没有案件编号为 \(caseRef) 的投递；已记为异常")
        }
    }

    init(_ refusal: CitizenActionRefusal) {
        switch refusal {
        case .invalid(let problems):
            self = .validation(problems)
        case .notWithdrawable(let id, let status):
            self.init("not-withdrawable", status: 409, title: "申请已办结，无法撤回",
                      detail: "申请 \(id) 的每个办理事项都已结束（总体状态 \(status.rawValue)），没有可撤回的内容")
        case .supplementIdTaken(let id):
            self.init("conflict", status: 409, title: "补正编号重复", detail: "补正编号 \(id) 已用于内容不同的另一次补正；新的补正请使用新的编号")
        case .notAwaitingSupplement(let reasons):
            self.init("not-awaiting-supplement", status: 409, title: "当前无需补正", detail: reasons.joined(separator: "; "))
        case .noSuchApplication(let id):
            self = .notFound("本门户没有编号为 \(id) 的申请")
        }
    }

    /// The kind part of `type` (`validation` of `urn:tongban:problem:validation`), for metrics.
    var kind: String { String(type.dropFirst("urn:tongban:problem:".count)) }
}
