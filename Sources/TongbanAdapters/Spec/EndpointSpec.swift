import TongbanCore

/// Where and how an application is submitted to a back end.
public struct EndpointSpec: Sendable, Decodable, Equatable {
    /// The request body format.
    public enum Format: String, Sendable, CaseIterable { case json, xml, form }

    /// Scheme, host and port, for example `http://127.0.0.1:9101`.
    public var baseURL: String
    public var method: String
    public var path: String
    /// Seconds before the attempt counts as a timeout.
    public var timeoutSeconds: Double
    public var format: Format
    /// The root element of an XML body.
    public var xmlRoot: String
    /// Fixed headers sent with every request (no secrets: those come from `auth`).
    public var headers: [String: String]

    enum CodingKeys: String, CodingKey, CaseIterable { case baseURL, method, path, timeout, format, xmlRoot, headers }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        baseURL = try c.decode(String.self, forKey: .baseURL)
        guard baseURL.hasPrefix("http://") || baseURL.hasPrefix("https://"), !baseURL.hasSuffix("/") else {
            throw InvalidValueError(path: c.codingPath + [CodingKeys.baseURL], reason: "expected http(s)://host[:port] without a trailing '/'")
        }
        method = try c.decodeIfPresent(String.self, forKey: .method)?.uppercased() ?? "POST"
        guard ["POST", "PUT"].contains(method) else {
            throw InvalidValueError(path: c.codingPath + [CodingKeys.method], reason: "expected POST or PUT")
        }
        path = try c.decode(String.self, forKey: .path)
        guard path.hasPrefix("/") else { throw InvalidValueError(path: c.codingPath + [CodingKeys.path], reason: "expected a path starting with '/'") }
        timeoutSeconds = try c.decodeIfPresent(String.self, forKey: .timeout).map { try Duration.seconds($0, at: c.codingPath + [CodingKeys.timeout]) } ?? 10
        format = try c.contains(.format) ? c.decodeWord(Format.self, forKey: .format) : .json
        xmlRoot = try c.decodeIfPresent(String.self, forKey: .xmlRoot) ?? "request"
        headers = try c.decodeIfPresent([String: String].self, forKey: .headers) ?? [:]
    }
}

/// Durations in spec files: `250ms`, `5s`, `2m`, `1h`.
enum Duration {
    static func seconds(_ text: String, at path: [any CodingKey]) throws -> Double {
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            if let value = Double(text.dropLast(suffix.count)), value > 0, value.isFinite { return value * scale }
        }
        throw InvalidValueError(path: path, reason: "expected a duration such as 250ms, 5s, 2m or 1h, got '\(text)'")
    }
}
