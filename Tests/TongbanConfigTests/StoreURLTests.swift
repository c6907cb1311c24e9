import Foundation
import Testing
import TongbanTestSupport
import Yams
@testable import TongbanConfig

/// `storage.url` picks the store; the old `storage.sqlitePath` keeps working.
@Suite struct StoreURLTests {
    func storage(_ yaml: String) throws -> GatewaySettings.Storage {
        try YAMLDecoder().decode(GatewaySettings.Storage.self, from: yaml)
    }

    @Test func urlsAndTheOldKey() throws {
        #expect(try StoreURL("sqlite:data/t.sqlite") == .sqlite(path: "data/t.sqlite"))
        #expect(try StoreURL("sqlite:///var/lib/t.sqlite") == .sqlite(path: "/var/lib/t.sqlite"))
        #expect(try storage("url: sqlite:/x/t.sqlite").sqlitePath == "/x/t.sqlite")
        #expect(try storage("sqlitePath: /x/old.sqlite").url == .sqlite(path: "/x/old.sqlite"))
        #expect(try storage("eventChain: sm3").url == .sqlite(path: "data/tongban.sqlite"))
        #expect(try storage("url: sqlite:/x/t.sqlite\nsqlitePath: /x/t.sqlite").url == .sqlite(path: "/x/t.sqlite"))
    }

    @Test(arguments: [
        ("url: postgres://db/tongban", "PostgreSQL is not available"),
        ("url: mysql://db", "not a store URL"),
        ("url: 'sqlite:'", "names no file"),
        ("url: sqlite:/x/a.sqlite\nsqlitePath: /x/b.sqlite", "keep one of the two"),
    ])
    func refusals(_ yaml: String, _ reason: String) {
        #expect { _ = try storage(yaml) } throws: { "\($0)".contains(reason) }
    }

    /// An override of either key replaces whichever the file wrote.
    @Test func overridesReplaceTheFilesKey() throws {
        let root = ConfigLoaderTests.root.appendingPathComponent("Config").path
        func load(_ extra: [String: String]) throws -> GatewaySettings {
            try ConfigLoader(directory: root, environment: ConfigLoaderTests.environment.merging(extra) { $1 }, currentYear: 2026).load().settings
        }
        #expect(try load([:]).storage.url == .sqlite(path: "data/tongban.sqlite"))
        #expect(try load(["TONGBAN_STORAGE_URL": "sqlite:/tmp/u.sqlite"]).storage.url == .sqlite(path: "/tmp/u.sqlite"))
        #expect(try load(["TONGBAN_STORAGE_SQLITE_PATH": "/tmp/p.sqlite"]).storage.url == .sqlite(path: "/tmp/p.sqlite"))
    }
}
