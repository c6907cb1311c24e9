import Testing
import TongbanStore
import TongbanStoreConformance

/// The in-memory store passes every check of the store conformance suite.
@Suite struct InMemoryConformanceTests {
    @Test(arguments: StoreConformance.checks)
    func conforms(_ check: StoreConformance.Check) async throws {
        try await check.run(InMemoryStore())
    }
}
