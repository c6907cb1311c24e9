import Foundation
import TongbanCore

/// Turns a `yiwang` application into the canonical one (DESIGN 1). Problems that only the
/// dialect can have (an unknown `applyfrom`, a malformed `receivetime`) are reported with
/// pointers into the yiwang document; validation problems found later on the canonical
/// form are mapped back with `pointer(forCanonical:)`.
public struct YiwangNormalizer: Sendable {
    public var documentTypes: DocumentTypeTable
    /// The vendor table for `apply_cardtype` codes, as configured for the portal.
    public var vendor: String?

    public init(documentTypes: DocumentTypeTable, vendor: String? = nil) {
        self.documentTypes = documentTypes
        self.vendor = vendor
    }

    /// `applyfrom` words and the channels they name.
    static let channels: [String: Source.Channel] = [
        "网上": .online, "网上申报": .online, "移动端": .mobile, "窗口": .counter,
        "热线": .hotline, "自助": .selfService, "自助终端": .selfService,
    ]

    /// The normalized application and any dialect-level problems.
    public func normalize(_ y: YiwangApplication, portal: String) -> (Application, [ValidationProblem]) {
        var problems: [ValidationProblem] = []
        let channel: Source.Channel
        if let word = y.applyfrom, !word.isEmpty {
            channel = Self.channels[word] ?? .online
            if Self.channels[word] == nil {
                problems.append(.init(pointer: "/applyfrom", code: "channel.unknown", message: "申报来源“\(word)”无法识别，应为网上、移动端、窗口、热线或自助"))
            }
        } else {
            channel = .online
        }
        let submittedAt = BeijingTime.parse(y.receivetime) ?? Date(timeIntervalSince1970: 0)
        if BeijingTime.parse(y.receivetime) == nil {
            problems.append(.init(pointer: "/receivetime", code: "time.format", message: "申报时间应为北京时间yyyy-MM-dd HH:mm:ss"))
        }
        let kind: Party.Kind
        switch y.applyType ?? "0" {
        case "0", "": kind = .person
        case "1", "2": kind = .organization
        default:
            kind = .person
            problems.append(.init(pointer: "/apply_type", code: "applicant.kind_unknown", message: "申请人类型应为0（个人）、1（企业）或2（非企业组织）"))
        }
        let applicantType = documentTypes.canonicalCode(for: y.applyCardtype, vendor: vendor)
        let applicant = Party(
            kind: kind, name: y.applyname, idType: applicantType,
            idNumber: number(y.applyCardnumber, type: applicantType),
            phone: nonEmpty(y.telphone), address: nonEmpty(y.address),
            legalRepresentative: nonEmpty(y.legalman)
        )
        var agent: Party?
        if let name = nonEmpty(y.contactman), let cardNumber = nonEmpty(y.contactmanCardnumber),
           cardNumber != y.applyCardnumber {
            let type = documentTypes.canonicalCode(for: y.contactmanCardtype ?? "", vendor: vendor)
            agent = Party(kind: .person, name: name, idType: type, idNumber: number(cardNumber, type: type))
        }
        let materials = y.attrs.map { attr in
            let files = nonEmpty(attr.fileURL).map { [Material.File(uri: $0, name: nonEmpty(attr.filename) ?? attr.attrname)] } ?? []
            let onPaper = attr.taketype == "纸质" && attr.istake == "1"
            return Material(code: attr.attrid, name: attr.attrname, files: files, onPaper: onPaper ? true : nil)
        }
        let application = Application(
            portalCaseNo: y.projid,
            source: Source(portal: portal, channel: channel),
            item: ItemRef(code: y.servicecode, name: nonEmpty(y.servicename)),
            region: RegionTable.normalized(y.areacode),
            applicant: applicant, agent: agent, counterparties: y.form.counterparties,
            materials: materials, form: y.form.forms, submittedAt: submittedAt
        )
        return (application, problems)
    }

    private func number(_ raw: String, type: String) -> String {
        type == "111" ? ResidentID.normalized(raw) : raw
    }

    private func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }

    /// Canonical pointers and the yiwang keys they came from.
    static let pointers: [String: String] = [
        "/portalCaseNo": "/projid", "/item/code": "/servicecode", "/region": "/areacode",
        "/submittedAt": "/receivetime", "/applicant/name": "/applyname", "/applicant/idType": "/apply_cardtype",
        "/applicant/idNumber": "/apply_cardnumber", "/applicant/phone": "/telphone", "/applicant/address": "/address",
        "/applicant/kind": "/apply_type", "/agent": "/contactman", "/agent/name": "/contactman",
        "/agent/idType": "/contactman_cardtype", "/agent/idNumber": "/contactman_cardnumber", "/materials": "/attrs",
    ]

    /// Where a problem found on the canonical form points in the yiwang document.
    public static func pointer(forCanonical pointer: String) -> String {
        if let mapped = pointers[pointer] { return mapped }
        if pointer.hasPrefix("/counterparties") { return "/form" + pointer }
        if pointer.hasPrefix("/materials/") {
            // /materials/i/files/0/uri → /attrs/i/file_url ; /materials/i/code → /attrs/i/attrid
            let parts = pointer.split(separator: "/").map(String.init)
            let index = parts[1]
            let leaf: String
            switch parts.last {
            case "code": leaf = "attrid"
            case "name" where parts.count == 3: leaf = "attrname"
            case "name": leaf = "filename"
            default: leaf = "file_url"
            }
            return "/attrs/\(index)/\(leaf)"
        }
        return pointer
    }
}
