import Foundation
import TongbanCore

/// A back end's endpoint for a citizen action: `cancel` (the applicant withdrew) or
/// `supplement` (materials it asked for). Sent to the submit endpoint's `baseURL`, signed
/// with the adapter's `auth`, with `Idempotency-Key: <action id>`.
///
/// `path` may hold `{caseRef}` (the back end's own case number) and `{targetId}`. The body
/// is built by `fields` like a submission, from a small document: for `cancel`
/// `{"reason": …}`, for `supplement` `{"supplementId": …, "note": …, "materials": [...]}`
/// (materials in the canonical shape). The answer is classified by `response` (answer
/// rules, as for submissions, without a case reference); without one any 2xx is success,
/// 408, 425, 429 and 5xx are retried, another 4xx gives up and the action joins the dead
/// letters.
public struct ActionSpec: Sendable, Decodable, Equatable {
    public var method: String
    public var path: String
    public var timeoutSeconds: Double
    /// Body format; the submit endpoint's when absent.
    public var format: EndpointSpec.Format?
    public var xmlRoot: String?
    /// The body; no fields means an empty body.
    public var body: MappingSpec
    /// How its answer is read.
    public var response: ResponseSpec

    /// The references the body of each kind may read, beyond the gateway variables.
    public static func documentFields(of kind: CitizenAction.Kind) -> [String] {
        switch kind {
        case .cancel: ["/reason"]
        case .supplement: ["/supplementId", "/note", "/materials"]
        }
    }

    /// Whether `path` names a field of the action document of `kind`.
    public static func isDocumentField(_ pointer: String, of kind: CitizenAction.Kind) -> Bool {
        documentFields(of: kind).contains(pointer)
            || (kind == .supplement && pointer.hasPrefix("/materials/") && CanonicalPaths.isKnown(pointer))
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case method, path, timeout, format, xmlRoot, tables, fields, response }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        method = try c.decodeIfPresent(String.self, forKey: .method)?.uppercased() ?? "POST"
        guard ["POST", "PUT", "DELETE"].contains(method) else {
            throw InvalidValueError(path: c.codingPath + [CodingKeys.method], reason: "expected POST, PUT or DELETE")
        }
        path = try c.decode(String.self, forKey: .path)
        guard path.hasPrefix("/") else { throw InvalidValueError(path: c.codingPath + [CodingKeys.path], reason: "expected a path starting with '/'") }
        var rest = Substring(path)
        while let open = rest.firstIndex(of: "{") {
            guard let close = rest[open...].firstIndex(of: "}") else {
                throw InvalidValueError(path: c.codingPath + [CodingKeys.path], reason: "unclosed '{' in the path")
            }
            let name = rest[rest.index(after: open)..<close]
            guard name == "caseRef" || name == "targetId" else {
                throw InvalidValueError(path: c.codingPath + [CodingKeys.path], reason: "unknown placeholder {\(name)}; known: {caseRef}, {targetId}")
            }
            rest = rest[rest.index(after: close)...]
        }
        timeoutSeconds = try c.decodeIfPresent(String.self, forKey: .timeout).map { try Duration.seconds($0, at: c.codingPath + [CodingKeys.timeout]) } ?? 10
        format = try c.contains(.format) ? c.decodeWord(EndpointSpec.Format.self, forKey: .format) : nil
        xmlRoot = try c.decodeIfPresent(String.self, forKey: .xmlRoot)
        body = MappingSpec(tables: try c.decodeIfPresent([String: LookupTable].self, forKey: .tables) ?? [:],
                           fields: try c.decodeIfPresent([FieldRule].self, forKey: .fields) ?? [])
        response = try c.decodeIfPresent(ResponseSpec.self, forKey: .response) ?? ResponseSpec()
        if response.caseRef != nil {
            throw InvalidValueError(path: c.codingPath + [CodingKeys.response, AnyKey(stringValue: "caseRef")], reason: "an action's answer has no case reference to read")
        }
    }

    /// The path with its placeholders filled (each value percent-encoded); nil when it needs
    /// a case number the back end never gave.
    public func resolvedPath(caseRef: String?, targetId: String) -> String? {
        if path.contains("{caseRef}"), caseRef == nil { return nil }
        return path.replacingOccurrences(of: "{caseRef}", with: Self.escape(caseRef ?? ""))
            .replacingOccurrences(of: "{targetId}", with: Self.escape(targetId))
    }

    private static func escape(_ segment: String) -> String {
        var out = ""
        for byte in segment.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }
}

extension AdapterSpec {
    /// The endpoint for one kind of citizen action, if the back end has one.
    public func action(_ kind: CitizenAction.Kind) -> ActionSpec? {
        switch kind {
        case .cancel: cancel
        case .supplement: supplement
        }
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
