import Foundation
import TongbanCore
import TongbanCrypto

/// One event of the audit chain (DESIGN 6), every field of which is hashed.
public struct EventRecord: Sendable, Equatable {
    public var id: String
    /// Nil for an admin change.
    public var applicationId: String?
    public var targetId: String?
    /// `submitted`, `delivery`, `replay`, `callback`, `status`, `withdrawal`, `cancel`,
    /// `supplement`, `admin.<action>`.
    public var type: String
    public var from: String?
    public var to: String?
    /// `portal:<id>`, `adapter:<id>`, `gateway`, `admin:<actor>`.
    public var source: String
    public var occurredAt: String
    public var recordedAt: String
    public var externalId: String?
    public var nativeStatus: String?
    public var verdict: String?
    public var moved: Bool
    public var payloadDigest: String?
    public var note: String?
    /// What an admin change was done to.
    public var subject: String?

    public init(id: String, applicationId: String?, targetId: String?, type: String, from: String?, to: String?, source: String,
                occurredAt: String, recordedAt: String, externalId: String? = nil, nativeStatus: String? = nil, verdict: String? = nil,
                moved: Bool, payloadDigest: String? = nil, note: String? = nil, subject: String? = nil) {
        self.id = id
        self.applicationId = applicationId
        self.targetId = targetId
        self.type = type
        self.from = from
        self.to = to
        self.source = source
        self.occurredAt = occurredAt
        self.recordedAt = recordedAt
        self.externalId = externalId
        self.nativeStatus = nativeStatus
        self.verdict = verdict
        self.moved = moved
        self.payloadDigest = payloadDigest
        self.note = note
        self.subject = subject
    }

    /// An event of one application happening at `at` (recorded then too unless `recordedAt` says).
    public static func of(_ applicationId: String, target: String?, type: String, from: String?, to: String?, source: String,
                          at: Date, recordedAt: Date? = nil, externalId: String? = nil, nativeStatus: String? = nil, verdict: String? = nil,
                          moved: Bool = true, payloadDigest: String? = nil, note: String? = nil, ids: any IdentifierSource) -> EventRecord {
        EventRecord(id: ids.next("evt_"), applicationId: applicationId, targetId: target, type: type, from: from, to: to, source: source,
                    occurredAt: RFC3339.format(at), recordedAt: RFC3339.format(recordedAt ?? at), externalId: externalId,
                    nativeStatus: nativeStatus, verdict: verdict, moved: moved, payloadDigest: payloadDigest, note: note)
    }

    /// The bytes hashed: every field in a fixed order, absent ones empty, separated by the
    /// unit separator (which no field may contain unescaped: ids, codes and times); the note
    /// (free text, added in v7) and then the subject (v9) last and only when there is one, so
    /// rows from before them hash as they did.
    public func content(previous: String) -> [UInt8] {
        var fields = [previous, id, applicationId ?? "", targetId ?? "", type, from ?? "", to ?? "", source, occurredAt, recordedAt,
                      externalId ?? "", nativeStatus ?? "", verdict ?? "", moved ? "1" : "0", payloadDigest ?? ""]
        if note != nil || subject != nil { fields.append((note ?? "").replacingOccurrences(of: "\u{1F}", with: " ")) }
        if let subject { fields.append(subject.replacingOccurrences(of: "\u{1F}", with: " ")) }
        return Array(fields.joined(separator: "\u{1F}").utf8)
    }
}
