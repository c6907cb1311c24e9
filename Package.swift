// swift-tools-version:6.1
import PackageDescription

// Targets are split by dependency weight, as in Hummingbird:
//   TongbanCore    pure domain: schema, codes, validation, dialects, catalogue, calendar, routing plan
//   TongbanCrypto  digests and signatures over the system OpenSSL (SHA-256, SM3, HMAC, x-tif)
//   TongbanCodecs  the intake codecs: the strict JSON parser and tree, body decoding under limits, portal dialects
//   TongbanAdapters adapter specs, the mapping engine, body serializers, request signing (pure)
//   TongbanConfig  reads and checks Config/ (YAML) into typed core values
//   TongbanStore   the Store protocols and the workflow's plans every store applies (pure)
//   TongbanSQLite  the embedded SQLite store (GRDB, WAL, synchronous=FULL, group commit)
//   TongbanServer  HTTP: routes, portal authentication, limits, problem+json
//   TongbanDispatch the outbox dispatcher: per-adapter lanes, retries, breaker, HTTP transport
//   TongbanClient  the portal-side client (signing, sending) used by `tongban submit` and tests
//   TongbanSandbox the seven reference back ends (library), run by `tongban-sandbox`
//   tongban        the executable: serve, check, submit, get, adapters
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "Tongban",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "tongban", targets: ["tongban"]),
        .executable(name: "tongban-sandbox", targets: ["tongban-sandbox"]),
        .library(name: "TongbanCore", targets: ["TongbanCore"]),
        .library(name: "TongbanConfig", targets: ["TongbanConfig"]),
        .library(name: "TongbanAdapters", targets: ["TongbanAdapters"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        .target(name: "TongbanCore", swiftSettings: swiftSettings),
        // glibc's malloc tuning (mallopt), which Swift's Glibc module does not import.
        .systemLibrary(name: "CMalloc"),
        .target(name: "TongbanCrypto", dependencies: ["COpenSSL"], swiftSettings: swiftSettings),
        .target(name: "TongbanCodecs", dependencies: ["TongbanCore"], swiftSettings: swiftSettings),
        .target(name: "TongbanAdapters", dependencies: ["TongbanCore", "TongbanCodecs", "TongbanCrypto"], swiftSettings: swiftSettings),
        .target(
            name: "TongbanConfig",
            dependencies: ["TongbanCore", "TongbanAdapters", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        .target(name: "TongbanStore", dependencies: ["TongbanCore", "TongbanCrypto"], swiftSettings: swiftSettings),
        .target(
            name: "TongbanSQLite",
            dependencies: ["TongbanStore", "TongbanCrypto", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TongbanServer",
            dependencies: [
                "TongbanCore", "TongbanCodecs", "TongbanCrypto", "TongbanConfig", "TongbanStore", "TongbanAdapters",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            // The OpenAPI document's template, the published application schema it carries, the admin page.
            resources: [.copy("Resources/openapi.json"), .copy("Resources/application-v1.schema.json"), .copy("Resources/admin.html")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TongbanDispatch",
            dependencies: [
                "TongbanAdapters", "TongbanStore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TongbanClient",
            dependencies: [
                "TongbanCrypto", "TongbanConfig", "TongbanAdapters",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "tongban",
            dependencies: [
                "TongbanServer", "TongbanSQLite", "TongbanStore", "TongbanConfig", "TongbanClient", "TongbanAdapters", "TongbanDispatch", "CMalloc",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TongbanSandbox",
            dependencies: [
                "TongbanAdapters", "TongbanCrypto", "TongbanDispatch",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "tongban-sandbox",
            dependencies: [
                "TongbanSandbox", "TongbanConfig", "TongbanDispatch",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TongbanTestSupport",
            dependencies: [
                "TongbanServer", "TongbanSQLite", "TongbanClient", "TongbanConfig", "TongbanDispatch", "TongbanSandbox",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            path: "Tests/TongbanTestSupport",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TongbanStoreConformance",
            dependencies: ["TongbanStore", "TongbanTestSupport"],
            path: "Tests/TongbanStoreConformance",
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "TongbanStoreTests", dependencies: ["TongbanStore", "TongbanStoreConformance", "TongbanTestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "TongbanCoreTests", dependencies: ["TongbanCore", "TongbanCodecs", "TongbanConfig", "TongbanTestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "TongbanCodecsTests", dependencies: ["TongbanCodecs", "TongbanConfig", "TongbanTestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "TongbanAdaptersTests", dependencies: ["TongbanAdapters", "TongbanCodecs", "TongbanConfig", "TongbanTestSupport", .product(name: "Yams", package: "Yams")], swiftSettings: swiftSettings),
        .testTarget(name: "TongbanCryptoTests", dependencies: ["TongbanCrypto", "TongbanTestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "TongbanConfigTests", dependencies: ["TongbanConfig", "TongbanTestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "TongbanSQLiteTests", dependencies: ["TongbanSQLite", "TongbanCrypto", "TongbanTestSupport", "TongbanStoreConformance", .product(name: "GRDB", package: "GRDB.swift")], swiftSettings: swiftSettings),
        .testTarget(name: "TongbanServerTests", dependencies: ["TongbanServer", "TongbanAdapters", "TongbanCodecs", "TongbanSQLite", "TongbanClient", "TongbanSandbox", "TongbanTestSupport", .product(name: "HummingbirdTesting", package: "hummingbird")], swiftSettings: swiftSettings),
        .testTarget(name: "TongbanDispatchTests", dependencies: ["TongbanDispatch", "TongbanConfig", "TongbanTestSupport", .product(name: "Yams", package: "Yams")], swiftSettings: swiftSettings),
        .testTarget(name: "TongbanEndToEndTests", dependencies: ["TongbanTestSupport", "TongbanSandbox", .product(name: "GRDB", package: "GRDB.swift")], swiftSettings: swiftSettings),
    ]
)
