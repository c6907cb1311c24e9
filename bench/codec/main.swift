// Compiled by bench/codec.sh together with the sources it measures (one module, -O -wmo).
import Foundation

let file = CommandLine.arguments.dropFirst().first ?? "Tests/Fixtures/applications/canonical/bundle-unpaid-wages.json"
let data = FileManager.default.contents(atPath: file)!
let bytes = Array(data)
let application = try CanonicalJSON.decoder().decode(Application.self, from: data)
let rounds = 20_000

func perCall(_ body: () throws -> Int) rethrows -> Double {
    var total = 0
    let start = ContinuousClock.now
    for _ in 0..<rounds { total += try body() }
    precondition(total > 0)
    let elapsed = ContinuousClock.now - start
    return (Double(elapsed.components.seconds) * 1e6 + Double(elapsed.components.attoseconds) / 1e12) / Double(rounds)
}

let written = try CanonicalWriter.encode(application), encoded = Array(try CanonicalJSON.encoder().encode(application))
precondition(written == encoded, "the writer's bytes differ")
let decoded = try TreeDecoder.decode(Application.self, from: bytes)
precondition(decoded == application, "the tree decoder's value differs")
let encoder = try perCall { try CanonicalJSON.encoder().encode(application).count }
let writer = try perCall { try CanonicalWriter.encode(application).count }
let decoder = try perCall { try CanonicalJSON.decoder().decode(Application.self, from: data).portalCaseNo.count }
let tree = try perCall { try TreeDecoder.decode(Application.self, from: bytes).portalCaseNo.count }
let parse = try perCall { if case .object(let members) = try JSONValue.parse(bytes) { members.count } else { 0 } }
print("\(file) (\(bytes.count) bytes), µs per call, \(rounds) calls each:")
print(String(format: "  encode  JSONEncoder %6.1f   CanonicalWriter %6.1f   ratio %.2f", encoder, writer, writer / encoder))
print(String(format: "  decode  JSONDecoder %6.1f   TreeDecoder     %6.1f   ratio %.2f   (of which parsing %.1f)", decoder, tree, tree / decoder, parse))
