/// The service-specific forms of an application, keyed by service id in JSON
/// (`{"notary": {...}}`). An ordinary item carries one; a "一件事" bundle item carries one
/// for each service it fans out to.
public struct ServiceForms: Codable, Sendable, Equatable {
    public var lawyer: LawyerConsultation?
    public var notary: NotarizationRequest?
    public var arbitration: ArbitrationFiling?
    public var appraisal: AppraisalEntrustment?
    public var legalAid: LegalAidApplication?
    public var mediation: MediationRequest?

    public init(
        lawyer: LawyerConsultation? = nil, notary: NotarizationRequest? = nil,
        arbitration: ArbitrationFiling? = nil, appraisal: AppraisalEntrustment? = nil,
        legalAid: LegalAidApplication? = nil, mediation: MediationRequest? = nil
    ) {
        self.lawyer = lawyer
        self.notary = notary
        self.arbitration = arbitration
        self.appraisal = appraisal
        self.legalAid = legalAid
        self.mediation = mediation
    }

    enum CodingKeys: String, CodingKey {
        case lawyer, notary, arbitration, appraisal, mediation
        case legalAid = "legal-aid"
    }

    /// The services that have a form.
    public var services: Set<Service> {
        var result: Set<Service> = []
        if lawyer != nil { result.insert(.lawyer) }
        if notary != nil { result.insert(.notary) }
        if arbitration != nil { result.insert(.arbitration) }
        if appraisal != nil { result.insert(.appraisal) }
        if legalAid != nil { result.insert(.legalAid) }
        if mediation != nil { result.insert(.mediation) }
        return result
    }
}

/// A delivery of documents to the applicant: picked up, posted, or sent electronically.
public struct DocumentDelivery: Codable, Sendable, Equatable {
    public var method: Method
    /// Required when `method` is `post`.
    public var address: String?

    public init(method: Method, address: String? = nil) {
        self.method = method
        self.address = address
    }

    public enum Method: String, Codable, Sendable, CaseIterable {
        case pickup, post, electronic
    }
}
