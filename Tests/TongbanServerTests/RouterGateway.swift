import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TongbanClient
import TongbanConfig
import TongbanStore
import TongbanTestSupport
@testable import TongbanServer

/// The gateway's router on the sample configuration and an in-memory store, driven through
/// HummingbirdTesting's router mode: no socket, for route tests that claim nothing about
/// the network. The live tests that do (limits, slow clients, the real binary) stay live.
struct RouterGateway {
    let configuration: GatewayConfiguration
    let store: InMemoryStore
    let client: any TestClientProtocol

    static func with(_ body: @escaping @Sendable (RouterGateway) async throws -> Void) async throws {
        let configuration = try Fixtures.configuration()
        let store = InMemoryStore()
        let app = Application(router: HeadAsGet(router: Gateway.makeRouter(configuration: configuration, store: store)))
        try await app.test(.router) { client in
            try await body(RouterGateway(configuration: configuration, store: store, client: client))
        }
    }

    /// A request as portal `portalId` would send it, signed.
    func send(_ method: HTTPRequest.Method, _ path: String, as portalId: String = "demo", body: [UInt8]? = nil,
              contentType: String? = nil) async throws -> PortalClient.Reply {
        var headers = HTTPFields()
        if let portal = configuration.portals.first(where: { $0.id == portalId }) {
            let pathOnly = String(path.prefix { $0 != "?" }), query = path.contains("?") ? String(path.drop { $0 != "?" }.dropFirst()) : ""
            for (name, value) in PortalClient(baseURL: "", portal: portal)
                .signatureHeaders(method: method.rawValue, path: pathOnly, query: query, body: body ?? []) {
                headers[HTTPField.Name(name)!] = value
            }
        }
        if let contentType { headers[.contentType] = contentType }
        return try await client.execute(uri: path, method: method, headers: headers, body: body.map { ByteBuffer(bytes: $0) }) { response in
            PortalClient.Reply(status: Int(response.status.code), headers: response.headers.map { ($0.name.rawName, $0.value) },
                               body: Array(buffer: response.body))
        }
    }

    /// An application body posted to the portal's intake route.
    func submit(_ body: [UInt8], as portalId: String = "demo") async throws -> PortalClient.Reply {
        let portal = try configuration.portals.first { $0.id == portalId }.orThrow("no portal \(portalId)")
        return try await send(.post, PortalClient.intakePath(portal), as: portalId, body: body, contentType: "application/json")
    }
}

extension Optional {
    func orThrow(_ message: String) throws -> Wrapped {
        guard let self else { throw ProcessError(message) }
        return self
    }
}
