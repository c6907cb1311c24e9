import Foundation
import Testing
import TongbanSQLite
import TongbanStoreConformance

/// The SQLite store passes every check of the store conformance suite, each on a new file.
@Suite struct SQLiteConformanceTests {
    @Test(arguments: StoreConformance.checks)
    func conforms(_ check: StoreConformance.Check) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("conformance-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try await check.run(SQLiteStore(path: directory.appendingPathComponent("c.sqlite").path))
    }
}
