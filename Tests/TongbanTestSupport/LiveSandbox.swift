import Foundation
import Hummingbird
import ServiceLifecycle
import TongbanAdapters
import TongbanConfig
import TongbanDispatch
import TongbanSandbox

/// The sandbox back ends running in-process on free loopback ports.
public struct LiveSandbox: Sendable {
    public let backends: [String: SandboxBackend]
    public let ports: [String: Int]

    /// The configuration's adapters pointed at these back ends, with `limits` applied to each
    /// (tests shorten retry waits and breaker timings).
    public func adapters(from configuration: GatewayConfiguration, limits: (@Sendable (inout LimitsSpec) -> Void)? = nil) -> AdapterDirectory {
        AdapterDirectory(configuration.adapters.adapters.map { adapter in
            guard let declarative = adapter as? DeclarativeAdapter, let port = ports[adapter.id] else { return adapter }
            var spec = declarative.spec.limits
            limits?(&spec)
            return declarative.with(baseURL: "http://127.0.0.1:\(port)", limits: spec)
        })
    }

    public subscript(id: String) -> SandboxBackend { backends[id]! }

    /// Callbacks in quick succession with short retry waits, redirected once the gateway has a port.
    public static func quickCallbacks() -> CallbackSettings {
        var settings = CallbackSettings(gatewayURL: "http://127.0.0.1:1")
        settings.stepDelay = .milliseconds(20)
        settings.firstRetryDelay = .milliseconds(50)
        settings.maxRetryDelay = .milliseconds(200)
        return settings
    }

    /// Points every back end's callbacks at `gatewayURL` (a gateway started after the sandbox).
    public func redirectCallbacks(to gatewayURL: String) {
        for backend in backends.values { backend.redirectCallbacks(to: gatewayURL) }
    }

    /// Runs `body` with the back ends up, then stops them. With `callbacks` they report
    /// each case's life cycle there.
    public static func with<T: Sendable>(callbacks: CallbackSettings? = nil, _ body: @Sendable (LiveSandbox) async throws -> T) async throws -> T {
        let environment = try Fixtures.sampleEnvironment()
        let transport = callbacks.map { _ in HTTPDeliveryTransport(maxConnectionsPerHost: 8) }
        let backends = BackendProfile.all().map { SandboxBackend(profile: $0, environment: environment, callbacks: callbacks, transport: transport) }
        let (ports, continuation) = AsyncStream.makeStream(of: (String, Int).self)
        let services: [any Service] = backends.map { backend in
            backend.application(port: 0) { port in continuation.yield((backend.profile.id, port)) }
        } + backends.compactMap(\.callbackService)
        let group = ServiceGroup(configuration: .init(services: services, logger: .init(label: "sandbox-test")))
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var found: [String: Int] = [:]
            for await (id, port) in ports {
                found[id] = port
                if found.count == backends.count { break }
            }
            let sandbox = LiveSandbox(backends: Dictionary(uniqueKeysWithValues: backends.map { ($0.profile.id, $0) }), ports: found)
            do {
                let result = try await body(sandbox)
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                try await transport?.shutdown()
                return result
            } catch {
                await group.triggerGracefulShutdown()
                try? await tasks.waitForAll()
                try? await transport?.shutdown()
                throw error
            }
        }
    }
}

/// Polls `condition` every 50 ms until it holds or `seconds` pass; returns whether it held.
public func eventually(within seconds: Double = 15, _ condition: @Sendable () async throws -> Bool) async rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(50))
    }
    return try await condition()
}
