import Foundation
import Testing
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

/// The schema the gateway embeds is the published file, byte for byte.
@Suite struct EmbeddedSchemaTests {
    @Test func theEmbeddedSchemaIsThePublishedFile() throws {
        let published = try String(contentsOf: Fixtures.root.appendingPathComponent("docs/schema/application-v1.schema.json"), encoding: .utf8)
        #expect(ApplicationSchema.json == published, "run scripts/embed-schema.sh")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json.utf8)) as? [String: Any])
        let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
        let application = try #require(schemas["Application"] as? [String: Any])
        #expect((application["required"] as? [String])?.contains("portalCaseNo") == true)
        #expect(!OpenAPIDocument.json.contains("\"#/$defs/"), "a reference still points at the schema's own root")
    }
}
