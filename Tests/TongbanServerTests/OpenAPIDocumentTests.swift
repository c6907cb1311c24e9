import Foundation
import Testing
import TongbanCore
import TongbanSQLite
import TongbanTestSupport
@testable import TongbanServer

/// `/openapi.json` describes exactly the routes the gateway has.
@Suite struct OpenAPIDocumentTests {
    @Test func everyRouteIsDocumentedAndEveryDocumentedRouteExists() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("openapi-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: directory.appendingPathComponent("s.sqlite").path)
        let router = Gateway.makeRouter(configuration: try Fixtures.configuration(), store: store)
        let routes = Set(router.routes.map { route in
            let path = "/" + route.path.description.split(separator: "/").joined(separator: "/")
            return "\(route.method.rawValue.lowercased()) \(path)"
        })
        let document = try #require(try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json.utf8)) as? [String: Any])
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        let documented = Set(paths.flatMap { path, operations in operations.keys.map { "\($0) \(path)" } })
        #expect(routes.count >= 20)
        #expect(routes.subtracting(documented).isEmpty, "routes missing from the document: \(routes.subtracting(documented).sorted())")
        #expect(documented.subtracting(routes).isEmpty, "documented but not routed: \(documented.subtracting(routes).sorted())")
        // Every reference resolves.
        let text = OpenAPIDocument.json
        let components = try #require(document["components"] as? [String: [String: Any]])
        let references = text.matches(of: /"\$ref":\s*"#\/components\/(\w+)\/(\w+)/)
        #expect(references.count > 50)
        for match in references {
            #expect(components[String(match.output.1)]?[String(match.output.2)] != nil, "unresolved \(match.output.0)")
        }
    }
}

/// The schema the gateway serves is the published file, byte for byte, and the OpenAPI
/// document's intake body is that schema: an independent validator (Python's `jsonschema`,
/// Draft 2020-12) reads the served document and holds every canonical sample to it.
@Suite struct EmbeddedSchemaTests {
    @Test func theServedSchemaIsThePublishedFile() throws {
        let published = try String(contentsOf: Fixtures.root.appendingPathComponent("docs/schema/application-v1.schema.json"), encoding: .utf8)
        #expect(ServerResources.text("application-v1.schema.json") == published, "run scripts/embed-schema.sh")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json.utf8)) as? [String: Any])
        let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
        let application = try #require(schemas["Application"] as? [String: Any])
        #expect((application["required"] as? [String])?.contains("portalCaseNo") == true)
        #expect(!OpenAPIDocument.json.contains("\"#/$defs/"), "a reference still points at the schema's own root")
    }

    @Test func theDocumentsIntakeBodyValidatesTheSamplesAndRefusesWhatTheSchemaRefuses() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("openapi-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let documentPath = directory.appendingPathComponent("openapi.json")
        try Data(OpenAPIDocument.json.utf8).write(to: documentPath)
        var samples: [String] = []
        // Each sample as the gateway writes it (every field present), which is what the schema describes.
        func encoded(_ name: String) throws -> Data {
            var application = try CanonicalJSON.decoder().decode(Application.self, from: Data(Fixtures.application(name)))
            application.source.portal = "demo"
            return try CanonicalJSON.encoder().encode(application)
        }
        for name in try Fixtures.canonicalNames() {
            let url = directory.appendingPathComponent("\(samples.count).json")
            try encoded(name).write(to: url)
            samples.append(url.path)
        }
        var unknown = try #require(try JSONSerialization.jsonObject(with: encoded("canonical/notary-will.json")) as? [String: Any])
        unknown["nickname"] = "x"
        let refused = directory.appendingPathComponent("refused.json")
        try JSONSerialization.data(withJSONObject: unknown).write(to: refused)
        // The schema of POST /v1/applications' body, resolved inside the served document.
        let script = """
            import json, sys
            from jsonschema import Draft202012Validator
            document = json.load(open(sys.argv[1]))
            body = document["paths"]["/v1/applications"]["post"]["requestBody"]["content"]["application/json"]["schema"]
            assert body == {"$ref": "#/components/schemas/Application"}, body
            validator = Draft202012Validator(dict(body, components=document["components"]))
            bad = [(p, e.message) for p in sys.argv[2:-1] for e in validator.iter_errors(json.load(open(p)))]
            for p, message in bad: print("invalid", p, message)
            refused = list(validator.iter_errors(json.load(open(sys.argv[-1]))))
            print("refused", len(refused))
            sys.exit(1 if bad or not refused else 0)
            """
        let (status, output) = try await ExternalTool.run("python3", ["-c", script, documentPath.path] + samples + [refused.path])
        #expect(status == 0 && output.contains("refused"), "\(output)")
    }
}
