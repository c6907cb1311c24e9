/// The public legal services Tongban fronts (DOMAIN 1). The raw value is the stable id
/// used in the catalogue, adapter specs and the canonical `form` object.
public enum Service: String, Codable, Sendable, CaseIterable, Hashable, Comparable {
    case lawyer
    case notary
    case arbitration
    case appraisal
    case legalAid = "legal-aid"
    case mediation

    /// The Chinese name a portal shows.
    public var chineseName: String {
        switch self {
        case .lawyer: "律师服务"
        case .notary: "公证"
        case .arbitration: "仲裁"
        case .appraisal: "司法鉴定"
        case .legalAid: "法律援助"
        case .mediation: "人民调解"
        }
    }

    /// The organization-kind prefix of the owning agency's unified social credit code,
    /// where the service has one (authority 3 = justice administration, DOMAIN 4.2).
    public var agencyCreditPrefix: String? {
        switch self {
        case .lawyer: "31"
        case .notary: "32"
        case .appraisal: "34"
        case .arbitration: "35"
        case .legalAid, .mediation: nil
        }
    }

    public static func < (lhs: Service, rhs: Service) -> Bool { lhs.rawValue < rhs.rawValue }
}
