import Foundation
import Testing
import TongbanStore

/// A failure ends only after a write went through and no error came for the settle time:
/// one small write that still fits on a full disk does not make the store healthy.
@Suite struct StoreFaultsTests {
    @Test func aFailureSettlesAfterQuietSuccess() {
        let faults = StoreFaults(settleSeconds: 5)
        let t0 = Date(timeIntervalSince1970: 1000)
        #expect(faults.failing(at: t0) == nil)
        faults.failed(StoreUnavailable(cause: .diskFull, detail: "SQLITE_FULL"), at: t0)
        faults.succeeded()
        #expect(faults.failing(at: t0.addingTimeInterval(1))?.cause == .diskFull, "one success within the settle time")
        faults.failed(StoreUnavailable(cause: .ioError, detail: "x"), at: t0.addingTimeInterval(4))
        #expect(faults.failing(at: t0.addingTimeInterval(20))?.cause == .diskFull, "no success since the last error")
        faults.succeeded()
        #expect(faults.failing(at: t0.addingTimeInterval(8)) != nil)
        #expect(faults.failing(at: t0.addingTimeInterval(9.5)) == nil)
        #expect(faults.failing(at: t0.addingTimeInterval(30)) == nil)
    }
}
