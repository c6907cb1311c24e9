import Foundation
import Testing
@testable import TongbanAdapters

/// What a signer writes, the verifier accepts; anything else it refuses with the reason.
@Suite struct RequestVerifierTests {
    static let schemes: [AuthSpec] = [
        AuthSpec(scheme: .bearer, secretEnv: "S"),
        AuthSpec(scheme: .hmacSHA256, secretEnv: "S", accessKey: "ak"),
        AuthSpec(scheme: .hmacSM3, secretEnv: "S", accessKey: "ak"),
        AuthSpec(scheme: .xTif, secretEnv: "S", paasId: "p"),
    ]
    let now = Date(timeIntervalSince1970: 1_796_000_000)

    func check(_ auth: AuthSpec, signedWith secret: String, at signedAt: Date, path: String = "/v1/callbacks/x",
               edit: (inout [String: String]) -> Void = { _ in }) -> RequestVerifier.Failure? {
        var headers: [String: String] = [:]
        for (name, value) in RequestSigner(auth: auth, secret: secret).headers(method: "POST", path: path, now: signedAt, nonce: "n1") {
            headers[name.lowercased()] = value
        }
        edit(&headers)
        return RequestVerifier(auth: auth, secret: "right").failure(method: "POST", path: "/v1/callbacks/x", now: now) { headers[$0.lowercased()] }
    }

    @Test(arguments: schemes)
    func acceptsWhatTheSignerWrites(_ auth: AuthSpec) {
        #expect(check(auth, signedWith: "right", at: now) == nil)
        #expect(check(auth, signedWith: "right", at: now.addingTimeInterval(-299)) == nil)
    }

    @Test(arguments: schemes)
    func refusesAWrongSecret(_ auth: AuthSpec) {
        #expect(check(auth, signedWith: "wrong", at: now) != nil)
    }

    @Test(arguments: schemes.filter { $0.scheme != .bearer })
    func refusesStaleSignaturesAndOtherPaths(_ auth: AuthSpec) {
        #expect(check(auth, signedWith: "right", at: now.addingTimeInterval(-301)).map { "\($0)" }?.contains("window") == true)
        if auth.scheme != .xTif {  // x-tif does not sign the path
            #expect(check(auth, signedWith: "right", at: now, path: "/v1/callbacks/other") == .wrong("HMAC signature"))
        }
    }

    @Test(arguments: schemes)
    func refusesMissingHeaders(_ auth: AuthSpec) {
        #expect(check(auth, signedWith: "right", at: now) { $0 = [:] } != nil)
    }

    @Test func parsesOnlyConsistentRFC1123Dates() {
        #expect(RequestVerifier.parseRFC1123("Tue, 14 Nov 2023 22:13:20 GMT") == Date(timeIntervalSince1970: 1_700_000_000))
        #expect(RequestVerifier.parseRFC1123("Wed, 14 Nov 2023 22:13:20 GMT") == nil)
        #expect(RequestVerifier.parseRFC1123("Tue, 31 Nov 2023 22:13:20 GMT") == nil)
        #expect(RequestVerifier.parseRFC1123("yesterday") == nil)
    }
}
