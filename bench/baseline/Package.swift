// swift-tools-version:6.1
import Foundation
import PackageDescription

// The intake benchmark's baseline: a minimal Hummingbird server that decodes the body
// into the same canonical `Application` type the gateway decodes, and re-encodes it —
// with nothing else (no auth, validation, routing or storage). Kept outside the main
// package so it never ships with the gateway.
//
// A path dependency is named after its folder, which differs between clones, so the
// manifest reads the repository folder's name.
let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

let package = Package(
    name: "BaselineEcho",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: "../.."),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
    ],
    targets: [
        .executableTarget(
            name: "BaselineEcho",
            dependencies: [
                .product(name: "TongbanCore", package: repository.lastPathComponent),
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
        // The dispatch benchmark's baseline: the same requests the gateway would send, posted
        // straight to the sandbox with AsyncHTTPClient at the same concurrency.
        .executableTarget(
            name: "DispatchBaseline",
            dependencies: [
                .product(name: "TongbanConfig", package: repository.lastPathComponent),
                .product(name: "TongbanAdapters", package: repository.lastPathComponent),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
    ]
)
