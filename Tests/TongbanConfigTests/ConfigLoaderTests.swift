import Foundation
import Testing
import TongbanTestSupport
@testable import TongbanConfig

/// Each class of configuration error names the file, the key and the reason. Every test
/// copies the real `Config/` to a temporary directory and breaks one thing.
@Suite struct ConfigLoaderTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let environment = try! Fixtures.sampleEnvironment()

    /// Loads a copy of Config/ and Adapters/ after `edit` changed the copy of Config/ (paths
    /// of `edit` are relative to it; `../Adapters/x.yaml` reaches the specs); returns the issues.
    func issues(environment: [String: String] = environment, _ edit: (URL) throws -> Void = { _ in }) throws -> [ConfigIssue] {
        let top = FileManager.default.temporaryDirectory.appendingPathComponent("config-\(UUID().uuidString)")
        let directory = top.appendingPathComponent("Config")
        try FileManager.default.createDirectory(at: top, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Self.root.appendingPathComponent("Config"), to: directory)
        try FileManager.default.copyItem(at: Self.root.appendingPathComponent("Adapters"), to: top.appendingPathComponent("Adapters"))
        defer { try? FileManager.default.removeItem(at: top) }
        try edit(directory)
        do {
            let configuration = try ConfigLoader(directory: directory.path, environment: environment, currentYear: 2026).load()
            return configuration.warnings
        } catch {
            return error.issues
        }
    }

    func replace(_ file: String, _ old: String, _ new: String) -> (URL) throws -> Void {
        { directory in
            let url = directory.appendingPathComponent(file)
            let text = try String(contentsOf: url, encoding: .utf8)
            #expect(text.contains(old), "fixture text not found in \(file)")
            try text.replacingOccurrences(of: old, with: new).write(to: url, atomically: true, encoding: .utf8)
        }
    }

    func expectError(_ issues: [ConfigIssue], file: String, key: String, reason: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(issues.contains { $0.severity == .error && $0.file == file && $0.key == key && $0.reason.contains(reason) },
                "got \(issues)", sourceLocation: sourceLocation)
    }

    @Test func theSampleConfigurationLoadsWithOnlyThe2027Warning() throws {
        let found = try issues()
        #expect(found.map(\.file) == ["calendar/2027.yaml"])
        #expect(found.allSatisfy { $0.severity == .warning })
    }

    @Test func unknownKey() throws {
        expectError(try issues(replace("tongban.yaml", "  port: 8080", "  prot: 8080")), file: "tongban.yaml", key: "server.prot", reason: "unknown key")
    }

    @Test func wrongType() throws {
        expectError(try issues(replace("tongban.yaml", "port: 8080", "port: eighty")), file: "tongban.yaml", key: "server.port", reason: "expected an integer")
    }

    @Test func outOfRange() throws {
        expectError(try issues(replace("tongban.yaml", "maxJSONDepth: 16", "maxJSONDepth: 1")), file: "tongban.yaml", key: "limits.maxJSONDepth", reason: "from 4 to 256")
    }

    @Test func missingRequiredKey() throws {
        expectError(try issues(replace("catalogue.yaml", "    name: 遗嘱公证\n", "")), file: "catalogue.yaml", key: "items[1].name", reason: "missing")
    }

    @Test func unknownWord() throws {
        expectError(try issues(replace("catalogue.yaml", "services: [notary]\n    timeLimitWorkingDays: 15", "services: [notarial]\n    timeLimitWorkingDays: 15")),
                    file: "catalogue.yaml", key: "items[1].services[0]", reason: "'notarial' is not a service")
        expectError(try issues(replace("portals.yaml", "scheme: bearer", "scheme: basic")), file: "portals.yaml", key: "portals[2].auth.scheme", reason: "'basic' is not one of")
    }

    @Test func duplicateItemCode() throws {
        expectError(try issues(replace("catalogue.yaml", "SH-YJS-JC-0001", "SH-YJS-LDWQ-0001")), file: "catalogue.yaml", key: "items[8].code", reason: "duplicate")
    }

    @Test func itemCodeWithBadCreditPart() throws {
        expectError(try issues(replace("catalogue.yaml", "\"1131000000241872062000206001000\"", "\"1131000000241872072000206001000\"")),
                    file: "catalogue.yaml", key: "items[6].code", reason: "not a valid credit code")
    }

    @Test func secretNotSetOrTooShort() throws {
        var environment = Self.environment
        environment["TONGBAN_PORTAL_DEMO_TOKEN"] = nil
        expectError(try issues(environment: environment), file: "portals.yaml", key: "portals[2].auth.secretEnv", reason: "TONGBAN_PORTAL_DEMO_TOKEN is not set")
        environment["TONGBAN_PORTAL_DEMO_TOKEN"] = "short"
        expectError(try issues(environment: environment), file: "portals.yaml", key: "portals[2].auth.secretEnv", reason: "shorter than 16")
    }

    @Test func unknownVendorTable() throws {
        expectError(try issues(replace("portals.yaml", "documentTypeVendor: vendor-a", "documentTypeVendor: vendor-z")),
                    file: "portals.yaml", key: "portals[0].documentTypeVendor", reason: "no vendor 'vendor-z'")
    }

    @Test func calendarWorkedDayThatIsNotAWeekend() throws {
        expectError(try issues(replace("calendar/2026.yaml", "\"2026-01-04\"", "\"2026-01-05\"")),
                    file: "calendar/2026.yaml", key: "workedWeekendDays[0]", reason: "not a Saturday or Sunday")
    }

    @Test func badDate() throws {
        expectError(try issues(replace("calendar/2026.yaml", "from: \"2026-02-15\"", "from: \"2026-02-30\"")),
                    file: "calendar/2026.yaml", key: "holidays[1].from", reason: "yyyy-MM-dd")
    }

    @Test func missingCalendarForTheCurrentYearIsAWarning() throws {
        let found = try issues { try FileManager.default.removeItem(at: $0.appendingPathComponent("calendar/2026.yaml")) }
        #expect(found.contains { $0.severity == .warning && $0.file == "calendar/2026.yaml" && $0.reason.contains("Monday to Friday") })
    }

    @Test func badPatternAndBadVendorTarget() throws {
        expectError(try issues(replace("document-types.yaml", "\"[A-Z0-9]{5,17}\"", "\"[A-Z0-9\"")),
                    file: "document-types.yaml", key: "types[4].pattern", reason: "not a valid regular expression")
        expectError(try issues(replace("document-types.yaml", "vendor-b: {\"10\": \"111\"}", "vendor-b: {\"10\": \"118\"}")),
                    file: "document-types.yaml", key: "vendors.vendor-b.10", reason: "maps to 118")
    }

    @Test func badRegionCode() throws {
        expectError(try issues(replace("regions.yaml", "\"310151\"", "\"31015\"")), file: "regions.yaml", key: "regions.31015", reason: "6 digits")
    }

    @Test func yamlSyntaxErrorAndMissingFile() throws {
        let syntax = try issues(replace("catalogue.yaml", "items:", "items: [\n"))
        #expect(syntax.contains { $0.file == "catalogue.yaml" && $0.reason.hasPrefix("not valid YAML") }, "\(syntax)")
        expectError(try issues { try FileManager.default.removeItem(at: $0.appendingPathComponent("regions.yaml")) },
                    file: "regions.yaml", key: "", reason: "file not found")
    }

    @Test func everyErrorIsReportedTogether() throws {
        var environment = Self.environment
        environment["TONGBAN_PORTAL_DEMO_TOKEN"] = nil
        let found = try issues(environment: environment, replace("tongban.yaml", "port: 8080", "port: 70000"))
        #expect(Set(found.filter { $0.severity == .error }.map(\.file)) == ["tongban.yaml", "portals.yaml"])
    }

    // Adapter spec error classes: each names the spec file, the key and the reason.

    @Test func adapterSpecUnknownKey() throws {
        expectError(try issues(replace("../Adapters/lawyer-sandbox.yaml", "priority: 10", "priorty: 10")),
                    file: "Adapters/lawyer-sandbox.yaml", key: "priorty", reason: "unknown key")
    }

    @Test func adapterSpecPathThatIsNotACanonicalField() throws {
        expectError(try issues(replace("../Adapters/lawyer-sandbox.yaml", "from: /applicant/idNumber}", "from: /applicant/idNo}")),
                    file: "Adapters/lawyer-sandbox.yaml", key: "request.fields[2]", reason: "/applicant/idNo is not a field")
        expectError(try issues(replace("../Adapters/mediation-sandbox.yaml", "{to: phone, from: phone, default: \"\"}", "{to: phone, from: mobile}")),
                    file: "Adapters/mediation-sandbox.yaml", key: "request.fields[3].fields[1]", reason: "'mobile' is not a field of the elements of /counterparties")
    }

    @Test func adapterSpecMissingTable() throws {
        expectError(try issues(replace("../Adapters/lawyer-sandbox.yaml", "table: area}", "table: areas}")),
                    file: "Adapters/lawyer-sandbox.yaml", key: "request.fields[4].table", reason: "no table 'areas'")
    }

    @Test func adapterSpecCreditCodeOfTheWrongKind() throws {
        expectError(try issues(replace("../Adapters/notary-sandbox.yaml", "\"32310000425001234H\"", "\"313100004250044180\"")),
                    file: "Adapters/notary-sandbox.yaml", key: "owner.creditCode", reason: "starts with 32")
        expectError(try issues(replace("../Adapters/notary-sandbox.yaml", "\"32310000425001234H\"", "\"32310000425001234A\"")),
                    file: "Adapters/notary-sandbox.yaml", key: "owner.creditCode", reason: "check character")
    }

    @Test func adapterSpecUnreachableCoverage() throws {
        expectError(try issues(replace("../Adapters/notary-sandbox.yaml", "regions: [\"310000\"]", "regions: [\"440000\"]")),
                    file: "Adapters/notary-sandbox.yaml", key: "coverage.regions[0]", reason: "covers no region")
        expectError(try issues(replace("../Adapters/notary-sandbox.yaml", "regions: [\"310000\"]", "regions: [\"310000\"]\n  items: [\"1131000000241872062000203001000\"]")),
                    file: "Adapters/notary-sandbox.yaml", key: "coverage.items[0]", reason: "does not include the notary service")
    }

    @Test func adapterSpecSecretNotSetAndBadWords() throws {
        var environment = Self.environment
        environment["TONGBAN_ADAPTER_LAWYER_TOKEN"] = nil
        expectError(try issues(environment: environment), file: "Adapters/lawyer-sandbox.yaml", key: "auth.secretEnv", reason: "is not set")
        expectError(try issues(replace("../Adapters/lawyer-sandbox.yaml", "format: json", "format: yaml")),
                    file: "Adapters/lawyer-sandbox.yaml", key: "submit.format", reason: "'yaml' is not one of")
        expectError(try issues(replace("../Adapters/lawyer-sandbox.yaml", "timeout: 5s", "timeout: soon")),
                    file: "Adapters/lawyer-sandbox.yaml", key: "submit.timeout", reason: "expected a duration")
        expectError(try issues(replace("../Adapters/lawyer-sandbox.yaml", "ANSWERED: completed", "ANSWERED: finished")),
                    file: "Adapters/lawyer-sandbox.yaml", key: "callback.statuses.ANSWERED", reason: "'finished' is not a status")
        expectError(try issues(replace("../Adapters/lawyer-sandbox.yaml", "{to: requestId, from: $target.id}", "{to: requestId, from: $target.uuid}")),
                    file: "Adapters/lawyer-sandbox.yaml", key: "request.fields[0]", reason: "unknown variable $target.uuid")
        expectError(try issues(replace("../Adapters/lawyer-sandbox.yaml", "{to: requestId, from: $target.id}", "{to: requestId, from: $target.id, const: x}")),
                    file: "Adapters/lawyer-sandbox.yaml", key: "request.fields[0]", reason: "exactly one of from, const, template, each")
    }

    @Test func aServiceWithoutAnAdapterIsAWarning() throws {
        let found = try issues { try FileManager.default.removeItem(at: $0.appendingPathComponent("../Adapters/mediation-sandbox.yaml")) }
        #expect(found.contains { $0.severity == .warning && $0.reason.contains("no adapter serves mediation") }, "\(found)")
    }

    @Test func agencyTokens() throws {
        let agencies = "tokenEnv: TONGBAN_AGENCY_NOTARY_TOKEN"
        expectError(try issues(replace("tongban.yaml", "creditCode: 32310000425001234H", "creditCode: 32310000425001234X")),
                    file: "tongban.yaml", key: "admin.agencies[0].creditCode", reason: "not a valid unified social credit code")
        expectError(try issues(replace("tongban.yaml", agencies, "tokenEnv: lower-case")),
                    file: "tongban.yaml", key: "admin.agencies[0].tokenEnv", reason: "must be an environment variable name")
        var environment = Self.environment
        environment["TONGBAN_AGENCY_NOTARY_TOKEN"] = "short"
        expectError(try issues(environment: environment), file: "tongban.yaml", key: "admin.agencies[0].tokenEnv", reason: "shorter than 16")
        environment["TONGBAN_AGENCY_NOTARY_TOKEN"] = environment["TONGBAN_ADMIN_TOKEN"]
        expectError(try issues(environment: environment), file: "tongban.yaml", key: "admin.agencies[0].tokenEnv", reason: "already used")
        environment["TONGBAN_AGENCY_NOTARY_TOKEN"] = nil
        let unset = try issues(environment: environment)
        #expect(unset.contains { $0.severity == .warning && $0.key == "admin.agencies[0].tokenEnv" && $0.reason.contains("cannot use the admin API") }, "\(unset)")
        #expect(!unset.contains { $0.severity == .error })
    }

    /// Specs stored through the admin API replace the file of their id, and are checked as
    /// files are, under a label naming the version.
    /// The spec files under Adapters/.
    static var sampleSpecCount: Int {
        ((try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("Adapters").path)) ?? []).filter { $0.hasSuffix(".yaml") }.count
    }

    @Test func storedAdapterSpecs() throws {
        let notary = try String(contentsOf: Self.root.appendingPathComponent("Adapters/notary-sandbox.yaml"), encoding: .utf8)
        func load(_ stored: [AdapterSource]) throws(ConfigError) -> GatewayConfiguration {
            var loader = ConfigLoader(directory: Self.root.appendingPathComponent("Config").path, environment: Self.environment, currentYear: 2026)
            loader.storedAdapters = stored
            return try loader.load()
        }
        let replaced = try load([AdapterSource(text: notary.replacingOccurrences(of: "priority: 10", with: "priority: 42"),
                                               origin: .stored(adapterId: "notary-sandbox", version: 3))])
        #expect(replaced.adapters["notary-sandbox"]?.priority == 42)
        #expect(replaced.adapterOrigins["notary-sandbox"] == .stored(adapterId: "notary-sandbox", version: 3))
        #expect(replaced.adapters.adapters.count == Self.sampleSpecCount)
        #expect(replaced.adapterOrigins["lawyer-sandbox"] == .file(name: "lawyer-sandbox.yaml"))
        // The same spec text is the same revision: a reload leaves its lane alone.
        #expect(try load([]).adapters["lawyer-sandbox"]?.revision == replaced.adapters["lawyer-sandbox"]?.revision)
        #expect(try load([]).adapters["notary-sandbox"]?.revision != replaced.adapters["notary-sandbox"]?.revision)

        // A stored spec that fails disables its own adapter only; the rest load.
        func disabled(_ stored: [AdapterSource], _ id: String) throws -> [ConfigIssue] {
            let configuration = try load(stored)
            #expect(configuration.adapters[id] == nil)
            #expect(configuration.adapters.adapters.count == Self.sampleSpecCount - (id == "notary-sandbox" ? 1 : 0))
            return configuration.disabledAdapters[id]?.problems ?? []
        }
        expectError(try disabled([AdapterSource(text: notary.replacingOccurrences(of: "priority: 10", with: "priority: high"),
                                                origin: .stored(adapterId: "notary-sandbox", version: 3))], "notary-sandbox"),
                    file: "stored spec notary-sandbox version 3", key: "priority", reason: "expected an integer")
        expectError(try disabled([AdapterSource(text: notary, origin: .stored(adapterId: "notary-two", version: 1))], "notary-two"),
                    file: "stored spec notary-two version 1", key: "id", reason: "stored as adapter notary-two")
    }
}
