/// 公证: a notarization request (DOMAIN 3).
public struct NotarizationRequest: Codable, Sendable, Equatable {
    /// What is to be notarized.
    public var matter: Matter
    /// What the notarial certificate is for (用途), for example 出国留学.
    public var purpose: String
    /// ISO 3166-1 alpha-2 code of the country or region of use (`CN` for domestic use).
    public var usedIn: String
    /// Languages (ISO 639-1) the certificate must be translated into.
    public var translationLanguages: [String]
    /// Number of certificate copies, 1 to 20.
    public var copies: Int
    /// Whether the matter is foreign-related (涉外); required when `usedIn` is not `CN`.
    public var foreignRelated: Bool
    /// The documents to notarize, by name.
    public var documents: [String]
    /// How the certificate reaches the applicant.
    public var delivery: DocumentDelivery

    public init(
        matter: Matter, purpose: String, usedIn: String, translationLanguages: [String] = [], copies: Int,
        foreignRelated: Bool, documents: [String], delivery: DocumentDelivery
    ) {
        self.matter = matter
        self.purpose = purpose
        self.usedIn = usedIn
        self.translationLanguages = translationLanguages
        self.copies = copies
        self.foreignRelated = foreignRelated
        self.documents = documents
        self.delivery = delivery
    }

    /// Notarial matters: civil legal acts, facts, documents, evidence preservation, escrow.
    public enum Matter: String, Codable, Sendable, CaseIterable {
        // 证明民事法律行为
        case entrustment, will, gift, adoption, declaration, contract, inheritance
        // 证明事实
        case birth, marriage, kinship, education, experience, noCriminalRecord = "no-criminal-record"
        // 证明文书
        case signature, copyConformity = "copy-conformity"
        // 保全证据, 提存
        case evidencePreservation = "evidence-preservation", escrow

        /// Matters that only the applicant in person may apply for (no agent).
        public var requiresApplicantInPerson: Bool {
            switch self {
            case .will, .gift, .adoption, .entrustment, .declaration: true
            default: false
            }
        }
    }
}
