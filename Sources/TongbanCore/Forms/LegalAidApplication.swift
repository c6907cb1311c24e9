/// 法律援助: a legal aid application (DOMAIN 3). Either the household's finances or an
/// exemption basis (Legal Aid Law art. 42) with its proof must be given.
public struct LegalAidApplication: Codable, Sendable, Equatable {
    /// Household size and income, for the means test.
    public var household: Household?
    /// An exemption from the means test.
    public var exemption: Exemption?
    /// The applicant signed the statement of financial status (经济困难状况说明表).
    public var financialStatementSigned: Bool
    /// The kind of matter.
    public var matterType: MatterType
    /// The form of aid asked for.
    public var aidForm: AidForm
    /// The stage the case is at.
    public var caseStage: CaseStage
    /// The facts.
    public var facts: String

    public init(
        household: Household? = nil, exemption: Exemption? = nil, financialStatementSigned: Bool,
        matterType: MatterType, aidForm: AidForm, caseStage: CaseStage, facts: String
    ) {
        self.household = household
        self.exemption = exemption
        self.financialStatementSigned = financialStatementSigned
        self.matterType = matterType
        self.aidForm = aidForm
        self.caseStage = caseStage
        self.facts = facts
    }

    /// Household size and monthly income (CNY decimal string).
    public struct Household: Codable, Sendable, Equatable {
        public var size: Int
        public var monthlyIncome: String
        public init(size: Int, monthlyIncome: String) {
            self.size = size
            self.monthlyIncome = monthlyIncome
        }
    }

    /// An exemption basis and the material code that proves it.
    public struct Exemption: Codable, Sendable, Equatable {
        public var basis: Basis
        public var proofMaterial: String
        public init(basis: Basis, proofMaterial: String) {
            self.basis = basis
            self.proofMaterial = proofMaterial
        }
        public enum Basis: String, Codable, Sendable, CaseIterable {
            case minorElderlyDisabledWithoutIncome = "minor-elderly-disabled-without-income"
            case socialAssistance = "social-assistance"
            case migrantWorkerWages = "migrant-worker-wages"
            case migrantWorkerInjury = "migrant-worker-injury"
        }
    }

    public enum MatterType: String, Codable, Sendable, CaseIterable {
        case wages, workInjury = "work-injury", family, maintenance, criminal
        case stateCompensation = "state-compensation", socialInsurance = "social-insurance", other
    }

    public enum AidForm: String, Codable, Sendable, CaseIterable {
        case consultation
        case documentDrafting = "document-drafting"
        case litigationAgency = "litigation-agency"
        case nonLitigationAgency = "non-litigation-agency"
        case defence
    }

    public enum CaseStage: String, Codable, Sendable, CaseIterable {
        case preLitigation = "pre-litigation"
        case investigation, prosecution
        case firstInstance = "first-instance"
        case secondInstance = "second-instance"
        case retrial, enforcement
    }
}
