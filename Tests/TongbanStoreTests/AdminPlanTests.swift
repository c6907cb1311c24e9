import Foundation
import Testing
import TongbanCore
import TongbanStore

/// Admin changes as audit events, and which versions of a stored adapter spec are kept.
@Suite struct AdminPlanTests {
    let change = AdminChange(action: "adapter.put", subject: "notary-x", actor: "agency:91310000MA1K4XXX0X", note: "version 3", at: at(0))

    @Test func aChangeIsAnEventAndReadsBackAsItself() {
        let event = AdminPlan.event(change, payloadDigest: nil, ids: CountingIds())
        #expect(event.id == "evt_1" && event.applicationId == nil && event.targetId == nil)
        #expect(event.type == "admin.adapter.put" && event.source == "admin:agency:91310000MA1K4XXX0X" && event.subject == "notary-x")
        #expect(!event.moved && event.occurredAt == event.recordedAt)
        let back = AdminPlan.change(type: event.type, subject: event.subject, source: event.source, note: event.note, occurredAt: event.occurredAt)
        #expect(back == change)
    }

    @Test(arguments: [
        // latest version, versions kept → new version, versions up to this one dropped
        (0, 5, 1, -4),
        (4, 5, 5, 0),
        (9, 5, 10, 5),
        (9, 1, 10, 9),
        (9, 0, 10, 9),  // at least the new one is kept
    ])
    func versionsKept(_ latest: Int, _ keeping: Int, _ version: Int, _ dropThrough: Int) {
        let saved = AdminPlan.saveSpec(adapterId: "notary-x", owner: "91310000MA1K4XXX0X", text: "id: notary-x\n", change: change,
                                       latest: latest, keepingVersions: keeping, ids: CountingIds())
        #expect(saved.spec.version == version && saved.dropThrough == dropThrough)
        #expect(saved.spec.digest.count == 64 && saved.event.payloadDigest == "sha256:\(saved.spec.digest)")
    }

    /// A deletion stores a version without text: no digest, and its event names none.
    @Test func aDeletionHasNoDigest() {
        let saved = AdminPlan.saveSpec(adapterId: "notary-x", owner: "o", text: nil, change: change, latest: 3, keepingVersions: 5, ids: CountingIds())
        #expect(saved.spec.text == nil && saved.spec.digest.isEmpty && saved.event.payloadDigest == nil && saved.spec.version == 4)
    }
}
