/// Why a back end's callback was not applied, in the domain's terms; `Problem(refusal)` is
/// what the back end sees (Errors/Problem+Refusals.swift). Nothing was stored, except that
/// an unknown status or case is recorded as an anomaly.
enum CallbackRefusal: Error, Sendable, Equatable {
    /// Not authenticated: an unknown adapter id, a wrong signature, a replay. The back end is
    /// told only that authentication failed (ids cannot be enumerated); `reason` is logged.
    case unauthenticated(reason: String)
    /// Too many callbacks to remember their nonces now.
    case busy
    /// The gateway stopped `times` times while processing this very callback.
    case setAside(times: Int)
    case unreadable(String)
    case unknownStatus(adapterId: String, nativeStatus: String)
    /// No target has the case yet, but a delivery of the adapter is in flight.
    case caseNotYetKnown(adapterId: String, caseRef: String)
    case unknownCase(adapterId: String, caseRef: String)
}
