import Foundation
import Testing
import TongbanCore
import TongbanStore
@testable import TongbanServer

/// The intake receipt is written by hand; it must be what the canonical encoder writes.
@Suite struct ReceiptJSONTests {
    static let calendar = WorkingCalendar(years: [])

    @Test(arguments: [
        Receipt(id: "app_1", portalCaseNo: "SH-\"1\"/中\n\u{08}\u{0C}\u{1F}\u{7F}\u{2028}", status: .submitted, receivedAt: Date(timeIntervalSince1970: 1_764_460_800.123),
                dueDate: CivilDate(year: 2026, month: 12, day: 21)!,
                targets: [TargetSummary(id: "tgt_1", service: .notary, adapterId: "notary-sandbox", status: .queued, dueDate: CivilDate(year: 2026, month: 12, day: 21)!)]),
        Receipt(id: "app_2", portalCaseNo: "C2", status: .partiallyCompleted, receivedAt: Date(timeIntervalSince1970: 1_700_000_000),
                dueDate: CivilDate(year: 2026, month: 1, day: 5)!,
                targets: [TargetSummary(id: "tgt_a", service: .legalAid, adapterId: nil, status: .supplementRequired, backendRef: "REF\\9",
                                        dueDate: CivilDate(year: 2026, month: 1, day: 5)!, attempts: 3, pausedWorkingDays: 2,
                                        pausedSince: CivilDate(year: 2026, month: 1, day: 2)!),
                          TargetSummary(id: "tgt_b", service: .mediation, status: .completed, dueDate: CivilDate(year: 2026, month: 1, day: 4)!)]),
        Receipt(id: "app_3", portalCaseNo: "C3", status: .failed, receivedAt: Date(timeIntervalSince1970: 0), dueDate: CivilDate(year: 2026, month: 3, day: 2)!, targets: []),
    ])
    func handWrittenReceiptEqualsTheEncodersBytes(_ receipt: Receipt) throws {
        let view = ReceiptView(receipt, today: CivilDate(year: 2026, month: 2, day: 1)!, calendar: Self.calendar)
        #expect(view.jsonText == String(decoding: try CanonicalJSON.encoder().encode(view), as: UTF8.self))
    }
}
