/// 司法鉴定: an entrustment of a judicial appraisal (DOMAIN 3).
public struct AppraisalEntrustment: Codable, Sendable, Equatable {
    /// 法医, 物证, 声像资料, 环境损害.
    public var category: Category
    /// The sub-type, for example 法医临床鉴定 or 文书鉴定.
    public var subType: String
    /// What the opinion is for.
    public var purpose: Purpose
    /// Whether this is a re-appraisal (重新鉴定).
    public var reappraisal: Bool
    /// Case summary (案情摘要).
    public var caseSummary: String
    /// The person examined; required for forensic examinations.
    public var examinedPerson: Party?
    /// The materials to be examined (检材), at least one.
    public var items: [Item]
    /// Who pays the fee.
    public var feePayer: String
    /// How the opinion reaches the applicant.
    public var opinionDelivery: DocumentDelivery

    public init(
        category: Category, subType: String, purpose: Purpose, reappraisal: Bool, caseSummary: String,
        examinedPerson: Party? = nil, items: [Item], feePayer: String, opinionDelivery: DocumentDelivery
    ) {
        self.category = category
        self.subType = subType
        self.purpose = purpose
        self.reappraisal = reappraisal
        self.caseSummary = caseSummary
        self.examinedPerson = examinedPerson
        self.items = items
        self.feePayer = feePayer
        self.opinionDelivery = opinionDelivery
    }

    public enum Category: String, Codable, Sendable, CaseIterable {
        case forensic
        case physicalEvidence = "physical-evidence"
        case audioVisual = "audio-visual"
        case environmental
    }

    /// 审判, 侦查, 调解, 仲裁, 行政管理, 其他.
    public enum Purpose: String, Codable, Sendable, CaseIterable {
        case trial, investigation, mediation, arbitration, administration, other
    }

    /// One material to examine.
    public struct Item: Codable, Sendable, Equatable {
        public var name: String
        public var kind: String
        public var quantity: Int
        public var condition: String
        /// The material's own number or label, if it has one.
        public var label: String?
        /// Whether the applicant wants it back.
        public var returnWanted: Bool
        public init(name: String, kind: String, quantity: Int, condition: String, label: String? = nil, returnWanted: Bool) {
            self.name = name
            self.kind = kind
            self.quantity = quantity
            self.condition = condition
            self.label = label
            self.returnWanted = returnWanted
        }
    }
}
