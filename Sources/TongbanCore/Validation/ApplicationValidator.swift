import Foundation

/// Validates a canonical application against the reference data and the catalogue, and
/// reports every problem at once (DESIGN 1). Pure: the caller supplies today's date.
public struct ApplicationValidator: Sendable {
    public var catalog: ServiceCatalog
    public var documentTypes: DocumentTypeTable
    public var regions: RegionTable

    public init(catalog: ServiceCatalog, documentTypes: DocumentTypeTable, regions: RegionTable) {
        self.catalog = catalog
        self.documentTypes = documentTypes
        self.regions = regions
    }

    /// Every problem of `application`; empty when it may be stored. `now` bounds birth dates
    /// and submission times.
    public func validate(_ application: Application, now: Date) -> [ValidationProblem] {
        var p = ProblemList()
        let today = BeijingTime.civilDate(of: now)
        if application.schemaVersion != 1 {
            p.add("/schemaVersion", "schema_version.unsupported", "不支持的数据版本\(application.schemaVersion)，当前为1")
        }
        p.text(application.portalCaseNo, at: "/portalCaseNo", label: "办件编号", max: 64)
        if application.submittedAt.timeIntervalSince(now) > 300 {
            p.add("/submittedAt", "submitted_at.future", "申报时间晚于当前时间")
        }
        if !regions.contains(application.region) {
            p.add("/region", "region.unknown", "行政区划代码\(application.region)不在受理范围内")
        }
        checkParty(application.applicant, at: "/applicant", label: "申请人", today: today, into: &p)
        if let agent = application.agent {
            checkParty(agent, at: "/agent", label: "代理人", today: today, into: &p)
        }
        for (i, party) in application.counterparties.enumerated() {
            checkParty(party, at: "/counterparties/\(i)", label: "对方当事人", today: today, into: &p)
        }
        Self.checkMaterialFiles(application.materials, into: &p)
        if let item = checkItem(application, into: &p) {
            checkMaterials(application.materials, item: item, into: &p)
            checkForms(application, item: item, today: today, into: &p)
        }
        return p.problems
    }

    /// Checks the item code; returns the catalogue item when it is known.
    private func checkItem(_ application: Application, into p: inout ProblemList) -> CatalogItem? {
        let code = application.item.code
        guard p.text(code, at: "/item/code", label: "事项编码", max: 64) else { return nil }
        if ItemCode.hasNationalShape(code), !ItemCode.creditPartIsValid(code) {
            p.add("/item/code", "item.code_invalid", "事项编码中的实施主体统一社会信用代码不正确")
        }
        guard let item = catalog[code] else {
            p.add("/item/code", "item.unknown", "事项编码\(code)不在服务目录中")
            return nil
        }
        if !item.applicantKinds.isEmpty, !item.applicantKinds.contains(application.applicant.kind) {
            let who = application.applicant.kind == .person ? "个人" : "单位"
            p.add("/applicant/kind", "applicant.kind_not_allowed", "该事项不受理\(who)申请")
        }
        return item
    }

    func checkParty(_ party: Party, at base: String, label: String, today: CivilDate, into p: inout ProblemList) {
        p.text(party.name, at: "\(base)/name", label: "\(label)姓名或名称", max: 100)
        if let phone = party.phone, !phone.isEmpty, !Phone.isValid(phone) {
            p.add("\(base)/phone", "phone.invalid", "\(label)联系电话格式不正确")
        }
        if let email = party.email, !email.isEmpty, !isPlausibleEmail(email) {
            p.add("\(base)/email", "email.invalid", "\(label)电子邮箱格式不正确")
        }
        p.text(party.address, at: "\(base)/address", label: "\(label)地址", max: 200, required: false)
        guard p.text(party.idNumber, at: "\(base)/idNumber", label: "\(label)证件号码", max: 40) else { return }
        guard let type = documentTypes[party.idType] else {
            p.add("\(base)/idType", "document_type.unknown", "\(label)证件类型代码\(party.idType)无效")
            return
        }
        if type.holder != party.kind {
            let expected = party.kind == .person ? "个人" : "单位"
            p.add("\(base)/idType", "document_type.holder", "\(label)证件类型“\(type.name)”不适用于\(expected)")
        }
        let pointer = "\(base)/idNumber"
        switch type.check {
        case .residentID:
            switch ResidentID.validate(party.idNumber, today: today.yyyymmdd) {
            case .format?: p.add(pointer, "resident_id.format", "\(label)身份证号码应为18位")
            case .birthDate?: p.add(pointer, "resident_id.birth_date", "\(label)身份证号码中的出生日期无效")
            case .checkCharacter?: p.add(pointer, "resident_id.check", "\(label)身份证号码校验位不正确，请核对")
            case nil: break
            }
        case .creditCode:
            switch CreditCode.validate(party.idNumber) {
            case .format?: p.add(pointer, "credit_code.format", "\(label)统一社会信用代码应为18位数字或大写字母")
            case .checkCharacter?: p.add(pointer, "credit_code.check", "\(label)统一社会信用代码校验位不正确，请核对")
            case nil: break
            }
        case .pattern:
            if !documentTypes.matchesPattern(party.idNumber, code: type.code) {
                p.add(pointer, "document_number.format", "\(label)\(type.name)号码格式不正确")
            }
        case .none:
            break
        }
    }

    private func isPlausibleEmail(_ email: String) -> Bool {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && email.count <= 100
            && !email.contains(" ")
    }

    /// The files of each material: http(s) links, names, sizes and digests.
    static func checkMaterialFiles(_ materials: [Material], into p: inout ProblemList) {
        for (i, material) in materials.enumerated() {
            let base = "/materials/\(i)"
            p.text(material.code, at: "\(base)/code", label: "材料编码", max: 64)
            p.text(material.name, at: "\(base)/name", label: "材料名称", max: 200)
            for (j, file) in material.files.enumerated() {
                let fileBase = "\(base)/files/\(j)"
                let uri = file.uri.lowercased()
                if !(uri.hasPrefix("https://") || uri.hasPrefix("http://")) || file.uri.count > 1000 {
                    p.add("\(fileBase)/uri", "material.file_uri", "材料文件地址应为http或https链接")
                }
                p.text(file.name, at: "\(fileBase)/name", label: "文件名", max: 200)
                if let size = file.size, size <= 0 {
                    p.add("\(fileBase)/size", "material.file_size", "材料文件大小应大于0")
                }
                if let digest = file.sha256, digest.count != 64 || !digest.allSatisfy(\.isHexDigit) || digest != digest.lowercased() {
                    p.add("\(fileBase)/sha256", "material.file_digest", "材料文件摘要应为64位小写十六进制SHA-256")
                }
            }
        }
    }

    private func checkMaterials(_ materials: [Material], item: CatalogItem, into p: inout ProblemList) {
        let provided = Set(materials.filter(\.isProvided).map(\.code))
        for requirement in item.materials where requirement.required && !provided.contains(requirement.code) {
            p.add("/materials", "material.missing", "缺少必要材料：\(requirement.name)（\(requirement.code)）")
        }
    }
}
