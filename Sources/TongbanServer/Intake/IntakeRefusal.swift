import TongbanCore

/// Why intake did not take an application, in the domain's terms; `Problem(refusal)` is
/// what the portal sees (Errors/Problem+Refusals.swift).
public enum IntakeRefusal: Error, Sendable, Equatable {
    /// Fields that fail validation, or services no adapter serves in the region.
    case invalid([ValidationProblem])
    /// The portal's case number holds another application with other content.
    case caseNumberTaken(caseNo: String, existingId: String)
}
