import Foundation

/// An application (办件) in the canonical schema, version 1 (DESIGN 2).
///
/// Every dialect normalizes into this type; validation, storage, routing and (later)
/// adapters only ever see it. Field-by-field documentation: `docs/schema.md`; the JSON
/// Schema for integrators: `docs/schema/application-v1.schema.json`.
public struct Application: Codable, Sendable, Equatable {
    /// Schema version of this document; always 1 for now.
    public var schemaVersion: Int
    /// The portal's case number (办件编号): unique per portal, the idempotency key.
    public var portalCaseNo: String
    /// Where the application came from.
    public var source: Source
    /// The catalogue item applied for.
    public var item: ItemRef
    /// GB/T 2260 region code, 6 digits.
    public var region: String
    /// The applicant (申请人).
    public var applicant: Party
    /// Someone acting for the applicant (代理人 / 联系人), if any.
    public var agent: Party?
    /// The other side: respondents of an arbitration or mediation, the opposing party of a
    /// legal-aid matter.
    public var counterparties: [Party]
    /// Materials (申请材料) handed in with the application.
    public var materials: [Material]
    /// The service-specific forms, one per service of the item.
    public var form: ServiceForms
    /// When the applicant submitted it at the portal.
    public var submittedAt: Date

    public init(
        schemaVersion: Int = 1, portalCaseNo: String, source: Source, item: ItemRef, region: String,
        applicant: Party, agent: Party? = nil, counterparties: [Party] = [], materials: [Material] = [],
        form: ServiceForms, submittedAt: Date
    ) {
        self.schemaVersion = schemaVersion
        self.portalCaseNo = portalCaseNo
        self.source = source
        self.item = item
        self.region = region
        self.applicant = applicant
        self.agent = agent
        self.counterparties = counterparties
        self.materials = materials
        self.form = form
        self.submittedAt = submittedAt
    }

    enum CodingKeys: String, CodingKey {
        case schemaVersion, portalCaseNo, source, item, region, applicant, agent, counterparties, materials, form, submittedAt
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        schemaVersion = try c.decodeIfPresent(Int.self, forKey: .schemaVersion) ?? 1
        portalCaseNo = try c.decode(String.self, forKey: .portalCaseNo)
        source = try c.decodeIfPresent(Source.self, forKey: .source) ?? Source()
        item = try c.decode(ItemRef.self, forKey: .item)
        region = try c.decode(String.self, forKey: .region)
        applicant = try c.decode(Party.self, forKey: .applicant)
        agent = try c.decodeIfPresent(Party.self, forKey: .agent)
        counterparties = try c.decodeIfPresent([Party].self, forKey: .counterparties) ?? []
        materials = try c.decodeIfPresent([Material].self, forKey: .materials) ?? []
        form = try c.decode(ServiceForms.self, forKey: .form)
        submittedAt = try c.decode(Date.self, forKey: .submittedAt)
    }
}

/// Where an application came from.
public struct Source: Codable, Sendable, Equatable {
    /// The portal id, set by the gateway from the authenticated caller (never trusted from the body).
    public var portal: String
    /// The channel the citizen used: one of the 12348 "three platforms".
    public var channel: Channel
    /// The administrative level of the receiving point.
    public var level: Level?

    public init(portal: String = "", channel: Channel = .online, level: Level? = nil) {
        self.portal = portal
        self.channel = channel
        self.level = level
    }

    enum CodingKeys: String, CodingKey { case portal, channel, level }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        portal = try c.decodeIfPresent(String.self, forKey: .portal) ?? ""
        channel = try c.decodeIfPresent(Channel.self, forKey: .channel) ?? .online
        level = try c.decodeIfPresent(Level.self, forKey: .level)
    }

    /// The channel the citizen used.
    public enum Channel: String, Codable, Sendable, CaseIterable {
        case online, mobile, hotline, counter
        case selfService = "self-service"
    }

    /// The administrative level of the receiving point.
    public enum Level: String, Codable, Sendable, CaseIterable {
        case city, district, street, village
    }
}

/// The catalogue item applied for.
public struct ItemRef: Codable, Sendable, Equatable {
    /// 实施编码 (GB/T 39554.1 implementing code) or a local code listed in the catalogue.
    public var code: String
    /// The basic (catalogue) code, when the portal sends it.
    public var catalogCode: String?
    /// The item name as the portal shows it.
    public var name: String?

    public init(code: String, catalogCode: String? = nil, name: String? = nil) {
        self.code = code
        self.catalogCode = catalogCode
        self.name = name
    }
}
