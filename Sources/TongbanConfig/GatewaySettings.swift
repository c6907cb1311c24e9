import TongbanAdapters
import TongbanCore
import TongbanCrypto

/// The gateway's own settings (`Config/tongban.yaml`). Every key is optional and has the
/// default documented in `Config/README.md`.
public struct GatewaySettings: Decodable, Sendable, Equatable {
    public var server = Server()
    public var storage = Storage()
    public var limits = Limits()
    public var auth = Auth()
    public var intake = Intake()
    public var admin = Admin()
    public var dispatch = Dispatch()
    public var notifications = Notifications()
    public var adapters = AdapterRules()
    public var egress = Egress()

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable { case server, storage, limits, auth, intake, admin, dispatch, notifications, adapters, egress }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        server = try c.decodeIfPresent(Server.self, forKey: .server) ?? Server()
        storage = try c.decodeIfPresent(Storage.self, forKey: .storage) ?? Storage()
        limits = try c.decodeIfPresent(Limits.self, forKey: .limits) ?? Limits()
        auth = try c.decodeIfPresent(Auth.self, forKey: .auth) ?? Auth()
        intake = try c.decodeIfPresent(Intake.self, forKey: .intake) ?? Intake()
        admin = try c.decodeIfPresent(Admin.self, forKey: .admin) ?? Admin()
        dispatch = try c.decodeIfPresent(Dispatch.self, forKey: .dispatch) ?? Dispatch()
        notifications = try c.decodeIfPresent(Notifications.self, forKey: .notifications) ?? Notifications()
        adapters = try c.decodeIfPresent(AdapterRules.self, forKey: .adapters) ?? AdapterRules()
        egress = try c.decodeIfPresent(Egress.self, forKey: .egress) ?? Egress()
    }

    /// Status pushes to the portals' webhooks.
    public struct Notifications: Decodable, Sendable, Equatable {
        /// Pushes in flight at once (across portals).
        public var concurrency = 8
        /// Attempts before a notification joins the dead letters.
        public var attempts = 12
        /// Wait before the first retry, doubling (with jitter) up to `maxDelaySeconds`.
        public var initialDelaySeconds = 1.0
        public var maxDelaySeconds = 300.0
        /// How long one push may take.
        public var timeoutSeconds = 10.0

        public init() {}
        enum CodingKeys: String, CodingKey, CaseIterable { case concurrency, attempts, initialDelaySeconds, maxDelaySeconds, timeoutSeconds }
        public init(from decoder: any Decoder) throws {
            let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
            concurrency = try c.decodeIfPresent(Int.self, forKey: .concurrency) ?? concurrency
            attempts = try c.decodeIfPresent(Int.self, forKey: .attempts) ?? attempts
            initialDelaySeconds = try c.decodeIfPresent(Double.self, forKey: .initialDelaySeconds) ?? initialDelaySeconds
            maxDelaySeconds = try c.decodeIfPresent(Double.self, forKey: .maxDelaySeconds) ?? maxDelaySeconds
            timeoutSeconds = try c.decodeIfPresent(Double.self, forKey: .timeoutSeconds) ?? timeoutSeconds
            func check(_ ok: Bool, _ key: CodingKeys, _ reason: String) throws {
                if !ok { throw InvalidValueError(path: c.codingPath + [key], reason: reason) }
            }
            try check((1...256).contains(concurrency), .concurrency, "must be 1 to 256")
            try check((1...100).contains(attempts), .attempts, "must be 1 to 100")
            try check((0.01...3600).contains(initialDelaySeconds), .initialDelaySeconds, "must be 0.01 to 3600")
            try check(maxDelaySeconds >= initialDelaySeconds && maxDelaySeconds <= 86_400, .maxDelaySeconds, "must be initialDelaySeconds to 86400")
            try check((0.1...300).contains(timeoutSeconds), .timeoutSeconds, "must be 0.1 to 300")
        }
    }

    /// The outbox dispatcher.
    public struct Dispatch: Decodable, Sendable, Equatable {
        /// Milliseconds an idle adapter lane waits before looking for due deliveries; default 100.
        public var pollMilliseconds = 100
        /// Seconds a claimed delivery stays leased beyond the adapter's timeout; after that
        /// another worker (or this one after a restart) takes it over. Default 30.
        public var leaseMarginSeconds = 30
        /// Leases of one delivery, action or notification that may run out with no outcome
        /// (the gateway stopped while processing it) before it is set aside as poison: failed,
        /// listed with the dead letters, replayable. Default 3.
        public var poisonAfter = 3

        public init() {}
        enum CodingKeys: String, CodingKey, CaseIterable { case pollMilliseconds, leaseMarginSeconds, poisonAfter }
        public init(from decoder: any Decoder) throws {
            let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
            pollMilliseconds = try c.decodeInt(forKey: .pollMilliseconds, in: 5...10_000, default: pollMilliseconds)
            leaseMarginSeconds = try c.decodeInt(forKey: .leaseMarginSeconds, in: 1...3600, default: leaseMarginSeconds)
            poisonAfter = try c.decodeInt(forKey: .poisonAfter, in: 1...100, default: poisonAfter)
        }
    }

    /// The admin API.
    public struct Admin: Decodable, Sendable, Equatable {
        /// Environment variable holding the operator's bearer token; default
        /// `TONGBAN_ADMIN_TOKEN`. Unset: only agency tokens are accepted.
        public var tokenEnv = "TONGBAN_ADMIN_TOKEN"
        /// The resolved token, filled by the loader.
        public var token: String?
        /// Agencies that manage their own adapters: each credit code with the variable
        /// holding its token. An agency token sees and changes only adapters whose
        /// `owner.creditCode` is its code.
        public var agencies: [Agency] = []
        /// Environment variable holding the token `/metrics` requires (the operator's token
        /// works too); unset (the default): `/metrics` answers anyone who reaches it.
        public var metricsTokenEnv: String?
        /// The resolved metrics token, filled by the loader.
        public var metricsToken: String?

        public struct Agency: Decodable, Sendable, Equatable {
            /// The agency's unified social credit code (GB 32100, check character verified).
            public var creditCode: String
            /// Environment variable holding its bearer token.
            public var tokenEnv: String
            /// The resolved token, filled by the loader; nil while the variable is unset.
            public var token: String?
            /// What its adapters may serve: `services` (default: those its code's kind
            /// fits; legal aid and mediation only when listed), `regions` (default none),
            /// `items` (default all), `maxPriority` (default 100), `egress` (extra
            /// destinations, default none).
            public var grant: AgencyGrant

            enum CodingKeys: String, CodingKey, CaseIterable { case creditCode, tokenEnv, services, regions, items, maxPriority, egress }
            public init(creditCode: String, tokenEnv: String, token: String? = nil, grant: AgencyGrant? = nil) {
                self.creditCode = creditCode
                self.tokenEnv = tokenEnv
                self.token = token
                self.grant = grant ?? AgencyGrant(services: AgencyGrant.defaultServices(for: creditCode), regions: [])
            }
            public init(from decoder: any Decoder) throws {
                let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
                creditCode = try c.decode(String.self, forKey: .creditCode)
                tokenEnv = try c.decode(String.self, forKey: .tokenEnv)
                if let failure = CreditCode.validate(creditCode) {
                    throw InvalidValueError(path: c.codingPath + [CodingKeys.creditCode], reason: "not a valid unified social credit code (\(failure))")
                }
                if tokenEnv.isEmpty || !tokenEnv.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber || $0 == "_") }) {
                    throw InvalidValueError(path: c.codingPath + [CodingKeys.tokenEnv], reason: "must be an environment variable name (A-Z, 0-9, _)")
                }
                var services = AgencyGrant.defaultServices(for: creditCode)
                if c.contains(.services) {
                    let words = try c.decode([String].self, forKey: .services)
                    services = try Set(words.map { word in
                        guard let service = Service(rawValue: word) else {
                            throw InvalidValueError(path: c.codingPath + [CodingKeys.services],
                                                    reason: "unknown service '\(word)'; known: \(Service.allCases.map(\.rawValue).joined(separator: ", "))")
                        }
                        return service
                    })
                }
                let regions = try c.decodeIfPresent([String].self, forKey: .regions) ?? []
                for region in regions where region != "*" && !(region.count == 6 && region.allSatisfy(\.isNumber)) {
                    throw InvalidValueError(path: c.codingPath + [CodingKeys.regions], reason: "'\(region)' is not a six-digit region code or *")
                }
                grant = AgencyGrant(services: services, regions: regions, items: try c.decodeIfPresent([String].self, forKey: .items) ?? ["*"],
                                    maxPriority: try c.decodeInt(forKey: .maxPriority, in: 0...1000, default: 100),
                                    egress: try c.decodeIfPresent([EgressRule].self, forKey: .egress) ?? [])
            }
        }

        public init() {}
        enum CodingKeys: String, CodingKey, CaseIterable { case tokenEnv, agencies, metricsTokenEnv }
        public init(from decoder: any Decoder) throws {
            let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
            tokenEnv = try c.decodeIfPresent(String.self, forKey: .tokenEnv) ?? tokenEnv
            agencies = try c.decodeIfPresent([Agency].self, forKey: .agencies) ?? []
            metricsTokenEnv = try c.decodeIfPresent(String.self, forKey: .metricsTokenEnv)
        }
    }

    /// Where the HTTP server listens.
    public struct Server: Decodable, Sendable, Equatable {
        /// Address to bind; default `127.0.0.1`.
        public var host = "127.0.0.1"
        /// TCP port; default 8080. 0 picks a free port (tests).
        public var port = 8080
        /// The URL back ends reach this gateway at, for their callbacks; default
        /// `http://<host>:<port>`.
        public var publicBaseURL: String?
        /// Seconds a SIGTERM waits for requests, deliveries and notifications in flight
        /// before cancelling what is left; default 20.
        public var shutdownGraceSeconds = 20
        /// Seconds a new connection has to send a request's headers; default 10.
        public var headerTimeoutSeconds = 10
        /// Seconds a kept-alive connection may wait before its next request; default 60.
        public var idleTimeoutSeconds = 60
        /// Seconds a request's body may take after its headers; default 30.
        public var bodyTimeoutSeconds = 30
        /// Connections open at once; one more is closed at once. Default 1024.
        public var maxConnections = 1024

        public init() {}
        enum CodingKeys: String, CodingKey, CaseIterable {
            case host, port, publicBaseURL, shutdownGraceSeconds, headerTimeoutSeconds, idleTimeoutSeconds, bodyTimeoutSeconds, maxConnections
        }
        public init(from decoder: any Decoder) throws {
            let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
            host = try c.decodeIfPresent(String.self, forKey: .host) ?? host
            port = try c.decodeInt(forKey: .port, in: 0...65535, default: port)
            publicBaseURL = try c.decodeIfPresent(String.self, forKey: .publicBaseURL)
            shutdownGraceSeconds = try c.decodeInt(forKey: .shutdownGraceSeconds, in: 1...600, default: shutdownGraceSeconds)
            headerTimeoutSeconds = try c.decodeInt(forKey: .headerTimeoutSeconds, in: 1...600, default: headerTimeoutSeconds)
            idleTimeoutSeconds = try c.decodeInt(forKey: .idleTimeoutSeconds, in: 1...3600, default: idleTimeoutSeconds)
            bodyTimeoutSeconds = try c.decodeInt(forKey: .bodyTimeoutSeconds, in: 1...3600, default: bodyTimeoutSeconds)
            maxConnections = try c.decodeInt(forKey: .maxConnections, in: 8...1_000_000, default: maxConnections)
        }

        /// `publicBaseURL`, or the listening address.
        public var callbackBaseURL: String { publicBaseURL ?? "http://\(host):\(port)" }
    }

    /// Where applications are stored.
    public struct Storage: Decodable, Sendable, Equatable {
        /// The store, by URL (`sqlite:data/tongban.sqlite`); default the SQLite file at
        /// `sqlitePath`. One place opens it, whichever it is.
        public var url = StoreURL.sqlite(path: "data/tongban.sqlite")
        /// The hash of the event chain (`sha256` or `sm3`); fixed when the store is created.
        public var eventChain = HashAlgorithm.sha256

        /// The SQLite file of a `sqlite:` store (also the old `sqlitePath` key); other
        /// stores keep their side files (the callback journal) under `data/`.
        public var sqlitePath: String {
            if case .sqlite(let path) = url { return path }
            return "data/tongban"
        }

        public init() {}
        enum CodingKeys: String, CodingKey, CaseIterable { case url, sqlitePath, eventChain }
        public init(from decoder: any Decoder) throws {
            let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
            let path = try c.decodeIfPresent(String.self, forKey: .sqlitePath)
            if let text = try c.decodeIfPresent(String.self, forKey: .url), !text.isEmpty {
                do { url = try StoreURL(text) } catch { throw InvalidValueError(path: c.codingPath + [CodingKeys.url], reason: "\(error)") }
                // The old key may stay beside the new one only when both name the same file.
                if let path, !path.isEmpty, url != .sqlite(path: path) {
                    throw InvalidValueError(path: c.codingPath + [CodingKeys.sqlitePath], reason: "names another store than url '\(text)'; keep one of the two")
                }
            } else if let path, !path.isEmpty {
                url = .sqlite(path: path)
            }
            if c.contains(.eventChain) { eventChain = try c.decodeWord(HashAlgorithm.self, forKey: .eventChain) }
        }
    }

    /// Bounds on request bodies.
    public struct Limits: Decodable, Sendable, Equatable {
        /// Largest request body in bytes; default 262144 (256 KiB).
        public var maxBodyBytes = 262_144
        /// Deepest JSON nesting; default 16.
        public var maxJSONDepth = 16
        /// Longest JSON string in bytes; default 16384.
        public var maxStringBytes = 16_384

        public init() {}
        enum CodingKeys: String, CodingKey, CaseIterable { case maxBodyBytes, maxJSONDepth, maxStringBytes }
        public init(from decoder: any Decoder) throws {
            let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
            maxBodyBytes = try c.decodeInt(forKey: .maxBodyBytes, in: 1024...16_777_216, default: maxBodyBytes)
            maxJSONDepth = try c.decodeInt(forKey: .maxJSONDepth, in: 4...256, default: maxJSONDepth)
            maxStringBytes = try c.decodeInt(forKey: .maxStringBytes, in: 256...1_048_576, default: maxStringBytes)
        }
    }

    /// Portal authentication.
    public struct Auth: Decodable, Sendable, Equatable {
        /// How far an `x-tif-timestamp` may be from the gateway's clock, in seconds; default 300.
        public var timestampWindowSeconds = 300
        /// Nonces remembered per portal for replay rejection; default 1000000.
        public var maxRememberedNonces = 1_000_000

        public init() {}
        enum CodingKeys: String, CodingKey, CaseIterable { case timestampWindowSeconds, maxRememberedNonces }
        public init(from decoder: any Decoder) throws {
            let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
            timestampWindowSeconds = try c.decodeInt(forKey: .timestampWindowSeconds, in: 10...3600, default: timestampWindowSeconds)
            maxRememberedNonces = try c.decodeInt(forKey: .maxRememberedNonces, in: 1000...100_000_000, default: maxRememberedNonces)
        }
    }

    /// Intake batching.
    public struct Intake: Decodable, Sendable, Equatable {
        /// Most applications that share one durable commit; default 256.
        public var maxBatchSize = 256

        public init() {}
        enum CodingKeys: String, CodingKey, CaseIterable { case maxBatchSize }
        public init(from decoder: any Decoder) throws {
            let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
            maxBatchSize = try c.decodeInt(forKey: .maxBatchSize, in: 1...10_000, default: maxBatchSize)
        }
    }
}
