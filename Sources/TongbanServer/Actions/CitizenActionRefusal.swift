import TongbanCore

/// Why a withdrawal or a supplement was not recorded, in the domain's terms;
/// `Problem(refusal)` is what the portal sees (Errors/Problem+Refusals.swift).
enum CitizenActionRefusal: Error, Sendable, Equatable {
    case invalid([ValidationProblem])
    /// Every target is final already.
    case notWithdrawable(applicationId: String, status: OverallStatus)
    /// The supplement id came before with other content.
    case supplementIdTaken(String)
    /// No target can take the supplement; each reason names the target.
    case notAwaitingSupplement([String])
    case noSuchApplication(String)
}
