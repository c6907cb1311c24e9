import Testing
import TongbanCore
@testable import TongbanServer

/// W3C `traceparent`: a valid one is continued (same trace, new parent), anything else starts a new trace.
@Suite struct TraceParentTests {
    @Test func aValidHeaderIsContinued() throws {
        let parent = try #require(TraceParent(header: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
        let child = parent.child()
        #expect(child.traceId == "4bf92f3577b34da6a3ce929d0e0e4736" && child.flags == "01" && child.parentId != parent.parentId)
        #expect(TraceParent(header: child.header) == child)
    }

    @Test(arguments: ["", "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
                      "00-00000000000000000000000000000000-00f067aa0ba902b7-01", "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
                      "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7"])
    func anInvalidHeaderIsRefused(_ header: String) {
        #expect(TraceParent(header: header) == nil)
        #expect(TraceParent(header: TraceParent.fresh().header) != nil)
    }
}
