import Foundation
import Testing
@testable import TongbanServer

/// The journal of callbacks in flight: one begun and never ended was in flight when the
/// gateway stopped; at the limit it is set aside, across restarts, until released.
@Suite struct CallbackQuarantineTests {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("journal-\(UUID().uuidString)").path

    @Test func aCallbackInFlightAtThreeStopsIsSetAsideUntilReleased() {
        defer { try? FileManager.default.removeItem(atPath: path) }
        let key = "notary-sandbox:abc"
        for stop in 1...3 {
            let journal = CallbackQuarantine(path: path, limit: 3)
            #expect(journal.setAside(key) == nil, "set aside after \(stop - 1) stops")
            journal.begin("other:1")
            journal.end("other:1")
            journal.begin(key) // the process dies here
        }
        let afterThree = CallbackQuarantine(path: path, limit: 3)
        #expect(afterThree.setAside(key) == 3)
        #expect(afterThree.setAside("other:1") == nil)
        #expect(afterThree.setAsideKeys.map(\.key) == [key])
        #expect(afterThree.release(key))
        #expect(!afterThree.release(key))
        #expect(CallbackQuarantine(path: path, limit: 3).setAside(key) == nil, "the release did not last")
    }

    @Test func callbacksThatEndCountNothing() {
        defer { try? FileManager.default.removeItem(atPath: path) }
        for _ in 0..<5 {
            let journal = CallbackQuarantine(path: path, limit: 1)
            journal.begin("a:1"); journal.begin("a:1"); journal.end("a:1"); journal.end("a:1")
        }
        #expect(CallbackQuarantine(path: path, limit: 1).setAsideKeys.isEmpty)
        #expect(CallbackQuarantine(path: nil, limit: 1).setAside("a:1") == nil)
    }
}
