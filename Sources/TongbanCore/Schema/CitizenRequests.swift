/// The body of `POST /v1/applications/{id}/withdrawal` (it may be empty).
public struct WithdrawalBody: Decodable, Sendable, Equatable {
    /// Why the applicant withdraws, passed to the back ends that can be told.
    public var reason: String

    public init(reason: String = "") { self.reason = reason }

    enum CodingKeys: String, CodingKey, CaseIterable { case reason }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        reason = try c.decodeIfPresent(String.self, forKey: .reason) ?? ""
    }

    public func problems() -> [ValidationProblem] {
        var p = ProblemList()
        p.text(reason, at: "/reason", label: "撤回原因", max: 500, required: false)
        p.plainText(reason, at: "/reason", label: "撤回原因")
        return p.problems
    }
}

/// The body of `POST /v1/applications/{id}/supplements`: materials the applicant adds
/// after a back end asked for them (补正).
public struct Supplement: Codable, Sendable, Equatable {
    /// The portal's id for this supplement; sending it again is a repeat, not a second supplement.
    public var supplementId: String
    /// The target it is for; when absent, every target waiting for supplements.
    public var targetId: String?
    /// A message from the applicant.
    public var note: String?
    public var materials: [Material]

    public init(supplementId: String, targetId: String? = nil, note: String? = nil, materials: [Material]) {
        self.supplementId = supplementId
        self.targetId = targetId
        self.note = note
        self.materials = materials
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case supplementId, targetId, note, materials }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        supplementId = try c.decode(String.self, forKey: .supplementId)
        targetId = try c.decodeIfPresent(String.self, forKey: .targetId)
        note = try c.decodeIfPresent(String.self, forKey: .note)
        materials = try c.decode([Material].self, forKey: .materials)
    }

    public func problems() -> [ValidationProblem] {
        var p = ProblemList()
        if supplementId.isEmpty || supplementId.utf8.count > 64
            || !supplementId.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0)) }) {
            p.add("/supplementId", "supplement.id", "补正编号应为1至64位字母、数字、-、_或.")
        }
        p.text(note, at: "/note", label: "补正说明", max: 500, required: false)
        p.plainText(note, at: "/note", label: "补正说明")
        if materials.isEmpty || materials.count > 50 { p.add("/materials", "supplement.materials", "请提交1至50份补正材料") }
        ApplicationValidator.checkMaterialFiles(materials, into: &p)
        for (i, material) in materials.enumerated() where !material.isProvided {
            p.add("/materials/\(i)", "material.missing", "补正材料\(material.name)未附文件，也未登记纸质原件")
        }
        return p.problems
    }
}
