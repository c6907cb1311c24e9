import Foundation
import Testing
import TongbanTestSupport
@testable import TongbanConfig

/// `TONGBAN_<SECTION>_<KEY>` overrides of tongban.yaml: applied, checked like the file, a bad
/// one named by its variable, a misspelt one warned about, and every name documented.
@Suite struct SettingsOverridesTests {
    let environment = ConfigLoaderTests.environment

    func load(_ extra: [String: String]) throws -> GatewayConfiguration {
        try ConfigLoader(directory: ConfigLoaderTests.root.appendingPathComponent("Config").path,
                         environment: environment.merging(extra) { $1 }, currentYear: 2026).load()
    }

    @Test func namesAreUpperSnakeCase() {
        #expect(SettingsOverrides.variable(for: "server.port") == "TONGBAN_SERVER_PORT")
        #expect(SettingsOverrides.variable(for: "storage.sqlitePath") == "TONGBAN_STORAGE_SQLITE_PATH")
        #expect(SettingsOverrides.variable(for: "limits.maxJSONDepth") == "TONGBAN_LIMITS_MAX_JSON_DEPTH")
        #expect(SettingsOverrides.variable(for: "server.publicBaseURL") == "TONGBAN_SERVER_PUBLIC_BASE_URL")
    }

    @Test func overridesWinOverTheFile() throws {
        let configuration = try load(["TONGBAN_SERVER_PORT": "9090", "TONGBAN_STORAGE_SQLITE_PATH": "/var/lib/tongban/t.sqlite",
                                      "TONGBAN_LIMITS_MAX_JSON_DEPTH": "8", "TONGBAN_STORAGE_EVENT_CHAIN": "sm3",
                                      "TONGBAN_NOTIFICATIONS_TIMEOUT_SECONDS": "2.5"])
        #expect(configuration.settings.server.port == 9090)
        #expect(configuration.settings.storage.sqlitePath == "/var/lib/tongban/t.sqlite")
        #expect(configuration.settings.limits.maxJSONDepth == 8)
        #expect(configuration.settings.storage.eventChain == .sm3)
        #expect(configuration.settings.notifications.timeoutSeconds == 2.5)
        // Untouched keys keep the file's values.
        #expect(configuration.settings.server.host == "127.0.0.1")
    }

    @Test func aBadOverrideIsNamedByItsVariable() throws {
        for (value, reason) in [("eighty", "expected an integer"), ("70000", "from 0 to 65535")] {
            do {
                _ = try load(["TONGBAN_SERVER_PORT": value])
                Issue.record("TONGBAN_SERVER_PORT=\(value) was accepted")
            } catch let error as ConfigError {
                #expect(error.issues.contains { $0.file == "environment" && $0.key == "TONGBAN_SERVER_PORT" && $0.reason.contains(reason)
                    && $0.reason.contains("TONGBAN_SERVER_PORT=\(value)") }, "\(error.issues)")
            }
        }
    }

    @Test func aMisspeltOverrideIsAWarning() throws {
        let configuration = try load(["TONGBAN_SERVER_PROT": "9090", "TONGBAN_ADMIN_TOKEN": "operator-token-0123456789"])
        #expect(configuration.warnings.contains { $0.file == "environment" && $0.key == "TONGBAN_SERVER_PROT" })
        #expect(!configuration.warnings.contains { $0.key == "TONGBAN_ADMIN_TOKEN" })
        #expect(configuration.settings.server.port == 8080)
    }

    @Test func everyVariableIsDocumented() throws {
        let readme = try String(contentsOf: ConfigLoaderTests.root.appendingPathComponent("Config/README.md"), encoding: .utf8)
        for key in SettingsOverrides.keys {
            #expect(readme.contains("`\(key)`") && readme.contains(SettingsOverrides.variable(for: key)), "\(key) / \(SettingsOverrides.variable(for: key))")
        }
    }
}
