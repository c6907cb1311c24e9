import Foundation
import Testing
@testable import TongbanAdapters
import TongbanSandbox

/// What a signer writes, the verifier accepts; anything else it refuses with the reason.
@Suite struct RequestVerifierTests {
    /// Every preset, and every scheme the sandbox back ends declare for their callbacks.
    static let schemes: [AuthSpec] = AuthSpec.Scheme.allCases.filter { $0 != .signed && $0 != .none }.map {
        AuthSpec(scheme: $0, secretEnv: "S", accessKey: "ak", paasId: "p")
    } + BackendProfile.all().map(\.callbackAuth).filter { $0.scheme == .signed }
    static let bodyCovering = schemes.filter(\.signing.coversBody)
    let now = Date(timeIntervalSince1970: 1_796_000_000)
    let body = Array(#"{"eventId":"E-1","status":"ACCEPT"}"#.utf8)

    func check(_ auth: AuthSpec, signedWith secret: String, at signedAt: Date, path: String = "/v1/callbacks/x", body signedBody: [UInt8]? = nil,
               sentBody: [UInt8]? = nil, edit: (inout [String: String]) -> Void = { _ in }) -> RequestVerifier.Failure? {
        var headers: [String: String] = [:]
        for (name, value) in RequestSigner(auth: auth, secret: secret).headers(method: "POST", path: path, body: signedBody ?? body, now: signedAt, nonce: "n1") {
            headers[name.lowercased()] = value
        }
        edit(&headers)
        return RequestVerifier(auth: auth, secret: "right").failure(method: "POST", path: "/v1/callbacks/x", body: sentBody ?? signedBody ?? body, now: now) {
            headers[$0.lowercased()]
        }
    }

    @Test(arguments: schemes)
    func acceptsWhatTheSignerWrites(_ auth: AuthSpec) {
        #expect(check(auth, signedWith: "right", at: now) == nil)
        #expect(check(auth, signedWith: "right", at: now.addingTimeInterval(-299)) == nil)
        #expect(check(auth, signedWith: "right", at: now, body: []) == nil)
    }

    @Test(arguments: schemes)
    func refusesAWrongSecret(_ auth: AuthSpec) {
        #expect(check(auth, signedWith: "wrong", at: now) != nil)
    }

    @Test(arguments: schemes.filter { $0.scheme != .bearer })
    func refusesStaleSignatures(_ auth: AuthSpec) {
        #expect(check(auth, signedWith: "right", at: now.addingTimeInterval(-301)).map { "\($0)" }?.contains("window") == true)
        #expect(check(auth, signedWith: "right", at: now.addingTimeInterval(301)).map { "\($0)" }?.contains("window") == true)
    }

    @Test(arguments: schemes.filter { $0.signing.stringToSign?.uses(.path) == true })
    func refusesAnotherPath(_ auth: AuthSpec) {
        let failure = check(auth, signedWith: "right", at: now, path: "/v1/callbacks/other")
        #expect(failure.map { "\($0)" }?.contains("signature") == true, "\(String(describing: failure))")
    }

    /// The point of body-covering schemes: captured headers do not authorise another body.
    @Test(arguments: bodyCovering)
    func refusesAnotherBody(_ auth: AuthSpec) {
        var forged = body
        forged[forged.count - 3] = UInt8(ascii: "X")
        let failure = check(auth, signedWith: "right", at: now, sentBody: forged)
        #expect(failure != nil)
        #expect(check(auth, signedWith: "right", at: now, sentBody: body + [0x20]) != nil)
    }

    @Test(arguments: schemes)
    func refusesMissingHeaders(_ auth: AuthSpec) {
        #expect(check(auth, signedWith: "right", at: now) { $0 = [:] } != nil)
    }

    @Test(arguments: schemes)
    func refusesEachHeaderAltered(_ auth: AuthSpec) {
        for (name, _) in auth.signing.headers {
            #expect(check(auth, signedWith: "right", at: now) { $0[name.lowercased()] = ($0[name.lowercased()] ?? "") + "0" } != nil, "\(auth.scheme) \(name)")
        }
    }

    /// The replay key: the nonce where the scheme signs one, else the signature.
    @Test func replayKeysAreTheNonceOrTheSignature() {
        for auth in Self.bodyCovering {
            let signed = RequestSigner(auth: auth, secret: "right").sign(method: "POST", path: "/p", body: body, now: now, nonce: "n-42")
            let headers = Dictionary(uniqueKeysWithValues: signed.headers.map { ($0.name.lowercased(), $0.value) })
            let result = RequestVerifier(auth: auth, secret: "right").verify(method: "POST", path: "/p", body: body, now: now) { headers[$0.lowercased()] }
            guard case .success(let accepted) = result else { Issue.record("\(auth.scheme): \(result)"); continue }
            if auth.signing.header(carrying: .nonce) != nil {
                #expect(accepted.replayKey == "n-42")
            } else {
                #expect(accepted.replayKey != nil && signed.headers.contains { $0.value == accepted.replayKey })
            }
            #expect(accepted.signedAt.map { abs($0.timeIntervalSince(now)) < 1 } == true)
        }
    }

    @Test func parsesOnlyConsistentRFC1123Dates() {
        #expect(RequestVerifier.parseRFC1123("Tue, 14 Nov 2023 22:13:20 GMT") == Date(timeIntervalSince1970: 1_700_000_000))
        #expect(RequestVerifier.parseRFC1123("Wed, 14 Nov 2023 22:13:20 GMT") == nil)
        #expect(RequestVerifier.parseRFC1123("Tue, 31 Nov 2023 22:13:20 GMT") == nil)
        #expect(RequestVerifier.parseRFC1123("yesterday") == nil)
    }
}

extension AuthSpec: CustomTestStringConvertible {
    public var testDescription: String { scheme == .signed ? "signed(\(signing.headers.map(\.name).joined(separator: ",")))" : scheme.rawValue }
}
