import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import TongbanAdapters
import TongbanConfig

// DispatchBaseline SPEC SAMPLE COUNT CONCURRENCY ENV_FILE
// Builds the request the adapter spec makes for the sample (as `tongban adapters try`
// does), then posts it COUNT times, each with its own Idempotency-Key, CONCURRENCY at a
// time, straight to the back end, and prints "BASELINE <deliveries/s>".
let args = CommandLine.arguments
guard args.count == 6, let count = Int(args[3]), let concurrency = Int(args[4]) else {
    FileHandle.standardError.write(Data("usage: DispatchBaseline SPEC SAMPLE COUNT CONCURRENCY ENV_FILE\n".utf8))
    exit(2)
}
let environment = try EnvironmentFile.merged(args[5], into: ProcessInfo.processInfo.environment)
let configuration = try ConfigLoader(directory: "Config", environment: environment).load()
let adapter = try DryRun.adapter(specPath: args[1], configuration: configuration, environment: environment)
let template = try DryRun.request(adapter: adapter, applicationJSON: Array(try Data(contentsOf: URL(fileURLWithPath: args[2]))),
                                  now: Date(), nonce: "baseline")
var httpConfiguration = HTTPClient.Configuration()
httpConfiguration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: concurrency)
let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: httpConfiguration)

let start = Date()
try await withThrowingTaskGroup(of: Void.self) { group in
    var next = 0
    func post(_ n: Int) async throws {
        var request = HTTPClientRequest(url: template.url)
        request.method = .POST
        for header in template.headers where header.name != "Idempotency-Key" { request.headers.add(name: header.name, value: header.value) }
        request.headers.add(name: "Idempotency-Key", value: "baseline-\(ProcessInfo.processInfo.processIdentifier)-\(n)")
        request.body = .bytes(ByteBuffer(bytes: template.body))
        let response = try await client.execute(request, timeout: .seconds(30))
        _ = try await response.body.collect(upTo: 1 << 20)
        guard response.status == .ok else { throw NSError(domain: "baseline", code: Int(response.status.code)) }
    }
    while next < min(concurrency, count) { let n = next; group.addTask { try await post(n) }; next += 1 }
    while try await group.next() != nil, next < count { let n = next; group.addTask { try await post(n) }; next += 1 }
    try await group.waitForAll()
}
let elapsed = Date().timeIntervalSince(start)
print(String(format: "BASELINE %.1f", Double(count) / elapsed))
try await client.shutdown()
