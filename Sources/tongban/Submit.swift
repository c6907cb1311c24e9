import ArgumentParser
import Foundation
import TongbanClient
import TongbanConfig

/// Options of the portal-side commands.
struct PortalOptions: ParsableArguments {
    @Option(help: "The gateway's base URL.")
    var url = "http://127.0.0.1:8080"

    @Option(help: "The portal id from portals.yaml to sign as; its secret comes from the environment.")
    var portal = "demo"

    /// The client for the chosen portal, from the configuration.
    func client(_ options: ConfigOptions) throws -> PortalClient {
        let configuration: GatewayConfiguration
        let env = try environment(envFile: options.envFile)
        do {
            configuration = try ConfigLoader(directory: options.config, adaptersDirectory: options.adapters, environment: env).load()
        } catch {
            throw CommandError("configuration in \(options.config) is invalid:\n\(error)")
        }
        guard let entry = configuration.portals.first(where: { $0.id == portal }) else {
            throw CommandError("no portal '\(portal)' in \(options.config)/portals.yaml; known: \(configuration.portals.map(\.id).joined(separator: ", "))")
        }
        return PortalClient(baseURL: url, portal: entry)
    }
}

/// Prints a reply: the status line, the headers that matter, and the body.
func printReply(_ reply: PortalClient.Reply) {
    print("HTTP \(reply.status)")
    for name in ["Location", "Idempotent-Replayed", "Content-Type"] {
        if let value = reply.header(name) { print("\(name): \(value)") }
    }
    print("")
    if let object = try? JSONSerialization.jsonObject(with: Data(reply.body)),
       let pretty = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]) {
        print(String(decoding: pretty, as: UTF8.self))
    } else {
        print(reply.text)
    }
}

/// `tongban submit FILE`: signs an application file as a portal and sends it.
struct Submit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Sign an application file as a portal, send it to the gateway and print the response.")

    @Argument(help: "The application JSON, in the portal's dialect.")
    var file: String

    @OptionGroup var options: ConfigOptions
    @OptionGroup var portalOptions: PortalOptions

    func run() async throws {
        guard let body = FileManager.default.contents(atPath: file) else { throw CommandError("cannot read \(file)") }
        let reply = try await portalOptions.client(options).submit(Array(body))
        printReply(reply)
        if reply.status >= 300 { throw ExitCode(1) }
    }
}

/// `tongban get`: reads an application back as a portal.
struct Get: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Read an application back by gateway id or by the portal's case number.")

    @Argument(help: "The gateway id (app_…).")
    var id: String?

    @Option(name: .customLong("case"), help: "The portal's case number instead of the gateway id.")
    var caseNo: String?

    @Flag(help: "Print the application's timeline (every event, one per line) instead of the application.")
    var events = false

    @OptionGroup var options: ConfigOptions
    @OptionGroup var portalOptions: PortalOptions

    func validate() throws {
        guard (id == nil) != (caseNo == nil) else { throw ValidationError("give either an id or --case, not both") }
    }

    func run() async throws {
        let client = try portalOptions.client(options)
        let reply = if let caseNo { try await client.application(caseNo: caseNo) } else { try await client.application(id: id!) }
        guard events, reply.status == 200, let object = try? JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Any],
              let appId = object["id"] as? String else {
            printReply(reply)
            if reply.status >= 300 { throw ExitCode(1) }
            return
        }
        let timeline = try await client.events(id: appId)
        guard timeline.status == 200, let body = try? JSONSerialization.jsonObject(with: Data(timeline.body)) as? [String: Any],
              let list = body["events"] as? [[String: Any]] else {
            printReply(timeline)
            throw ExitCode(1)
        }
        print("timeline of \(appId) (\(list.count) events)")
        for event in list { print(Self.line(event)) }
    }

    /// `seq  time  type  source  target  from → to  verdict  (native)  note`.
    static func line(_ e: [String: Any]) -> String {
        func s(_ key: String) -> String { e[key] as? String ?? "" }
        var parts = [String(format: "%4d", e["seq"] as? Int ?? 0), String(s("occurredAt").prefix(19)), s("type"), s("source")]
        if let target = e["targetId"] as? String { parts.append(target) }
        if e["fromStatus"] != nil || e["toStatus"] != nil { parts.append("\(s("fromStatus")) → \(s("toStatus"))") }
        if let verdict = e["verdict"] as? String { parts.append(verdict) }
        if let native = e["nativeStatus"] as? String { parts.append("(\(native))") }
        if let note = e["note"] as? String { parts.append("— " + note) }
        return parts.joined(separator: "  ")
    }
}
