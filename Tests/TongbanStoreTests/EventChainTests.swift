import Foundation
import Testing
import TongbanCrypto
import TongbanStore

/// `EventChain`: links, algorithms and the verifier, without a store.
@Suite struct EventChainRuleTests {
    func record(_ id: String, note: String? = nil) -> EventRecord {
        EventRecord(id: id, applicationId: "app", targetId: nil, type: "status", from: "submitted", to: "in_progress", source: "gateway",
                    occurredAt: "2027-01-01T00:00:00+08:00", recordedAt: "2027-01-01T00:00:00+08:00", moved: true, note: note)
    }

    func chain(_ records: [EventRecord], algorithm: HashAlgorithm) -> [(EventRecord, link: String, hash: String)] {
        var previous = ""
        return records.map { record in
            let hash = EventChain.link(record, previous: previous, configured: algorithm)
            defer { previous = hash }
            return (record, previous, hash)
        }
    }

    func verify(_ rows: [(EventRecord, link: String, hash: String)]) -> ChainVerification {
        var verifier = EventChain.Verifier()
        for (seq, row) in rows.enumerated() where !verifier.check(seq: seq + 1, record: row.0, hash: row.hash, link: row.link) { break }
        return verifier.result
    }

    @Test(arguments: HashAlgorithm.allCases)
    func aChainKeepsItsAlgorithmAndVerifies(_ algorithm: HashAlgorithm) {
        let rows = chain([record("e1"), record("e2", note: "意见"), record("e3")], algorithm: algorithm)
        #expect(rows.allSatisfy { $0.hash.hasPrefix("\(algorithm.rawValue):") })
        // A chain started with one algorithm keeps it whatever is configured later.
        let next = EventChain.link(record("e4"), previous: rows[2].hash, configured: algorithm == .sha256 ? .sm3 : .sha256)
        #expect(next.hasPrefix("\(algorithm.rawValue):"))
        #expect(verify(rows) == .intact(events: 3, head: rows[2].hash))
    }

    @Test func anEditARemovalAndAnUnknownAlgorithmAreFound() {
        var rows = chain([record("e1"), record("e2"), record("e3")], algorithm: .sha256)
        var edited = rows
        edited[1].0.to = "completed"
        guard case .broken(let edit) = verify(edited) else { Issue.record("edit missed"); return }
        #expect(edit.seq == 2 && edit.verifiedBefore == 1 && edit.reason.contains("content"))
        rows.remove(at: 1)
        guard case .broken(let removal) = verify(rows) else { Issue.record("removal missed"); return }
        #expect(removal.seq == 2 && removal.reason.contains("link"))
        var unknown = chain([record("e1")], algorithm: .sha256)
        unknown[0].hash = "md5:00"
        guard case .broken(let algorithm) = verify(unknown) else { Issue.record("unknown algorithm missed"); return }
        #expect(algorithm.reason.contains("unknown hash algorithm"))
    }

    /// Rows from before notes and subjects existed hash as they did: the fields come last and
    /// only when present.
    @Test func contentWithoutANoteIsTheOldContent() {
        let plain = String(decoding: record("e1").content(previous: "p"), as: UTF8.self)
        #expect(plain.split(separator: "\u{1F}", omittingEmptySubsequences: false).count == 15)
        #expect(String(decoding: record("e1", note: "a\u{1F}b").content(previous: "p"), as: UTF8.self).hasSuffix("\u{1F}a b"))
    }
}
