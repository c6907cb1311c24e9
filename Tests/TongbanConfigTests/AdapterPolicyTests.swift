import Testing
import TongbanAdapters
import TongbanConfig
import TongbanCore
import TongbanTestSupport

/// The operator's rules for specs, by table: whose secrets a spec may name, what a grant
/// allows, and the namespace that keeps adapters' secrets apart.
@Suite struct AdapterPolicyTests {
    @Test func namespacesDoNotOverlap() {
        #expect(SecretNamespace.prefix(for: "notary-xuhui") == "TONGBAN_ADAPTER_NOTARY_XUHUI__")
        #expect(SecretNamespace.owns("notary-xuhui", "TONGBAN_ADAPTER_NOTARY_XUHUI__SECRET"))
        #expect(!SecretNamespace.owns("notary", "TONGBAN_ADAPTER_NOTARY_XUHUI__SECRET"))
        #expect(!SecretNamespace.owns("notary", "TONGBAN_ADAPTER_NOTARY___SECRET"))
        #expect(!SecretNamespace.owns("notary", "TONGBAN_ADAPTER_NOTARY__"))
        #expect(!SecretNamespace.owns("notary", "TONGBAN_ADMIN_TOKEN"))
        #expect(SecretNamespace.isAdapterVariable("TONGBAN_ADAPTER_X__Y"))
        #expect(!SecretNamespace.isAdapterVariable("TONGBAN_ADAPTER_NOTARY_SECRET"))
    }

    static func spec(_ id: String) throws -> AdapterSpec {
        let configuration = try Fixtures.configuration()
        return try #require((configuration.adapters[id] as? DeclarativeAdapter)?.spec)
    }

    @Test func secretsComeFromTheNamespaceOrABinding() throws {
        let configuration = try Fixtures.configuration()
        let policy = configuration.policy
        var spec = try Self.spec("notary-sandbox")
        #expect(policy.problems(spec, author: .agency(creditCode: spec.owner.creditCode)).isEmpty)
        for name in ["TONGBAN_ADMIN_TOKEN", "TONGBAN_ADAPTER_LAWYER_TOKEN", "TONGBAN_PORTAL_DEMO_TOKEN", "HOME"] {
            spec.auth.secretEnv = name
            for author in [SpecAuthor.operatorFile, .operatorAPI, .agency(creditCode: spec.owner.creditCode)] {
                #expect(policy.problems(spec, author: author).map(\.key) == ["auth.secretEnv"], "\(name) by \(author)")
            }
        }
        spec.auth.secretEnv = "TONGBAN_ADAPTER_NOTARY_SANDBOX__KEY"
        #expect(policy.problems(spec, author: .operatorAPI).isEmpty)
        // An operator's file may name an unreserved variable only when allowed.
        var open = policy
        open.rules.allowUnboundFileSecrets = true
        spec.auth.secretEnv = "HOME"
        #expect(open.problems(spec, author: .operatorFile).isEmpty)
        #expect(!open.problems(spec, author: .operatorAPI).isEmpty)
        spec.auth.secretEnv = "TONGBAN_ADMIN_TOKEN"
        #expect(!open.problems(spec, author: .operatorFile).isEmpty)
    }

    @Test func grantsBoundServicesRegionsItemsAndPriority() throws {
        let configuration = try Fixtures.configuration()
        let policy = configuration.policy
        var spec = try Self.spec("notary-sandbox")
        let agency = SpecAuthor.agency(creditCode: spec.owner.creditCode)
        spec.coverage.regions = ["310104", "310115"]
        #expect(policy.problems(spec, author: agency).isEmpty)
        spec.coverage.regions = ["*", "440000"]
        #expect(policy.problems(spec, author: agency).map(\.key) == ["coverage.regions[0]", "coverage.regions[1]"])
        spec.coverage.regions = ["310000"]
        spec.priority = 51
        #expect(policy.problems(spec, author: agency).map(\.key) == ["priority"])
        spec.priority = 10
        spec.service = .legalAid
        #expect(policy.problems(spec, author: agency).map(\.key) == ["service"])
        #expect(policy.problems(spec, author: .agency(creditCode: "91310000MA1K4XXX0X")).map(\.key) == ["owner.creditCode"])
        // The operator is not held to grants.
        #expect(policy.problems(spec, author: .operatorAPI).isEmpty)
        #expect(AgencyGrant.defaultServices(for: "32310000425001234H") == [.notary])
        #expect(AgencyGrant.defaultServices(for: "91310000MA1K4XXX0X").isEmpty)
    }

    @Test func reservedVariablesCannotBeBound() throws {
        var settings = try Fixtures.configuration().settings
        settings.adapters.secrets["lawyer-sandbox"] = ["TONGBAN_ADMIN_TOKEN"]
        let problems = AdapterPolicy(settings: settings, portals: try Fixtures.configuration().portals).bindingProblems()
        #expect(problems.map(\.key) == ["adapters.secrets.lawyer-sandbox"])
    }
}

/// A key given twice in a spec is refused, naming it: YAML forbids it, and two readers could
/// keep different copies (Yams refuses it; this holds it to that).
@Suite struct DuplicateYAMLKeyTests {
    @Test func aKeyTwiceInOneMappingIsRefused() throws {
        let configuration = try Fixtures.configuration()
        let policy = AdapterPolicy(settings: configuration.settings, portals: configuration.portals)
        let sample = try String(contentsOf: Fixtures.root.appendingPathComponent("Adapters/notary-sandbox.yaml"), encoding: .utf8)
        func check(_ text: String) -> [ConfigIssue] {
            AdapterAssembly.check(text: text, label: "x.yaml", regions: configuration.regions, catalog: configuration.catalog,
                                  environment: configuration.environment, policy: policy, author: .operatorFile).issues
        }
        #expect(!check(sample).contains { $0.severity == .error })
        let twice = sample.replacingOccurrences(of: "priority: 10\n", with: "priority: 10\npriority: 90\n")
        let issues = check(twice)
        #expect(issues.contains { $0.severity == .error && $0.reason.contains("duplicated key(s): 'priority'") }, "\(issues)")
    }
}
