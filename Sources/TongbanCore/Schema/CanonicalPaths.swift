/// Every JSON pointer the canonical schema v1 defines, with `*` for array indexes. Adapter
/// specs are checked against it, so a mapping that reads a field that does not exist is
/// refused by `tongban check`, not discovered at delivery. A test keeps it equal to the
/// JSON Schema document.
public enum CanonicalPaths {
    static let party = ["kind", "name", "idType", "idNumber", "phone", "email", "address", "legalRepresentative"]
    static let delivery = ["method", "address"]

    private static var tree: [String: Any] { [
        "schemaVersion": 0, "portalCaseNo": 0, "region": 0, "submittedAt": 0,
        "source": leaves(["portal", "channel", "level"]),
        "item": leaves(["code", "catalogCode", "name"]),
        "applicant": leaves(party), "agent": leaves(party), "counterparties": ["*": leaves(party)],
        "materials": ["*": ["code": 0, "name": 0, "onPaper": 0,
                            "files": ["*": leaves(["uri", "name", "mediaType", "size", "sha256"])]] as [String: Any]],
        "form": [
            "lawyer": leaves(["legalArea", "question", "channel", "preferredFirm", "preferredLawyerLicence"])
                .merging(["preferredTime": leaves(["from", "to"])]) { a, _ in a },
            "notary": leaves(["matter", "purpose", "usedIn", "copies", "foreignRelated"])
                .merging(["translationLanguages": ["*": 0], "documents": ["*": 0], "delivery": leaves(delivery)]) { a, _ in a },
            "arbitration": leaves(["commission", "amountInDispute", "factsAndReasons"]).merging([
                "coClaimants": ["*": leaves(party)],
                "agreement": leaves(["kind", "reference", "signedOn"]),
                "claims": ["*": leaves(["text", "amount"])],
                "evidence": ["*": leaves(["number", "name", "source", "purpose", "materialCode"])],
                "witnesses": ["*": leaves(["name", "phone", "address"])],
            ]) { a, _ in a },
            "appraisal": leaves(["category", "subType", "purpose", "reappraisal", "caseSummary", "feePayer"]).merging([
                "examinedPerson": leaves(party),
                "items": ["*": leaves(["name", "kind", "quantity", "condition", "label", "returnWanted"])],
                "opinionDelivery": leaves(delivery),
            ]) { a, _ in a },
            "legal-aid": leaves(["financialStatementSigned", "matterType", "aidForm", "caseStage", "facts"]).merging([
                "household": leaves(["size", "monthlyIncome"]), "exemption": leaves(["basis", "proofMaterial"]),
            ]) { a, _ in a },
            "mediation": leaves(["disputeType", "summary", "claims", "committee", "alreadyAcceptedElsewhere", "consentToMediate"]),
        ] as [String: Any],
    ] }

    private static func leaves(_ names: [String]) -> [String: Any] {
        Dictionary(uniqueKeysWithValues: names.map { ($0, 0 as Any) })
    }

    /// Every pointer, objects and arrays included (`/applicant`, `/counterparties/*/name`).
    public static let all: Set<String> = {
        var out: Set<String> = []
        func walk(_ node: [String: Any], _ prefix: String) {
            for (key, child) in node {
                let path = prefix + "/" + key
                out.insert(path)
                if let object = child as? [String: Any] { walk(object, path) }
            }
        }
        walk(tree, "")
        return out
    }()

    /// Whether `pointer` names a field of the schema; numeric tokens match `*`.
    public static func isKnown(_ pointer: String) -> Bool {
        if pointer.isEmpty { return true }
        let generic = pointer.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
            .map { $0.allSatisfy(\.isNumber) && !$0.isEmpty ? "*" : String($0) }
        return all.contains("/" + generic.joined(separator: "/"))
    }
}
