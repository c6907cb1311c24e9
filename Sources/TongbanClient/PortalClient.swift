import AsyncHTTPClient
import Foundation
import TongbanAdapters
import NIOCore
import NIOHTTP1
import TongbanConfig
import TongbanCrypto

/// A portal-side client: signs requests the way the portal's configuration says (x-tif
/// with SHA-256 or SM3, or a bearer token) and sends them. Used by `tongban submit`, the
/// tests and integrators who want a reference implementation.
public struct PortalClient: Sendable {
    /// A response as received.
    public struct Reply: Sendable {
        public var status: Int
        public var headers: [(String, String)]
        public var body: [UInt8]
        public var text: String { String(decoding: body, as: UTF8.self) }
        public func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }

        public init(status: Int, headers: [(String, String)], body: [UInt8]) {
            self.status = status
            self.headers = headers
            self.body = body
        }
    }

    public var baseURL: String
    public var portal: PortalConfig
    public var http: HTTPClient
    public var timeout: TimeAmount

    public init(baseURL: String, portal: PortalConfig, http: HTTPClient = .shared, timeout: TimeAmount = .seconds(30)) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.portal = portal
        self.http = http
        self.timeout = timeout
    }

    /// The intake route for the portal's dialect.
    public var intakePath: String {
        Self.intakePath(portal)
    }

    /// The intake route of a portal's dialect.
    public static func intakePath(_ portal: PortalConfig) -> String {
        portal.dialect == .yiwang ? "/v1/dialects/yiwang/applications" : "/v1/applications"
    }

    /// Posts an application body to the portal's intake route.
    public func submit(_ body: [UInt8]) async throws -> Reply {
        try await send(.POST, intakePath, body: body, contentType: "application/json")
    }

    /// Reads an application by gateway id.
    public func application(id: String) async throws -> Reply {
        try await send(.GET, "/v1/applications/\(id)")
    }

    /// Reads an application by the portal's case number.
    public func application(caseNo: String) async throws -> Reply {
        let query = caseNo.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? caseNo
        return try await send(.GET, "/v1/applications?portalCaseNo=\(query)")
    }

    /// Withdraws an application (`reason` may be empty).
    public func withdraw(id: String, reason: String) async throws -> Reply {
        let body = reason.isEmpty ? nil : try JSONEncoder().encode(["reason": reason])
        return try await send(.POST, "/v1/applications/\(id)/withdrawal", body: body.map(Array.init), contentType: body == nil ? nil : "application/json")
    }

    /// Sends materials a back end asked for (a `Supplement` JSON body).
    public func supplement(id: String, _ body: [UInt8]) async throws -> Reply {
        try await send(.POST, "/v1/applications/\(id)/supplements", body: body, contentType: "application/json")
    }

    /// The application's timeline.
    public func events(id: String) async throws -> Reply {
        try await send(.GET, "/v1/applications/\(id)/events")
    }

    /// Sends any request, signed; `extraHeaders` override the signature headers (tests use
    /// this to send forged or replayed credentials).
    public func send(_ method: HTTPMethod, _ path: String, body: [UInt8]? = nil, contentType: String? = nil,
                     extraHeaders: [(String, String)] = []) async throws -> Reply {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        let pathOnly = String(path.prefix { $0 != "?" }), query = path.contains("?") ? String(path.drop { $0 != "?" }.dropFirst()) : ""
        for (name, value) in signatureHeaders(method: method.rawValue, path: pathOnly, query: query, body: body ?? []) {
            request.headers.replaceOrAdd(name: name, value: value)
        }
        if let contentType { request.headers.add(name: "Content-Type", value: contentType) }
        for (name, value) in extraHeaders { request.headers.replaceOrAdd(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await http.execute(request, timeout: timeout)
        let collected = try await response.body.collect(upTo: 16 * 1024 * 1024)
        return Reply(status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) }, body: Array(buffer: collected))
    }

    /// Fresh authentication headers for one request (a signed portal's cover its body).
    public func signatureHeaders(timestamp: Int? = nil, nonce: String? = nil, method: String = "POST", path: String = "/", query: String = "",
                                 body: [UInt8] = []) -> [(String, String)] {
        let secret = portal.secrets.first ?? ""
        switch portal.scheme {
        case .signed:
            guard let auth = portal.signing else { return [] }
            return RequestSigner(auth: auth, secret: secret)
                .headers(method: method, path: path, query: query, body: body,
                         now: timestamp.map { Date(timeIntervalSince1970: TimeInterval($0)) } ?? Date(), nonce: nonce ?? RequestSigner.randomNonce())
                .map { ($0.name, $0.value) }
        case .bearer:
            return [("Authorization", "Bearer \(secret)")]
        case .xTif:
            let ts = String(timestamp ?? Int(Date().timeIntervalSince1970))
            let nonce = nonce ?? Self.makeNonce()
            let signature = XTifSignature(algorithm: portal.hash == .sm3 ? .sm3 : .sha256).sign(timestamp: ts, token: secret, nonce: nonce)
            return [(XTifSignature.paasIDHeader, portal.paasID), (XTifSignature.timestampHeader, ts),
                    (XTifSignature.nonceHeader, nonce), (XTifSignature.signatureHeader, signature)]
        }
    }

    static func makeNonce() -> String {
        let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyz")
        return String((0..<24).map { _ in alphabet.randomElement()! })
    }
}
