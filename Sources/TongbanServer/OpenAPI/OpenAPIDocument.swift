import Foundation

/// The OpenAPI 3.1 description of every route, served at `/openapi.json`. A test fails when
/// the router has a route this document lacks (or the reverse), so it cannot fall behind;
/// schemathesis holds the server to it (`scripts/schemathesis.sh`). The application body is
/// the published JSON Schema itself (`docs/schema/application-v1.schema.json`, shipped as the
/// resource `application-v1.schema.json`), put in as `components.schemas.Application` when
/// the document is built. Both are resource files, not Swift literals.
enum OpenAPIDocument {
    /// The served document.
    static let json: String = {
        guard var document = try? JSONSerialization.jsonObject(with: Data(template.utf8)) as? [String: Any],
              var components = document["components"] as? [String: Any], var schemas = components["schemas"] as? [String: Any],
              var application = try? JSONSerialization.jsonObject(with: Data(ServerResources.text("application-v1.schema.json").utf8)) as? [String: Any] else {
            preconditionFailure("the OpenAPI template or the embedded schema is not JSON (a test reads both)")
        }
        // Its own `$defs` are addressed from the document's root once it sits in the components.
        application.removeValue(forKey: "$schema")
        application.removeValue(forKey: "$id")
        schemas["Application"] = rebase(application, to: "#/components/schemas/Application/$defs/")
        components["schemas"] = schemas
        document["components"] = components
        document["paths"] = (document["paths"] as? [String: Any]).map(withCommonErrors)
        let data = (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }()

    /// The errors any route of a kind can answer, added where an operation does not list
    /// them itself: 400 for a malformed parameter or body, 401 where credentials are needed,
    /// 413 for a body over the limit, 503 (`store-unavailable`, with `Retry-After`) wherever
    /// the store is read or written.
    private static func withCommonErrors(_ paths: [String: Any]) -> [String: Any] {
        let problem: [String: Any] = ["$ref": "#/components/responses/Problem"]
        let storeless: Set<String> = ["/healthz", "/openapi.json", "/admin"]
        var out = paths
        for (path, item) in paths {
            guard var operations = item as? [String: Any] else { continue }
            for (method, value) in operations {
                guard var operation = value as? [String: Any], var responses = operation["responses"] as? [String: Any] else { continue }
                func add(_ status: String) { if responses[status] == nil { responses[status] = problem } }
                if operation["parameters"] != nil || operation["requestBody"] != nil { add("400") }
                if operation["security"] != nil { add("401") }
                if operation["requestBody"] != nil { add("413"); add("415") }
                if !storeless.contains(path) { add("503") }
                operation["responses"] = responses
                operations[method] = operation
            }
            out[path] = operations
        }
        return out
    }

    /// `#/$defs/x` references made relative to `base`.
    private static func rebase(_ node: Any, to base: String) -> Any {
        switch node {
        case let object as [String: Any]:
            var out: [String: Any] = [:]
            for (key, value) in object {
                if key == "$ref", let ref = value as? String, ref.hasPrefix("#/$defs/") {
                    out[key] = base + ref.dropFirst("#/$defs/".count)
                } else {
                    out[key] = rebase(value, to: base)
                }
            }
            return out
        case let array as [Any]: return array.map { rebase($0, to: base) }
        default: return node
        }
    }

    /// Everything but the application schema: `Resources/openapi.json`.
    static let template = ServerResources.text("openapi.json")
}
