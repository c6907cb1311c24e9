/// 仲裁: a commercial arbitration filing (DOMAIN 3). The applicant is the first claimant;
/// the respondents are the application's `counterparties`.
public struct ArbitrationFiling: Codable, Sendable, Equatable {
    /// Credit code (35…) of the arbitration commission.
    public var commission: String
    /// Further claimants besides the applicant.
    public var coClaimants: [Party]?
    /// The arbitration agreement the filing rests on.
    public var agreement: Agreement
    /// The claims (仲裁请求), at least one.
    public var claims: [Claim]
    /// Amount in dispute in CNY, as a decimal string with at most two decimals.
    public var amountInDispute: String
    /// Facts and reasons (事实与理由).
    public var factsAndReasons: String
    /// The evidence list.
    public var evidence: [Evidence]
    /// Witnesses, if any.
    public var witnesses: [Witness]?

    public init(
        commission: String, coClaimants: [Party]? = nil, agreement: Agreement, claims: [Claim],
        amountInDispute: String, factsAndReasons: String, evidence: [Evidence], witnesses: [Witness]? = nil
    ) {
        self.commission = commission
        self.coClaimants = coClaimants
        self.agreement = agreement
        self.claims = claims
        self.amountInDispute = amountInDispute
        self.factsAndReasons = factsAndReasons
        self.evidence = evidence
        self.witnesses = witnesses
    }

    /// An arbitration clause in a contract, or a separate arbitration agreement.
    public struct Agreement: Codable, Sendable, Equatable {
        public var kind: Kind
        /// The contract or agreement the clause is in (name and number).
        public var reference: String
        /// Date signed, `yyyy-MM-dd`.
        public var signedOn: String?
        public init(kind: Kind, reference: String, signedOn: String? = nil) {
            self.kind = kind
            self.reference = reference
            self.signedOn = signedOn
        }
        public enum Kind: String, Codable, Sendable, CaseIterable {
            case clause
            case separateAgreement = "separate-agreement"
        }
    }

    /// One claim; `amount` is a CNY decimal string when the claim is monetary.
    public struct Claim: Codable, Sendable, Equatable {
        public var text: String
        public var amount: String?
        public init(text: String, amount: String? = nil) {
            self.text = text
            self.amount = amount
        }
    }

    /// One item of evidence, numbered from 1.
    public struct Evidence: Codable, Sendable, Equatable {
        public var number: Int
        public var name: String
        public var source: String
        public var purpose: String
        /// The material code of the file carrying it, when one was uploaded.
        public var materialCode: String?
        public init(number: Int, name: String, source: String, purpose: String, materialCode: String? = nil) {
            self.number = number
            self.name = name
            self.source = source
            self.purpose = purpose
            self.materialCode = materialCode
        }
    }

    /// A witness.
    public struct Witness: Codable, Sendable, Equatable {
        public var name: String
        public var phone: String?
        public var address: String?
        public init(name: String, phone: String? = nil, address: String? = nil) {
            self.name = name
            self.phone = phone
            self.address = address
        }
    }
}
