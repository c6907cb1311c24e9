/// The OpenAPI 3.1 description of every route, served at `/openapi.json`. A test fails when
/// the router has a route this document lacks (or the reverse), so it cannot fall behind.
enum OpenAPIDocument {
    static let json = #"""
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
                  "parameters": [{"name": "portalCaseNo", "in": "query", "required": true, "schema": {"type": "string"}}],
                  "responses": {"200": {"$ref": "#/components/responses/Application"}, "400": {"$ref": "#/components/responses/Problem"}, "404": {"$ref": "#/components/responses/Problem"}}}
        },
        "/v1/dialects/yiwang/applications": {
          "post": {"tags": ["portal"], "summary": "Submit an application in the 一网通办 field set", "security": [{"portalXTif": []}],
                   "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "description": "projid, apply_cardnumber, receivetime… (docs/schema.md)"}}}},
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
                   "requestBody": {"required": false, "content": {"application/json": {"schema": {"type": "object", "additionalProperties": false, "properties": {"reason": {"type": "string", "maxLength": 500}}}}}},
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
                                                  "400": {"$ref": "#/components/responses/Problem"}, "401": {"$ref": "#/components/responses/Problem"}}}},
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
                                "401": {"$ref": "#/components/responses/Problem"}, "403": {"$ref": "#/components/responses/Problem"}, "404": {"$ref": "#/components/responses/Problem"}}},
          "put": {"tags": ["adapters"], "summary": "Store a spec as the adapter's next version, checked like a file, in force at once (201 new, 200 replaced or unchanged)", "security": [{"adminBearer": []}, {"agencyBearer": []}],
                  "parameters": [{"$ref": "#/components/parameters/AdapterId"}],
                  "requestBody": {"required": true, "content": {"application/yaml": {"schema": {"type": "string", "description": "Adapters/README.md"}}, "application/json": {"schema": {"type": "object"}}}},
                  "responses": {"200": {"$ref": "#/components/responses/AdapterChange"}, "201": {"$ref": "#/components/responses/AdapterChange"},
                                "400": {"$ref": "#/components/responses/Problem"}, "401": {"$ref": "#/components/responses/Problem"}, "403": {"$ref": "#/components/responses/Problem"},
                                "409": {"$ref": "#/components/responses/Problem"}, "413": {"$ref": "#/components/responses/Problem"}, "415": {"$ref": "#/components/responses/Problem"}, "422": {"$ref": "#/components/responses/Problem"}}},
          "delete": {"tags": ["adapters"], "summary": "Delete the stored spec (a deletion version); a file of the same id serves again", "security": [{"adminBearer": []}, {"agencyBearer": []}],
                     "parameters": [{"$ref": "#/components/parameters/AdapterId"}],
                     "responses": {"200": {"$ref": "#/components/responses/AdapterChange"}, "401": {"$ref": "#/components/responses/Problem"}, "403": {"$ref": "#/components/responses/Problem"},
                                   "404": {"$ref": "#/components/responses/Problem"}, "409": {"$ref": "#/components/responses/Problem"}}}
        },
        "/admin/v1/adapters/{id}/try": {"post": {"tags": ["adapters"], "summary": "Dry run: the request the adapter (or a candidate spec) would send for an application, secrets redacted; nothing is sent or stored",
                                                 "security": [{"adminBearer": []}, {"agencyBearer": []}],
                                                 "parameters": [{"$ref": "#/components/parameters/AdapterId"}],
                                                 "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["application"],
                                                    "properties": {"application": {"$ref": "#/components/schemas/Application"}, "spec": {"type": "string", "description": "a candidate spec (YAML)"}}}}}},
                                                 "responses": {"200": {"description": "adapterId, spec (in force or candidate), request {method, url, headers, body}", "content": {"application/json": {"schema": {"type": "object"}}}},
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
          "Application": {"type": "object", "description": "The canonical application, schema version 1 (docs/schema.md, docs/schema/)"},
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
                         "properties": {"supplementId": {"type": "string", "pattern": "^[A-Za-z0-9._-]{1,64}$"}, "targetId": {"type": "string"}, "note": {"type": "string", "maxLength": 500},
                                        "materials": {"type": "array", "minItems": 1, "maxItems": 50, "items": {"type": "object", "description": "a canonical material: code, name, files, onPaper"}}}},
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
