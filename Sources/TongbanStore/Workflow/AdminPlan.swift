import Foundation
import TongbanCore
import TongbanCrypto

/// Admin changes in the audit chain, and the versions kept of a stored adapter spec.
public enum AdminPlan {
    /// The event of an admin change (no application; source `admin:<actor>`).
    public static func event(_ change: AdminChange, payloadDigest: String?, ids: any IdentifierSource) -> EventRecord {
        let at = RFC3339.format(change.at)
        return EventRecord(id: ids.next("evt_"), applicationId: nil, targetId: nil, type: "admin.\(change.action)", from: nil, to: nil,
                           source: "admin:\(change.actor)", occurredAt: at, recordedAt: at, moved: false, payloadDigest: payloadDigest,
                           note: change.note, subject: change.subject)
    }

    /// A new version of an adapter's spec after `latest` (0 when none), its admin event, and
    /// the newest version older ones are dropped through (each dropped one's digest stays in
    /// its own audit event).
    public static func saveSpec(adapterId: String, owner: String, text: String?, change: AdminChange, latest: Int, keepingVersions: Int,
                                ids: any IdentifierSource) -> (spec: StoredAdapterSpec, event: EventRecord, dropThrough: Int) {
        let digest = text.map { Hex.encode(HashAlgorithm.sha256.digest(Array($0.utf8))) } ?? ""
        let spec = StoredAdapterSpec(adapterId: adapterId, version: latest + 1, owner: owner, text: text, digest: digest,
                                     actor: change.actor, createdAt: change.at)
        let event = event(change, payloadDigest: text == nil ? nil : "sha256:\(digest)", ids: ids)
        return (spec, event, spec.version - max(1, keepingVersions))
    }

    /// An admin change as read back from its event.
    public static func change(type: String, subject: String?, source: String, note: String?, occurredAt: String) -> AdminChange {
        AdminChange(action: String(type.dropFirst("admin.".count)), subject: subject, actor: String(source.dropFirst("admin:".count)),
                    note: note ?? "", at: RFC3339.parse(occurredAt) ?? Date(timeIntervalSince1970: 0))
    }
}
