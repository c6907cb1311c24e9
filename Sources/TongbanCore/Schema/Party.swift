/// A person or an organization taking part in an application.
public struct Party: Codable, Sendable, Equatable {
    /// Whether this party is a natural person or an organization.
    public var kind: Kind
    /// Full name (姓名 / 单位名称).
    public var name: String
    /// GA/T 2000.156 document type code (`111` resident ID, `001` unified social credit code…).
    public var idType: String
    /// The document number; resident ID check characters are stored upper-case.
    public var idNumber: String
    /// Mobile (11 digits) or fixed-line phone.
    public var phone: String?
    /// E-mail address.
    public var email: String?
    /// Postal address.
    public var address: String?
    /// Legal representative (法定代表人) of an organization.
    public var legalRepresentative: String?

    public init(
        kind: Kind, name: String, idType: String, idNumber: String, phone: String? = nil,
        email: String? = nil, address: String? = nil, legalRepresentative: String? = nil
    ) {
        self.kind = kind
        self.name = name
        self.idType = idType
        self.idNumber = idNumber
        self.phone = phone
        self.email = email
        self.address = address
        self.legalRepresentative = legalRepresentative
    }

    /// Natural person or organization.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case person, organization
    }
}
