import Foundation
import Testing
import TongbanCore
@testable import TongbanServer

/// The callback answer is written by hand; it must be what the canonical encoder writes.
@Suite struct CallbackAnswerTests {
    @Test(arguments: [
        CallbackService.Answer(eventId: "E-\"1\"/中", duplicate: true),
        CallbackService.Answer(eventId: "E2", duplicate: false, targetId: "tgt_1", verdict: "late", targetStatus: .completed,
                               overallStatus: .partiallyCompleted),
    ])
    func handWrittenAnswerEqualsTheEncodersBytes(_ answer: CallbackService.Answer) throws {
        #expect(answer.jsonText == String(decoding: try CanonicalJSON.encoder().encode(answer), as: UTF8.self))
    }
}
