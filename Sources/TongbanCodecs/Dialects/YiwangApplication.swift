import Foundation
import TongbanCore

/// An application in the `yiwang` dialect: the 一网通办 field set of DOMAIN 2 as a JSON
/// object. Platforms send numbers as strings and strings as numbers, so every scalar is
/// read loosely; missing keys become empty values that validation then reports.
public struct YiwangApplication: Decodable, Sendable {
    public var projid: String
    public var servicecode: String
    public var servicename: String?
    public var projectname: String?
    public var infotype: String?
    public var applyfrom: String?
    public var applyType: String?
    public var applyname: String
    public var applyCardtype: String
    public var applyCardnumber: String
    public var contactman: String?
    public var contactmanCardtype: String?
    public var contactmanCardnumber: String?
    public var telphone: String?
    public var postcode: String?
    public var address: String?
    public var legalman: String?
    public var deptid: String?
    public var deptname: String?
    public var areacode: String
    public var receivetime: String
    public var attrs: [Attr]
    public var form: Form

    /// One material (`attrs[]`).
    public struct Attr: Decodable, Sendable {
        public var attrid: String
        public var attrname: String
        public var taketype: String?
        public var istake: String?
        public var amount: String?
        public var fileURL: String?
        public var filename: String?

        enum CodingKeys: String, CodingKey {
            case attrid, attrname, taketype, istake, amount, filename
            case fileURL = "file_url"
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            attrid = try c.loose(.attrid) ?? ""
            attrname = try c.loose(.attrname) ?? ""
            taketype = try c.loose(.taketype)
            istake = try c.loose(.istake)
            amount = try c.loose(.amount)
            fileURL = try c.loose(.fileURL)
            filename = try c.loose(.filename)
        }
    }

    /// The business form: the canonical service forms keyed by service id, plus the other
    /// side of the matter, which the flat field set has no place for.
    public struct Form: Decodable, Sendable {
        public var forms: ServiceForms
        public var counterparties: [Party]

        enum CodingKeys: String, CodingKey { case counterparties }

        public init(from decoder: any Decoder) throws {
            forms = try ServiceForms(from: decoder)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            counterparties = try c.decodeIfPresent([Party].self, forKey: .counterparties) ?? []
        }
    }

    enum CodingKeys: String, CodingKey {
        case projid, servicecode, servicename, projectname, infotype, applyfrom, applyname
        case applyType = "apply_type", applyCardtype = "apply_cardtype", applyCardnumber = "apply_cardnumber"
        case contactman, contactmanCardtype = "contactman_cardtype", contactmanCardnumber = "contactman_cardnumber"
        case telphone, postcode, address, legalman, deptid, deptname, areacode, receivetime, attrs, form
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        projid = try c.loose(.projid) ?? ""
        servicecode = try c.loose(.servicecode) ?? ""
        servicename = try c.loose(.servicename)
        projectname = try c.loose(.projectname)
        infotype = try c.loose(.infotype)
        applyfrom = try c.loose(.applyfrom)
        applyType = try c.loose(.applyType)
        applyname = try c.loose(.applyname) ?? ""
        applyCardtype = try c.loose(.applyCardtype) ?? ""
        applyCardnumber = try c.loose(.applyCardnumber) ?? ""
        contactman = try c.loose(.contactman)
        contactmanCardtype = try c.loose(.contactmanCardtype)
        contactmanCardnumber = try c.loose(.contactmanCardnumber)
        telphone = try c.loose(.telphone)
        postcode = try c.loose(.postcode)
        address = try c.loose(.address)
        legalman = try c.loose(.legalman)
        deptid = try c.loose(.deptid)
        deptname = try c.loose(.deptname)
        areacode = try c.loose(.areacode) ?? ""
        receivetime = try c.loose(.receivetime) ?? ""
        attrs = try c.decodeIfPresent([Attr].self, forKey: .attrs) ?? []
        form = try c.decode(Form.self, forKey: .form)
    }
}

extension KeyedDecodingContainer {
    /// A scalar as text: strings as they are, numbers and booleans spelled out, null or
    /// absent as nil. Objects and arrays are a type error.
    func loose(_ key: Key) throws -> String? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        if let text = try? decode(String.self, forKey: key) { return text }
        if let number = try? decode(Int.self, forKey: key) { return String(number) }
        if let flag = try? decode(Bool.self, forKey: key) { return flag ? "1" : "0" }
        return try decode(String.self, forKey: key)
    }
}
