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
        for match in text.matches(of: /"\$ref": "#\/components\/(\w+)\/(\w+)"/) {
            #expect(components[String(match.output.1)]?[String(match.output.2)] != nil, "unresolved \(match.output.0)")
        }
    }
}
