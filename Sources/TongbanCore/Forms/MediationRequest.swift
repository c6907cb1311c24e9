/// 人民调解: a people's mediation request (DOMAIN 3). The respondents are the
/// application's `counterparties`. Mediation is free.
public struct MediationRequest: Codable, Sendable, Equatable {
    public var disputeType: DisputeType
    /// Summary of the dispute.
    public var summary: String
    /// What the applicant asks for.
    public var claims: String
    /// The mediation committee asked for, if the applicant chose one.
    public var committee: String?
    /// A court, the police or another agency has already accepted the dispute
    /// (then people's mediation may not take it).
    public var alreadyAcceptedElsewhere: Bool
    /// The applicant consents to mediation.
    public var consentToMediate: Bool

    public init(
        disputeType: DisputeType, summary: String, claims: String, committee: String? = nil,
        alreadyAcceptedElsewhere: Bool, consentToMediate: Bool
    ) {
        self.disputeType = disputeType
        self.summary = summary
        self.claims = claims
        self.committee = committee
        self.alreadyAcceptedElsewhere = alreadyAcceptedElsewhere
        self.consentToMediate = consentToMediate
    }

    /// 婚姻家庭, 邻里, 房屋宅基地, 合同, 损害赔偿, 劳动, 物业, 医疗, 交通事故, 其他.
    public enum DisputeType: String, Codable, Sendable, CaseIterable {
        case family, neighbour
        case housingLand = "housing-land"
        case contract, damages, labour
        case propertyManagement = "property-management"
        case medical, traffic, other
    }
}
