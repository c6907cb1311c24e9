import Foundation

/// The OpenAPI 3.1 description of every route, served at `/openapi.json`. A test fails when
/// the router has a route this document lacks (or the reverse), so it cannot fall behind;
/// schemathesis holds the server to it (`scripts/schemathesis.sh`). The application body is
/// the published JSON Schema itself (`docs/schema/application-v1.schema.json`, embedded as
/// `ApplicationSchema`), put in as `components.schemas.Application` when the document is built.
enum OpenAPIDocument {
    /// The served document.
    static let json: String = {
        guard var document = try? JSONSerialization.jsonObject(with: Data(template.utf8)) as? [String: Any],
              var components = document["components"] as? [String: Any], var schemas = components["schemas"] as? [String: Any],
              var application = try? JSONSerialization.jsonObject(with: Data(ApplicationSchema.json.utf8)) as? [String: Any] else {
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

    /// Everything but the application schema.
    static let template = #"""
    {
      "openapi": "3.1.0",
      "info": {
        "title": "Tongban 通办 gateway",
        "version": "1.0.0",
        "description": "Between the 一网通办 portal and the back ends of public legal services. Errors are RFC 9457 problem+json (see Problem). Every response carries X-Request-Id and traceparent."
      },
      "servers": [{"url": "http://127.0.0.1:8080"}],
      "tags": [
        {"name": "portal", "description": "Called by portals: x-tif signed headers or a bearer token, as Config/portals.yaml says"},
        {"name": "back ends", "description": "Called by agencies' systems, authenticated as each adapter spec's callback.auth says"},
        {"name": "operations", "description": "Health, readiness and this document: no authentication"},
        {"name": "admin", "description": "The operator's bearer token (admin.tokenEnv)"}
      ],
      "paths": {
        "/v1/applications": {
          "post": {"tags": ["portal"], "summary": "Submit an application (canonical JSON)", "security": [{"portalBearer": []}, {"portalXTif": []}],
                   "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Application"}}}},
                   "responses": {"202": {"description": "Stored durably; the receipt (Idempotent-Replayed: true for a repeat)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Receipt"}}}},
                                 "400": {"$ref": "#/components/responses/Problem"}, "401": {"$ref": "#/components/responses/Problem"}, "409": {"$ref": "#/components/responses/Problem"},
                                 "413": {"$ref": "#/components/responses/Problem"}, "415": {"$ref": "#/components/responses/Problem"}, "422": {"$ref": "#/components/responses/Problem"}}},
          "get": {"tags": ["portal"], "summary": "Find an application by the portal's case number", "security": [{"portalBearer": []}, {"portalXTif": []}],
                  "parameters": [{"name": "portalCaseNo", "in": "query", "required": true, "schema": {"type": "string", "minLength": 1, "maxLength": 64, "pattern": "^[^\\u0000-\\u001F\\u007F-\\u009F]*$"}}],
                  "responses": {"200": {"$ref": "#/components/responses/Application"}, "400": {"$ref": "#/components/responses/Problem"}, "404": {"$ref": "#/components/responses/Problem"}}}
        },
        "/v1/dialects/yiwang/applications": {
          "post": {"tags": ["portal"], "summary": "Submit an application in the 一网通办 field set", "security": [{"portalXTif": []}],
                   "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/YiwangApplication"}}}},
                   "responses": {"202": {"description": "Stored; the receipt", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Receipt"}}}},
                                 "400": {"$ref": "#/components/responses/Problem"}, "403": {"$ref": "#/components/responses/Problem"}, "422": {"$ref": "#/components/responses/Problem"}}}
        },
        "/v1/applications/{id}": {
          "get": {"tags": ["portal"], "summary": "An application with its targets, status, due date, actions", "security": [{"portalBearer": []}, {"portalXTif": []}],
                  "parameters": [{"$ref": "#/components/parameters/ApplicationId"}],
                  "responses": {"200": {"$ref": "#/components/responses/Application"}, "404": {"$ref": "#/components/responses/Problem"}}}
        },
        "/v1/applications/{id}/events": {
          "get": {"tags": ["portal"], "summary": "The timeline: every event in order", "security": [{"portalBearer": []}, {"portalXTif": []}],
                  "parameters": [{"$ref": "#/components/parameters/ApplicationId"}],
                  "responses": {"200": {"description": "Events", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Timeline"}}}},
                                "404": {"$ref": "#/components/responses/Problem"}}}
        },
        "/v1/applications/{id}/withdrawal": {
          "post": {"tags": ["portal"], "summary": "Withdraw: back ends with a cancel endpoint are told, the others withdrawn locally", "security": [{"portalBearer": []}, {"portalXTif": []}],
                   "parameters": [{"$ref": "#/components/parameters/ApplicationId"}],
                   "requestBody": {"required": false, "content": {"application/json": {"schema": {"type": "object", "additionalProperties": false, "properties": {"reason": {"type": "string", "maxLength": 500, "pattern": "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$"}}}}}},
                   "responses": {"202": {"$ref": "#/components/responses/ApplicationState"}, "200": {"$ref": "#/components/responses/ApplicationState"},
                                 "400": {"$ref": "#/components/responses/Problem"}, "404": {"$ref": "#/components/responses/Problem"}, "409": {"$ref": "#/components/responses/Problem"},
                                 "415": {"$ref": "#/components/responses/Problem"}, "422": {"$ref": "#/components/responses/Problem"}}}
        },
        "/v1/applications/{id}/supplements": {
          "post": {"tags": ["portal"], "summary": "Materials for the back end that asked (补正)", "security": [{"portalBearer": []}, {"portalXTif": []}],
                   "parameters": [{"$ref": "#/components/parameters/ApplicationId"}],
                   "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Supplement"}}}},
                   "responses": {"202": {"$ref": "#/components/responses/ApplicationState"}, "200": {"$ref": "#/components/responses/ApplicationState"},
                                 "400": {"$ref": "#/components/responses/Problem"}, "404": {"$ref": "#/components/responses/Problem"}, "409": {"$ref": "#/components/responses/Problem"},
                                 "415": {"$ref": "#/components/responses/Problem"}, "422": {"$ref": "#/components/responses/Problem"}}}
        },
        "/v1/callbacks/{adapterId}": {
          "post": {"tags": ["back ends"], "summary": "A back end's status report, in its own dialect; an unknown adapter id is answered as a failed authentication (401)", "security": [{"callbackAuth": []}],
                   "parameters": [{"name": "adapterId", "in": "path", "required": true, "schema": {"type": "string"}}],
                   "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object"}}, "application/xml": {"schema": {"type": "string"}}}},
                   "responses": {"200": {"description": "Applied, or a repeated event id", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CallbackAnswer"}}}},
                                 "400": {"$ref": "#/components/responses/Problem"}, "401": {"$ref": "#/components/responses/Problem"}, "404": {"$ref": "#/components/responses/Problem"},
                                 "422": {"$ref": "#/components/responses/Problem"}, "503": {"$ref": "#/components/responses/Problem"}}}
        },
        "/healthz": {"get": {"tags": ["operations"], "summary": "The process answers", "responses": {"200": {"description": "{\"status\":\"ok\"}"}}}},
        "/readyz": {"get": {"tags": ["operations"], "summary": "Should it get traffic: {\"status\": ready|draining|unavailable} to anyone; with an admin bearer token also the store, configuration, each adapter's health, probes and disabled specs",
                            "responses": {"200": {"$ref": "#/components/responses/Readiness"}, "503": {"$ref": "#/components/responses/Readiness"}}}},
        "/metrics": {"get": {"tags": ["operations"], "summary": "Prometheus text format: tongban_http_requests_total, tongban_http_request_duration_seconds, tongban_intake_outcomes_total, tongban_deliveries_total, tongban_callbacks_total, tongban_notifications_total, tongban_breaker_state, tongban_outbox_deliveries, tongban_applications",
                             "responses": {"200": {"description": "text/plain; version=0.0.4"},
                                           "401": {"description": "admin.metricsTokenEnv is set and the bearer token is neither it nor the operator's"}}}},
        "/openapi.json": {"get": {"tags": ["operations"], "summary": "This document", "responses": {"200": {"description": "OpenAPI 3.1"}}}},
        "/admin/v1/dead-letters": {"get": {"tags": ["admin"], "summary": "Deliveries that gave up", "security": [{"adminBearer": []}],
                                           "parameters": [{"$ref": "#/components/parameters/Limit"}], "responses": {"200": {"$ref": "#/components/responses/List"}, "401": {"$ref": "#/components/responses/Problem"}, "403": {"$ref": "#/components/responses/Problem"}}}},
        "/admin/v1/deliveries/{targetId}/replay": {"post": {"tags": ["admin"], "summary": "Put a dead delivery back in the queue", "security": [{"adminBearer": []}],
                                                            "parameters": [{"name": "targetId", "in": "path", "required": true, "schema": {"type": "string"}}],
                                                            "responses": {"200": {"description": "Queued"}, "401": {"$ref": "#/components/responses/Problem"}, "404": {"$ref": "#/components/responses/Problem"}}}},
        "/admin/v1/callbacks/set-aside": {"get": {"tags": ["admin"], "summary": "Callbacks set aside as poison: the gateway stopped dispatch.poisonAfter times while processing each; they are answered 503 until released", "security": [{"adminBearer": []}],
                                                  "responses": {"200": {"description": "{\"callbacks\": [{key, adapterId, payloadDigest, timesStopped}]}", "content": {"application/json": {"schema": {"type": "object"}}}},
                                                                "403": {"$ref": "#/components/responses/Problem"}}}},
        "/admin/v1/callbacks/set-aside/{key}/release": {"post": {"tags": ["admin"], "summary": "Release a set-aside callback: the back end's next attempt is processed", "security": [{"adminBearer": []}],
                                                              "parameters": [{"name": "key", "in": "path", "required": true, "schema": {"type": "string"}}],
                                                              "responses": {"200": {"description": "Released"}, "403": {"$ref": "#/components/responses/Problem"}, "404": {"$ref": "#/components/responses/Problem"}}}},
        "/admin/v1/notifications/dead-letters": {"get": {"tags": ["admin"], "summary": "Portal notifications that gave up", "security": [{"adminBearer": []}],
                                                         "parameters": [{"$ref": "#/components/parameters/Limit"}], "responses": {"200": {"$ref": "#/components/responses/List"}, "401": {"$ref": "#/components/responses/Problem"}}}},
        "/admin/v1/notifications/{id}/replay": {"post": {"tags": ["admin"], "summary": "Send a dead notification again", "security": [{"adminBearer": []}],
                                                         "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                                                         "responses": {"200": {"description": "Pending"}, "401": {"$ref": "#/components/responses/Problem"}, "404": {"$ref": "#/components/responses/Problem"}}}},
        "/admin/v1/actions/dead-letters": {"get": {"tags": ["admin"], "summary": "Cancellations and supplements that gave up", "security": [{"adminBearer": []}],
                                                   "parameters": [{"$ref": "#/components/parameters/Limit"}], "responses": {"200": {"$ref": "#/components/responses/List"}, "401": {"$ref": "#/components/responses/Problem"}}}},
        "/admin/v1/actions/{id}/replay": {"post": {"tags": ["admin"], "summary": "Send a dead action again", "security": [{"adminBearer": []}],
                                                   "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                                                   "responses": {"200": {"description": "Pending"}, "401": {"$ref": "#/components/responses/Problem"}, "404": {"$ref": "#/components/responses/Problem"}}}},
        "/admin/v1/stats": {"get": {"tags": ["admin"], "summary": "Applications received in a period by service (targets), region, channel and status; targets on time and overdue; median hours to acceptance and completion per service",
                                    "security": [{"adminBearer": []}],
                                    "parameters": [{"name": "from", "in": "query", "required": false, "schema": {"type": "string", "format": "date"}, "description": "default: 29 days before to"},
                                                   {"name": "to", "in": "query", "required": false, "schema": {"type": "string", "format": "date"}, "description": "included; default today (Beijing)"}],
                                    "responses": {"200": {"description": "The report", "content": {"application/json": {"schema": {"type": "object"}}}},
                                                  "400": {"$ref": "#/components/responses/Problem"}, "401": {"$ref": "#/components/responses/Problem"},
                                                  "422": {"description": "from is after to, or the period is longer than 366 days", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}}}},
        "/admin/v1/anomalies": {"get": {"tags": ["admin"], "summary": "Callbacks that could not be applied", "security": [{"adminBearer": []}],
                                        "parameters": [{"$ref": "#/components/parameters/Limit"}], "responses": {"200": {"$ref": "#/components/responses/List"}, "401": {"$ref": "#/components/responses/Problem"}}}},
        "/admin/v1/drain": {
          "post": {"tags": ["admin"], "summary": "Drain: /readyz fails, requests are still served", "security": [{"adminBearer": []}],
                   "responses": {"200": {"description": "{\"draining\":true}"}, "401": {"$ref": "#/components/responses/Problem"}}},
          "delete": {"tags": ["admin"], "summary": "Stop draining", "security": [{"adminBearer": []}],
                     "responses": {"200": {"description": "{\"draining\":false}"}, "401": {"$ref": "#/components/responses/Problem"}}}
        },
        "/admin/v1/queues": {"get": {"tags": ["admin"], "summary": "Outbox depths: deliveries by adapter and state (pending, leased, done, dead, cancelled)", "security": [{"adminBearer": []}],
                                     "responses": {"200": {"description": "{\"deliveries\": [{adapterId, state, count}]}", "content": {"application/json": {"schema": {"type": "object"}}}},
                                                   "401": {"$ref": "#/components/responses/Problem"}, "403": {"$ref": "#/components/responses/Problem"}}}},
        "/admin/v1/applications": {"get": {"tags": ["admin"], "summary": "The latest applications of every portal (no personal data), newest first", "security": [{"adminBearer": []}],
                                           "parameters": [{"$ref": "#/components/parameters/Limit"}], "responses": {"200": {"$ref": "#/components/responses/List"}, "401": {"$ref": "#/components/responses/Problem"}, "403": {"$ref": "#/components/responses/Problem"}}}},
        "/admin/v1/applications/{id}/events": {"get": {"tags": ["admin"], "summary": "An application's timeline, whatever portal it came from", "security": [{"adminBearer": []}],
                                                       "parameters": [{"$ref": "#/components/parameters/ApplicationId"}],
                                                       "responses": {"200": {"description": "Events", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Timeline"}}}},
                                                                     "401": {"$ref": "#/components/responses/Problem"}, "403": {"$ref": "#/components/responses/Problem"}, "404": {"$ref": "#/components/responses/Problem"}}}},
        "/admin/v1/audit": {"get": {"tags": ["admin"], "summary": "Admin changes of the audit chain (who, what, when), newest first", "security": [{"adminBearer": []}],
                                    "parameters": [{"$ref": "#/components/parameters/Limit"}], "responses": {"200": {"$ref": "#/components/responses/List"}, "401": {"$ref": "#/components/responses/Problem"}, "403": {"$ref": "#/components/responses/Problem"}}}},
        "/admin/v1/reload": {"post": {"tags": ["admin"], "summary": "Reload the configuration files, environment file and stored adapter specs (as SIGHUP); an invalid configuration is refused and the running one stays",
                                      "security": [{"adminBearer": []}],
                                      "responses": {"200": {"description": "applied, generation, loadedAt, adapters, restartRequired, warnings", "content": {"application/json": {"schema": {"type": "object"}}}},
                                                    "401": {"$ref": "#/components/responses/Problem"}, "403": {"$ref": "#/components/responses/Problem"}, "422": {"$ref": "#/components/responses/Problem"}}}},
        "/admin/v1/adapters": {"get": {"tags": ["adapters"], "summary": "Adapters in force (an agency token sees its own): id, service, owner, origin, health", "security": [{"adminBearer": []}, {"agencyBearer": []}],
                                       "responses": {"200": {"description": "{\"adapters\": [...]}", "content": {"application/json": {"schema": {"type": "object"}}}}, "401": {"$ref": "#/components/responses/Problem"}}}},
        "/admin/v1/adapters/{id}": {
          "get": {"tags": ["adapters"], "summary": "An adapter's spec in force and its stored versions; ?version=N for one version's text", "security": [{"adminBearer": []}, {"agencyBearer": []}],
                  "parameters": [{"$ref": "#/components/parameters/AdapterId"}, {"name": "version", "in": "query", "required": false, "schema": {"type": "integer", "minimum": 1}}],
                  "responses": {"200": {"description": "The adapter", "content": {"application/json": {"schema": {"type": "object"}}}},
                                "400": {"$ref": "#/components/responses/Problem"}, "401": {"$ref": "#/components/responses/Problem"}, "403": {"$ref": "#/components/responses/Problem"}, "404": {"$ref": "#/components/responses/Problem"}}},
          "put": {"tags": ["adapters"], "summary": "Store a spec as the adapter's next version, checked like a file, in force at once (201 new, 200 replaced or unchanged)", "security": [{"adminBearer": []}, {"agencyBearer": []}],
                  "parameters": [{"$ref": "#/components/parameters/AdapterId"}],
                  "requestBody": {"required": true, "content": {"application/yaml": {"schema": {"type": "string", "description": "Adapters/README.md"}}, "application/json": {"schema": {"type": "object"}}}},
                  "responses": {"200": {"$ref": "#/components/responses/AdapterChange"}, "201": {"$ref": "#/components/responses/AdapterChange"},
                                "400": {"$ref": "#/components/responses/Problem"}, "401": {"$ref": "#/components/responses/Problem"}, "403": {"$ref": "#/components/responses/Problem"},
                                "409": {"$ref": "#/components/responses/Problem"}, "413": {"$ref": "#/components/responses/Problem"}, "415": {"$ref": "#/components/responses/Problem"}, "422": {"$ref": "#/components/responses/Problem"}}},
          "delete": {"tags": ["adapters"], "summary": "Delete the stored spec (a deletion version); a file of the same id serves again", "security": [{"adminBearer": []}, {"agencyBearer": []}],
                     "parameters": [{"$ref": "#/components/parameters/AdapterId"}],
                     "responses": {"200": {"$ref": "#/components/responses/AdapterChange"}, "400": {"$ref": "#/components/responses/Problem"}, "401": {"$ref": "#/components/responses/Problem"}, "403": {"$ref": "#/components/responses/Problem"},
                                   "404": {"$ref": "#/components/responses/Problem"}, "409": {"$ref": "#/components/responses/Problem"}}}
        },
        "/admin/v1/adapters/{id}/try": {"post": {"tags": ["adapters"], "summary": "Dry run: the request the adapter (or a candidate spec) would send for an application, secrets redacted; nothing is sent or stored",
                                                 "security": [{"adminBearer": []}, {"agencyBearer": []}],
                                                 "parameters": [{"$ref": "#/components/parameters/AdapterId"}],
                                                 "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["application"], "additionalProperties": false,
                                                    "properties": {"application": {"$ref": "#/components/schemas/Application"}, "spec": {"type": "string", "description": "a candidate spec (YAML)", "pattern": "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$"}}}}}},
                                                 "responses": {"200": {"description": "adapterId, spec (in force or candidate), request {method, url, headers, body, signedString}", "content": {"application/json": {"schema": {"type": "object"}}}},
                                                               "400": {"$ref": "#/components/responses/Problem"}, "403": {"$ref": "#/components/responses/Problem"}, "404": {"$ref": "#/components/responses/Problem"},
                                                               "415": {"$ref": "#/components/responses/Problem"}, "422": {"$ref": "#/components/responses/Problem"}}}},
        "/admin": {"get": {"tags": ["admin"], "summary": "The admin page (HTML; it asks for an admin token)", "responses": {"200": {"description": "text/html"}}}}
      },
      "components": {
        "securitySchemes": {
          "portalBearer": {"type": "http", "scheme": "bearer", "description": "The portal's token (portals.yaml auth.scheme: bearer)"},
          "portalXTif": {"type": "apiKey", "in": "header", "name": "x-tif-signature", "description": "x-tif-paasid, x-tif-timestamp (±300 s), x-tif-nonce (once), x-tif-signature = SHA-256 or SM3 of timestamp+token+nonce+timestamp"},
          "adminBearer": {"type": "http", "scheme": "bearer", "description": "The operator's token from admin.tokenEnv"},
          "agencyBearer": {"type": "http", "scheme": "bearer", "description": "An agency's token (admin.agencies): only adapters whose owner.creditCode is its code"},
          "callbackAuth": {"type": "apiKey", "in": "header", "name": "Authorization", "description": "As the adapter spec's callback.auth says: bearer, HMAC-SHA256/SM3 (X-BG-HMAC-*), or x-tif"}
        },
        "parameters": {
          "ApplicationId": {"name": "id", "in": "path", "required": true, "schema": {"type": "string", "pattern": "^app_"}},
          "AdapterId": {"name": "id", "in": "path", "required": true, "schema": {"type": "string", "pattern": "^[a-z0-9-]{1,64}$"}},
          "Limit": {"name": "limit", "in": "query", "required": false, "schema": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 100}}
        },
        "responses": {
          "Problem": {"description": "RFC 9457 problem", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
          "Application": {"description": "The application", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ApplicationState"}}}},
          "ApplicationState": {"description": "Where the application stands, with its actions", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ApplicationState"}}}},
          "Readiness": {"description": "Readiness report", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Readiness"}}}},
          "AdapterChange": {"description": "adapterId, version, digest, status (created, replaced, unchanged, deleted), fileInForce", "content": {"application/json": {"schema": {"type": "object"}}}},
          "List": {"description": "Newest first", "content": {"application/json": {"schema": {"type": "object"}}}}
        },
        "schemas": {
          "Problem": {"type": "object", "required": ["type", "title", "status"],
                      "properties": {"type": {"type": "string", "examples": ["urn:tongban:problem:validation"]}, "title": {"type": "string"}, "status": {"type": "integer"},
                                     "detail": {"type": "string"}, "instance": {"type": "string", "description": "the request id"},
                                     "errors": {"type": "array", "items": {"type": "object", "properties": {"pointer": {"type": "string"}, "code": {"type": "string"}, "message": {"type": "string"}}}},
                                     "existingId": {"type": "string"}}},
          "Application": {"description": "replaced by docs/schema/application-v1.schema.json when the document is built"},
          "IgnoredJSON": {"description": "any JSON value whose text holds no control characters but tab and line breaks (member names none at all): what the gateway reads and ignores", "anyOf": [{"type": "string", "pattern": "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$"}, {"type": ["number", "boolean", "null"]}, {"type": "array", "items": {"$ref": "#/components/schemas/IgnoredJSON"}}, {"type": "object", "propertyNames": {"pattern": "^[^\\u0000-\\u001F\\u007F-\\u009F]*$"}, "additionalProperties": {"$ref": "#/components/schemas/IgnoredJSON"}}]},
          "YiwangScalar": {"type": ["string", "integer", "boolean", "null"], "pattern": "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$", "minimum": -9223372036854775808, "maximum": 9223372036854775807},
          "YiwangApplication": {"type": "object", "required": ["form"], "description": "The 一网通办 field set (docs/schema.md, \"The yiwang dialect\"): scalars may come as strings, whole numbers or booleans; a missing field is reported by validation (422). Keys it does not know are ignored.", "properties": {"projid": {"$ref": "#/components/schemas/YiwangScalar"}, "servicecode": {"$ref": "#/components/schemas/YiwangScalar"}, "servicename": {"$ref": "#/components/schemas/YiwangScalar"}, "projectname": {"$ref": "#/components/schemas/YiwangScalar"}, "infotype": {"$ref": "#/components/schemas/YiwangScalar"}, "applyfrom": {"$ref": "#/components/schemas/YiwangScalar"}, "apply_type": {"$ref": "#/components/schemas/YiwangScalar"}, "applyname": {"$ref": "#/components/schemas/YiwangScalar"}, "apply_cardtype": {"$ref": "#/components/schemas/YiwangScalar"}, "apply_cardnumber": {"$ref": "#/components/schemas/YiwangScalar"}, "contactman": {"$ref": "#/components/schemas/YiwangScalar"}, "contactman_cardtype": {"$ref": "#/components/schemas/YiwangScalar"}, "contactman_cardnumber": {"$ref": "#/components/schemas/YiwangScalar"}, "telphone": {"$ref": "#/components/schemas/YiwangScalar"}, "postcode": {"$ref": "#/components/schemas/YiwangScalar"}, "address": {"$ref": "#/components/schemas/YiwangScalar"}, "legalman": {"$ref": "#/components/schemas/YiwangScalar"}, "deptid": {"$ref": "#/components/schemas/YiwangScalar"}, "deptname": {"$ref": "#/components/schemas/YiwangScalar"}, "areacode": {"$ref": "#/components/schemas/YiwangScalar"}, "receivetime": {"$ref": "#/components/schemas/YiwangScalar"}, "attrs": {"type": "array", "items": {"type": "object", "properties": {"attrid": {"$ref": "#/components/schemas/YiwangScalar"}, "attrname": {"$ref": "#/components/schemas/YiwangScalar"}, "taketype": {"$ref": "#/components/schemas/YiwangScalar"}, "istake": {"$ref": "#/components/schemas/YiwangScalar"}, "amount": {"$ref": "#/components/schemas/YiwangScalar"}, "file_url": {"$ref": "#/components/schemas/YiwangScalar"}, "filename": {"$ref": "#/components/schemas/YiwangScalar"}}, "additionalProperties": {"$ref": "#/components/schemas/IgnoredJSON"}, "propertyNames": {"pattern": "^[^\\u0000-\\u001F\\u007F-\\u009F]*$"}}}, "form": {"type": "object", "description": "the canonical service forms keyed by service id (docs/schema.md), and counterparties", "properties": {"lawyer": {"$ref": "#/components/schemas/Application/$defs/lawyer"}, "notary": {"$ref": "#/components/schemas/Application/$defs/notary"}, "arbitration": {"$ref": "#/components/schemas/Application/$defs/arbitration"}, "appraisal": {"$ref": "#/components/schemas/Application/$defs/appraisal"}, "legal-aid": {"$ref": "#/components/schemas/Application/$defs/legal-aid"}, "mediation": {"$ref": "#/components/schemas/Application/$defs/mediation"}, "counterparties": {"type": "array", "items": {"$ref": "#/components/schemas/Application/$defs/party"}}}, "additionalProperties": {"$ref": "#/components/schemas/IgnoredJSON"}, "propertyNames": {"pattern": "^[^\\u0000-\\u001F\\u007F-\\u009F]*$"}}}, "additionalProperties": {"$ref": "#/components/schemas/IgnoredJSON"}, "propertyNames": {"pattern": "^[^\\u0000-\\u001F\\u007F-\\u009F]*$"}},
          "Target": {"type": "object", "properties": {"id": {"type": "string"}, "service": {"type": "string"}, "adapterId": {"type": "string"},
                                                      "status": {"enum": ["queued", "delivered", "accepted", "rejected", "in_progress", "supplement_required", "suspended", "completed", "withdrawn", "failed"]},
                                                      "backendRef": {"type": "string"}, "dueDate": {"type": "string", "format": "date"}, "attempts": {"type": "integer"},
                                                      "pausedWorkingDays": {"type": "integer"}, "pausedSince": {"type": "string", "format": "date"}}},
          "Receipt": {"type": "object", "required": ["id", "portalCaseNo", "status", "evaluationCode", "receivedAt", "dueDate", "overdue", "targets"],
                      "properties": {"id": {"type": "string"}, "portalCaseNo": {"type": "string"},
                                     "status": {"enum": ["submitted", "in_progress", "supplement_required", "completed", "rejected", "withdrawn", "partially_completed", "failed"]},
                                     "evaluationCode": {"enum": [1, 2, 3]}, "receivedAt": {"type": "string", "format": "date-time"}, "dueDate": {"type": "string", "format": "date"},
                                     "overdue": {"type": "boolean"}, "targets": {"type": "array", "items": {"$ref": "#/components/schemas/Target"}}}},
          "ApplicationState": {"allOf": [{"$ref": "#/components/schemas/Receipt"}, {"type": "object", "properties": {
                                "portal": {"type": "string"}, "statusVersion": {"type": "integer"}, "withdrawalRequestedAt": {"type": "string", "format": "date-time"},
                                "actions": {"type": "array", "items": {"type": "object", "properties": {"id": {"type": "string"}, "kind": {"enum": ["cancel", "supplement"]},
                                           "targetId": {"type": "string"}, "adapterId": {"type": "string"}, "state": {"enum": ["pending", "leased", "done", "dead", "skipped"]},
                                           "attempts": {"type": "integer"}, "lastError": {"type": "string"}}}},
                                "application": {"$ref": "#/components/schemas/Application"}}}]},
          "Supplement": {"type": "object", "required": ["supplementId", "materials"], "additionalProperties": false,
                         "properties": {"supplementId": {"type": "string", "pattern": "^[A-Za-z0-9._-]{1,64}$"}, "targetId": {"type": "string", "pattern": "^tgt_[A-Za-z0-9_-]{1,60}$"}, "note": {"type": "string", "maxLength": 500, "pattern": "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$"},
                                        "materials": {"type": "array", "minItems": 1, "maxItems": 50, "items": {"$ref": "#/components/schemas/Application/$defs/material"}}}},
          "Timeline": {"type": "object", "properties": {"applicationId": {"type": "string"}, "events": {"type": "array", "items": {"type": "object", "properties": {
                        "seq": {"type": "integer"}, "id": {"type": "string"}, "type": {"type": "string"}, "targetId": {"type": "string"}, "source": {"type": "string"},
                        "fromStatus": {"type": "string"}, "toStatus": {"type": "string"}, "externalId": {"type": "string"}, "nativeStatus": {"type": "string"},
                        "verdict": {"enum": ["moved", "unchanged", "late", "illegal"]}, "moved": {"type": "boolean"}, "note": {"type": "string"},
                        "occurredAt": {"type": "string"}, "recordedAt": {"type": "string"}}}}}},
          "CallbackAnswer": {"type": "object", "properties": {"eventId": {"type": "string"}, "duplicate": {"type": "boolean"}, "targetId": {"type": "string"},
                                                              "verdict": {"type": "string"}, "targetStatus": {"type": "string"}, "overallStatus": {"type": "string"}}},
          "Readiness": {"type": "object", "properties": {"status": {"enum": ["ready", "draining", "unavailable"]}, "store": {"type": "string"}, "draining": {"type": "boolean"},
                                                         "config": {"type": "object", "properties": {"loadedAt": {"type": "string"}, "adapters": {"type": "integer"}}},
                                                         "adapters": {"type": "object", "additionalProperties": {"type": "string"}}}}
        }
      }
    }
    """#
}
