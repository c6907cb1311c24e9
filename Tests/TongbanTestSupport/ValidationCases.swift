/// One way to break a sample application, and the problem validation must report. The
/// core tests run these through the validator; the server tests post them over HTTP.
public struct ValidationCase: Sendable, CustomStringConvertible {
    public var name: String
    public var fixture: String
    public var edits: [Edit]
    public var pointer: String
    public var code: String

    /// One change: a JSON path and its new value (nil removes it).
    public struct Edit: @unchecked Sendable { // the values are JSON literals, never mutated
        public var path: [Any]
        public var value: Any?
    }

    public var description: String { name }

    init(_ name: String, _ fixture: String, _ edits: [([Any], Any?)], _ pointer: String, _ code: String) {
        self.name = name
        self.fixture = "canonical/\(fixture).json"
        self.edits = edits.map { Edit(path: $0.0, value: $0.1) }
        self.pointer = pointer
        self.code = code
    }

    /// The broken application as a JSON object.
    public func object() throws -> [String: Any] {
        var object = try Fixtures.object(fixture)
        for edit in edits { object.set(edit.path, edit.value) }
        return object
    }

    public static let all: [ValidationCase] = [
        .init("resident ID check character", "notary-will", [(["applicant", "idNumber"], "340102198805059786")], "/applicant/idNumber", "resident_id.check"),
        .init("resident ID birth date", "notary-will", [(["applicant", "idNumber"], "31011520000230004X")], "/applicant/idNumber", "resident_id.birth_date"),
        .init("resident ID shape", "notary-will", [(["applicant", "idNumber"], "3101041990")], "/applicant/idNumber", "resident_id.format"),
        .init("credit code check character", "arbitration-filing", [(["counterparties", 0, "idNumber"], "91310104MA1FL3UQ4A")], "/counterparties/0/idNumber", "credit_code.check"),
        .init("credit code of the wrong kind of agency", "arbitration-filing", [(["form", "arbitration", "commission"], "313100004250044180")], "/form/arbitration/commission", "credit_code.category"),
        .init("unknown document type", "notary-will", [(["applicant", "idType"], "777")], "/applicant/idType", "document_type.unknown"),
        .init("organization document for a person", "mediation-request", [(["counterparties", 0, "idType"], "001")], "/counterparties/0/idType", "document_type.holder"),
        .init("passport number format", "notary-will", [(["applicant", "idType"], "414"), (["applicant", "idNumber"], "E1")], "/applicant/idNumber", "document_number.format"),
        .init("region not served", "notary-will", [(["region"], "310103")], "/region", "region.unknown"),
        .init("phone number", "notary-will", [(["applicant", "phone"], "12345")], "/applicant/phone", "phone.invalid"),
        .init("item not in the catalogue", "notary-will", [(["item", "code"], "1131000000241872062000299999000")], "/item/code", "item.unknown"),
        .init("item code with a bad credit-code part", "notary-will", [(["item", "code"], "1131000000241872072000202003000")], "/item/code", "item.code_invalid"),
        .init("required material missing", "notary-will", [(["materials", 1], nil)], "/materials", "material.missing"),
        .init("material without a usable file", "notary-will", [(["materials", 0, "files", 0, "uri"], "ftp://x/y")], "/materials/0/files/0/uri", "material.file_uri"),
        .init("arbitration without a respondent", "arbitration-filing", [(["counterparties"], [Any]())], "/counterparties", "counterparty.required"),
        .init("arbitration without a claim", "arbitration-filing", [(["form", "arbitration", "claims"], [Any]())], "/form/arbitration/claims", "required"),
        .init("amount in dispute not the sum of the claims", "arbitration-filing",
              [(["form", "arbitration", "claims", 2], nil), (["form", "arbitration", "amountInDispute"], "500000.00")],
              "/form/arbitration/amountInDispute", "form.inconsistent"),
        .init("malformed amount", "arbitration-filing", [(["form", "arbitration", "amountInDispute"], "50万")], "/form/arbitration/amountInDispute", "amount.format"),
        .init("agent for a will notarization", "notary-will",
              [(["agent"], ["kind": "person", "name": "王五", "idType": "111", "idNumber": "310107199209150020"])], "/agent", "agent.not_allowed"),
        .init("organization applying for a will", "notary-will",
              [(["applicant", "kind"], "organization"), (["applicant", "idType"], "001"), (["applicant", "idNumber"], "91310115MA1K4B7X2D")],
              "/applicant/kind", "applicant.kind_not_allowed"),
        .init("form of the wrong service", "lawyer-consultation",
              [(["form", "lawyer"], nil), (["form", "mediation"], ["disputeType": "other", "summary": "x", "claims": "y", "alreadyAcceptedElsewhere": false, "consentToMediate": true]),
               (["counterparties"], [["kind": "person", "name": "吴强", "idType": "111", "idNumber": "310115200002290048"]])],
              "/form/lawyer", "form.missing"),
        .init("bundle missing one of its forms", "bundle-unpaid-wages", [(["form", "mediation"], nil)], "/form/mediation", "form.missing"),
        .init("dispute already accepted elsewhere", "mediation-request", [(["form", "mediation", "alreadyAcceptedElsewhere"], true)],
              "/form/mediation/alreadyAcceptedElsewhere", "mediation.not_admissible"),
        .init("legal aid without finances or exemption", "legal-aid-application", [(["form", "legal-aid", "household"], nil)], "/form/legal-aid/household", "required"),
        .init("defence for a civil matter", "legal-aid-application", [(["form", "legal-aid", "aidForm"], "defence")], "/form/legal-aid/aidForm", "form.inconsistent"),
        .init("forensic appraisal without the person examined", "appraisal-entrustment", [(["form", "appraisal", "examinedPerson"], nil)],
              "/form/appraisal/examinedPerson", "required"),
        .init("post delivery without an address", "appraisal-entrustment", [(["form", "appraisal", "opinionDelivery", "address"], nil)],
              "/form/appraisal/opinionDelivery/address", "required"),
        .init("foreign use not marked foreign-related", "notary-will", [(["form", "notary", "usedIn"], "US")], "/form/notary/foreignRelated", "form.inconsistent"),
        .init("empty applicant name", "notary-will", [(["applicant", "name"], "  ")], "/applicant/name", "required"),
        .init("submitted in the future", "notary-will", [(["submittedAt"], "2099-01-01T00:00:00+08:00")], "/submittedAt", "submitted_at.future"),
        .init("unsupported schema version", "notary-will", [(["schemaVersion"], 2)], "/schemaVersion", "schema_version.unsupported"),
        .init("lawyer preferred firm of the wrong kind", "lawyer-consultation", [(["form", "lawyer", "preferredFirm"], "353100004250176821")],
              "/form/lawyer/preferredFirm", "credit_code.category"),
    ]
}
