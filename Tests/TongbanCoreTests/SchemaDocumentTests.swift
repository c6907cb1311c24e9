import Foundation
import Testing
import TongbanTestSupport
@testable import TongbanCore

/// The JSON Schema for integrators (`docs/schema/application-v1.schema.json`) is checked
/// by an independent validator (Python's `jsonschema`, Draft 2020-12) against what the
/// gateway really encodes. The schema forbids unknown keys, so a field the encoder writes
/// that the schema lacks fails here.
@Suite struct SchemaDocumentTests {
    func validate(_ documents: [[UInt8]]) async throws -> (status: Int32, output: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var paths: [String] = []
        for (i, document) in documents.enumerated() {
            let url = directory.appendingPathComponent("\(i).json")
            try Data(document).write(to: url)
            paths.append(url.path)
        }
        let script = """
            import json, sys
            from jsonschema import Draft202012Validator
            schema = json.load(open(sys.argv[1]))
            Draft202012Validator.check_schema(schema)
            validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
            bad = 0
            for path in sys.argv[2:]:
                for error in validator.iter_errors(json.load(open(path))):
                    bad += 1
                    print(path, "/".join(map(str, error.absolute_path)), error.message)
            sys.exit(1 if bad else 0)
            """
        return try await ExternalTool.run("python3", ["-c", script, Fixtures.root.appendingPathComponent("docs/schema/application-v1.schema.json").path] + paths)
    }

    func encoded(_ name: String) throws -> [UInt8] {
        var application = try CanonicalJSON.decoder().decode(Application.self, from: Data(Fixtures.application(name)))
        application.source.portal = "demo"
        return Array(try CanonicalJSON.encoder().encode(application))
    }

    @Test func everyEncodedSampleConformsToTheSchema() async throws {
        let result = try await validate(try Fixtures.canonicalNames().map(encoded))
        #expect(result.status == 0, "\(result.output)")
    }

    @Test func theSchemaRejectsWhatTheGatewayWouldNotWrite() async throws {
        var object = try JSONSerialization.jsonObject(with: Data(encoded("canonical/notary-will.json"))) as! [String: Any]
        object.set(["applicant", "nickname"], "小张")
        object.set(["region"], "31010")
        let result = try await validate([Fixtures.bytes(object)])
        #expect(result.status == 1)
        #expect(result.output.contains("nickname") && result.output.contains("region"), "\(result.output)")
    }
}
