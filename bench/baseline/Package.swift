// swift-tools-version:6.1
import PackageDescription

// The intake benchmark's baseline: a minimal Hummingbird server that decodes the JSON
// body with Codable and re-encodes it, with nothing else (no auth, validation or
// storage). Kept outside the main package so it never ships with the gateway.
let package = Package(
    name: "BaselineEcho",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.0"),
    ],
    targets: [
        .executableTarget(name: "BaselineEcho", dependencies: [.product(name: "Hummingbird", package: "hummingbird")]),
    ]
)
