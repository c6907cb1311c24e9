/// A request to a back end, complete and signed, before any I/O.
public struct OutboundRequest: Sendable, Equatable {
    public var method: String
    public var url: String
    /// The path as signed (HMAC schemes sign it).
    public var path: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// Where the transport may connect for it (checked on every resolved address); nil
    /// when the request is not held to an egress policy (the operator's own files).
    public var egress: EgressPolicy?
    /// The string its signature was computed over (secret shown as `[secret]`), for
    /// `tongban adapters try`; nil when nothing is signed.
    public var signedString: String?
    /// Lower-case names of headers carrying a secret itself, hidden by `redacted()`.
    public var secretHeaders: Set<String>

    public init(method: String, url: String, path: String, headers: [(name: String, value: String)], body: [UInt8], egress: EgressPolicy? = nil,
                signedString: String? = nil, secretHeaders: Set<String> = []) {
        self.signedString = signedString
        self.secretHeaders = secretHeaders
        self.method = method
        self.url = url
        self.path = path
        self.headers = headers
        self.body = body
        self.egress = egress
    }

    public static func == (a: OutboundRequest, b: OutboundRequest) -> Bool {
        a.method == b.method && a.url == b.url && a.body == b.body
            && a.headers.map { "\($0.name):\($0.value)" } == b.headers.map { "\($0.name):\($0.value)" }
    }

    /// The request with secret-bearing header values replaced, for printing and logs
    /// (signatures are shown: they prove nothing without the time and body they cover, and
    /// an agency compares them with its own implementation).
    public func redacted() -> OutboundRequest {
        var copy = self
        copy.headers = headers.map { secretHeaders.contains($0.name.lowercased()) || $0.name.lowercased() == "authorization" ? ($0.name, "[redacted]") : $0 }
        return copy
    }

    /// The request as text: request line, headers, blank line, body.
    public var text: String {
        ([ "\(method) \(url)" ] + headers.map { "\($0.name): \($0.value)" } + ["", String(decoding: body, as: UTF8.self)]).joined(separator: "\n")
    }
}
