import Foundation

extension ApplicationValidator {
    func checkArbitration(_ f: ArbitrationFiling, application: Application, today: CivilDate, into p: inout ProblemList) {
        let base = "/form/arbitration"
        checkAgencyCode(f.commission, at: "\(base)/commission", service: .arbitration, label: "仲裁委员会", into: &p)
        if application.counterparties.isEmpty {
            p.add("/counterparties", "counterparty.required", "仲裁申请须列明被申请人")
        }
        for (i, party) in (f.coClaimants ?? []).enumerated() {
            checkParty(party, at: "\(base)/coClaimants/\(i)", label: "共同申请人", today: today, into: &p)
        }
        p.text(f.agreement.reference, at: "\(base)/agreement/reference", label: "仲裁协议或合同名称", max: 200)
        if let signed = f.agreement.signedOn, CivilDate(iso: signed).map({ $0 > today }) ?? true {
            p.add("\(base)/agreement/signedOn", "form.invalid", "仲裁协议签订日期应为不晚于今天的日期（yyyy-MM-dd）")
        }
        if f.claims.isEmpty {
            p.add("\(base)/claims", "required", "请填写仲裁请求")
        }
        var total: Decimal = 0
        var allPriced = !f.claims.isEmpty
        for (i, claim) in f.claims.enumerated() {
            p.text(claim.text, at: "\(base)/claims/\(i)/text", label: "仲裁请求", max: 1000)
            if let amount = claim.amount {
                p.money(amount, at: "\(base)/claims/\(i)/amount", label: "请求金额")
                total += Money.parse(amount) ?? 0
            } else {
                allPriced = false
            }
        }
        p.money(f.amountInDispute, at: "\(base)/amountInDispute", label: "争议金额")
        if allPriced, let amount = Money.parse(f.amountInDispute), amount != total {
            p.add("\(base)/amountInDispute", "form.inconsistent", "争议金额应等于各项请求金额之和（\(total)元）")
        }
        p.text(f.factsAndReasons, at: "\(base)/factsAndReasons", label: "事实与理由", max: 10000)
        let codes = Set(application.materials.map(\.code))
        for (i, item) in f.evidence.enumerated() {
            let at = "\(base)/evidence/\(i)"
            if item.number != i + 1 { p.add("\(at)/number", "form.inconsistent", "证据序号应从1起连续编号") }
            p.text(item.name, at: "\(at)/name", label: "证据名称", max: 200)
            p.text(item.source, at: "\(at)/source", label: "证据来源", max: 200)
            p.text(item.purpose, at: "\(at)/purpose", label: "证明目的", max: 500)
            if let code = item.materialCode, !codes.contains(code) {
                p.add("\(at)/materialCode", "form.inconsistent", "证据对应的材料\(code)未上传")
            }
        }
        for (i, witness) in (f.witnesses ?? []).enumerated() {
            p.text(witness.name, at: "\(base)/witnesses/\(i)/name", label: "证人姓名", max: 100)
            if let phone = witness.phone, !phone.isEmpty, !Phone.isValid(phone) {
                p.add("\(base)/witnesses/\(i)/phone", "phone.invalid", "证人联系电话格式不正确")
            }
        }
    }

    func checkAppraisal(_ f: AppraisalEntrustment, today: CivilDate, into p: inout ProblemList) {
        let base = "/form/appraisal"
        p.text(f.subType, at: "\(base)/subType", label: "鉴定事项", max: 100)
        p.text(f.caseSummary, at: "\(base)/caseSummary", label: "案情摘要", max: 5000)
        p.text(f.feePayer, at: "\(base)/feePayer", label: "鉴定费用承担人", max: 100)
        if f.category == .forensic {
            if let person = f.examinedPerson {
                checkParty(person, at: "\(base)/examinedPerson", label: "被鉴定人", today: today, into: &p)
            } else {
                p.add("\(base)/examinedPerson", "required", "法医类鉴定须填写被鉴定人信息")
            }
        }
        if f.items.isEmpty { p.add("\(base)/items", "required", "请列明鉴定材料（检材）") }
        for (i, item) in f.items.enumerated() {
            let at = "\(base)/items/\(i)"
            p.text(item.name, at: "\(at)/name", label: "检材名称", max: 200)
            p.text(item.kind, at: "\(at)/kind", label: "检材类别", max: 100)
            p.text(item.condition, at: "\(at)/condition", label: "检材状态", max: 200)
            if item.quantity < 1 { p.add("\(at)/quantity", "form.invalid", "检材数量应至少为1") }
        }
        checkDelivery(f.opinionDelivery, at: "\(base)/opinionDelivery", into: &p)
    }

    func checkLegalAid(_ f: LegalAidApplication, materials: [Material], into p: inout ProblemList) {
        let base = "/form/legal-aid"
        if f.household == nil, f.exemption == nil {
            p.add("\(base)/household", "required", "请填写家庭经济状况，或选择免予核查经济困难的情形")
        }
        if let household = f.household {
            if !(1...30).contains(household.size) { p.add("\(base)/household/size", "form.invalid", "家庭人口数应为1至30") }
            p.money(household.monthlyIncome, at: "\(base)/household/monthlyIncome", label: "家庭月收入")
        }
        if let exemption = f.exemption, !materials.contains(where: { $0.code == exemption.proofMaterial && $0.isProvided }) {
            p.add("\(base)/exemption/proofMaterial", "material.missing", "请提交免予核查经济困难的证明材料（\(exemption.proofMaterial)）")
        }
        if !f.financialStatementSigned {
            p.add("\(base)/financialStatementSigned", "form.inconsistent", "请签署经济困难状况说明表")
        }
        let criminalStage = f.caseStage == .investigation || f.caseStage == .prosecution
        if f.aidForm == .defence, f.matterType != .criminal {
            p.add("\(base)/aidForm", "form.inconsistent", "刑事辩护仅适用于刑事案件")
        }
        if criminalStage, f.matterType != .criminal {
            p.add("\(base)/caseStage", "form.inconsistent", "侦查、审查起诉阶段仅适用于刑事案件")
        }
        if f.exemption?.basis == .migrantWorkerWages, f.matterType != .wages {
            p.add("\(base)/exemption/basis", "form.inconsistent", "农民工请求支付劳动报酬的免审情形仅适用于追索劳动报酬事项")
        }
        p.text(f.facts, at: "\(base)/facts", label: "案情及申请理由", max: 10000)
    }
}
