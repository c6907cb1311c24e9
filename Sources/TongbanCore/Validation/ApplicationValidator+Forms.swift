import Foundation

extension ApplicationValidator {
    /// The forms must be exactly those of the item's services, each complete and consistent.
    func checkForms(_ application: Application, item: CatalogItem, today: CivilDate, into p: inout ProblemList) {
        let present = application.form.services
        for service in item.services where !present.contains(service) {
            p.add("/form/\(service.rawValue)", "form.missing", "请填写\(service.chineseName)申请表")
        }
        for service in present.sorted() where !item.services.contains(service) {
            p.add("/form/\(service.rawValue)", "form.unexpected", "该事项不包含\(service.chineseName)，请勿提交该申请表")
        }
        let form = application.form
        if let f = form.lawyer { checkLawyer(f, into: &p) }
        if let f = form.notary { checkNotary(f, agent: application.agent, into: &p) }
        if let f = form.arbitration { checkArbitration(f, application: application, today: today, into: &p) }
        if let f = form.appraisal { checkAppraisal(f, today: today, into: &p) }
        if let f = form.legalAid { checkLegalAid(f, materials: application.materials, into: &p) }
        if let f = form.mediation { checkMediation(f, counterparties: application.counterparties, into: &p) }
    }

    func checkLawyer(_ f: LawyerConsultation, into p: inout ProblemList) {
        let base = "/form/lawyer"
        p.text(f.question, at: "\(base)/question", label: "咨询问题", max: 2000)
        if let window = f.preferredTime, window.from >= window.to {
            p.add("\(base)/preferredTime", "form.inconsistent", "预约时段的开始时间应早于结束时间")
        }
        if let firm = f.preferredFirm, !firm.isEmpty {
            checkAgencyCode(firm, at: "\(base)/preferredFirm", service: .lawyer, label: "律师事务所", into: &p)
        }
        if let licence = f.preferredLawyerLicence, !licence.isEmpty,
           licence.count != 17 || !licence.allSatisfy(\.isASCIIDigit) {
            p.add("\(base)/preferredLawyerLicence", "form.invalid", "律师执业证号应为17位数字")
        }
    }

    func checkNotary(_ f: NotarizationRequest, agent: Party?, into p: inout ProblemList) {
        let base = "/form/notary"
        if agent != nil, f.matter.requiresApplicantInPerson {
            p.add("/agent", "agent.not_allowed", "该公证事项须由申请人本人办理，不得委托他人代理")
        }
        p.text(f.purpose, at: "\(base)/purpose", label: "公证用途", max: 200)
        if f.usedIn.count != 2 || !f.usedIn.allSatisfy({ $0.isASCII && $0.isUppercase }) {
            p.add("\(base)/usedIn", "form.invalid", "使用地应为两位国家或地区代码，例如CN、US")
        } else if f.usedIn != "CN", !f.foreignRelated {
            p.add("\(base)/foreignRelated", "form.inconsistent", "公证书在境外使用的，应标记为涉外公证")
        }
        if !f.foreignRelated, !f.translationLanguages.isEmpty {
            p.add("\(base)/translationLanguages", "form.inconsistent", "仅涉外公证需要译文")
        }
        for (i, language) in f.translationLanguages.enumerated()
        where language.count != 2 || !language.allSatisfy({ $0.isASCII && $0.isLowercase }) {
            p.add("\(base)/translationLanguages/\(i)", "form.invalid", "译文语种应为两位语言代码，例如en")
        }
        if !(1...20).contains(f.copies) {
            p.add("\(base)/copies", "form.invalid", "公证书份数应为1至20份")
        }
        if f.documents.isEmpty {
            p.add("\(base)/documents", "required", "请列明需要公证的文书")
        }
        for (i, document) in f.documents.enumerated() {
            p.text(document, at: "\(base)/documents/\(i)", label: "公证文书名称", max: 200)
        }
        checkDelivery(f.delivery, at: "\(base)/delivery", into: &p)
    }

    func checkMediation(_ f: MediationRequest, counterparties: [Party], into p: inout ProblemList) {
        let base = "/form/mediation"
        if counterparties.isEmpty {
            p.add("/counterparties", "counterparty.required", "人民调解申请须列明被申请人")
        }
        p.text(f.summary, at: "\(base)/summary", label: "纠纷简要情况", max: 5000)
        p.text(f.claims, at: "\(base)/claims", label: "调解请求", max: 2000)
        p.text(f.committee, at: "\(base)/committee", label: "调解委员会", max: 100, required: false)
        if f.alreadyAcceptedElsewhere {
            p.add("\(base)/alreadyAcceptedElsewhere", "mediation.not_admissible", "已由人民法院、公安机关或其他行政机关受理的纠纷，人民调解委员会不予受理")
        }
        if !f.consentToMediate {
            p.add("\(base)/consentToMediate", "form.inconsistent", "人民调解须申请人自愿，请确认同意调解")
        }
    }

    func checkDelivery(_ delivery: DocumentDelivery, at base: String, into p: inout ProblemList) {
        if delivery.method == .post {
            p.text(delivery.address, at: "\(base)/address", label: "邮寄地址", max: 200)
        }
    }

    /// An agency's credit code: valid, and of the organization kind the service needs.
    func checkAgencyCode(_ code: String, at pointer: String, service: Service, label: String, into p: inout ProblemList) {
        switch CreditCode.validate(code) {
        case .format?: p.add(pointer, "credit_code.format", "\(label)统一社会信用代码应为18位数字或大写字母")
        case .checkCharacter?: p.add(pointer, "credit_code.check", "\(label)统一社会信用代码校验位不正确")
        case nil:
            if let prefix = service.agencyCreditPrefix, !code.hasPrefix(prefix) {
                p.add(pointer, "credit_code.category", "\(label)统一社会信用代码应以\(prefix)开头")
            }
        }
    }
}
