import Foundation
import Testing
@testable import TongbanAdapters
import TongbanCore
import TongbanSandbox
import TongbanTestSupport
import Yams

/// Every signing form and preset against implementations written apart from it: Python's
/// `hmac`/`hashlib` (Tests/Fixtures/signing/vectors.py), OpenSSL's `dgst -sm3 -hmac`, and
/// the vectors of DOMAIN 6.
@Suite struct SigningVectorTests {
    /// The presets and the sandbox back ends' declared callback schemes, by the name the
    /// Python script knows them by.
    static let schemes: [(name: String, auth: AuthSpec)] =
        ["bearer", "hmac-sha256", "hmac-sm3", "hmac-sha256-no-body", "hmac-sm3-no-body", "x-tif"].map {
            ($0, AuthSpec(scheme: AuthSpec.Scheme(rawValue: $0)!, secretEnv: "S", accessKey: "testAK", paasId: "paas-1"))
        } + BackendProfile.all().filter { $0.callbackAuth.scheme == .signed }.map { ($0.id, $0.callbackAuth) }
        + [("iso-upper", isoUpper), ("utc-pattern", utcPattern)]

    /// Declared schemes exercising the forms the sandboxes do not: hex-upper, ISO 8601 with a
    /// zone, a Base64 SM3 digest, a pattern at UTC, a plain SM3 hash with the secret.
    static let isoUpper = try! YAMLDecoder().decode(AuthSpec.self, from: #"""
        {scheme: signed, secretEnv: S, algorithm: hmac-sha256, encoding: hex-upper, timestamp: iso8601, zone: "+08:00",
         digest: sm3, digestForm: base64, sign: "{method}|{path}|{timestamp}|{digest}",
         headers: {X-Date: "{timestamp}", X-Body-SM3: "{digest}", Authorization: "HMAC {signature}"}}
        """#)
    static let utcPattern = try! YAMLDecoder().decode(AuthSpec.self, from: #"""
        {scheme: signed, secretEnv: S, algorithm: sm3, encoding: hex, timestamp: "yyyy/MM/dd HH:mm:ss", zone: Z,
         sign: "{secret}{timestamp}{nonce}{body}", headers: {X-Time: "t={timestamp}", X-Nonce: "{nonce}", X-Sign: "{signature}"}}
        """#)

    struct Input: Codable {
        var scheme, method, path, body: String
        var time: Double
        var nonce, secret, accessKey, paasId: String
    }

    static func independent(_ inputs: [Input]) async throws -> [[String: String]] {
        let finished = try await ExternalTool.run(
            executable: URL(fileURLWithPath: "/usr/bin/env"), ["python3", Fixtures.root.appendingPathComponent("Tests/Fixtures/signing/vectors.py").path],
            input: Array(try JSONEncoder().encode(inputs)), errorsApart: true)
        try #require(finished.status == 0)
        return try JSONDecoder().decode([[String: String]].self, from: Data(finished.bytes))
    }

    @Test func everySchemeMatchesPython() async throws {
        let bodies = ["", #"{"eventId":"E-1","状态":"已受理","意见":"准予公证，公证书已出具"}"#, "<HD><ZT>05</ZT></HD>\n", String(repeating: "a=1&", count: 300)]
        let times = [1_700_000_000, 1_796_182_127.42, 946_684_799.999]
        var inputs: [Input] = [], accessKeys: [String] = []
        for (name, auth) in Self.schemes {
            for (i, body) in bodies.enumerated() {
                inputs.append(Input(scheme: name, method: "POST", path: i % 2 == 0 ? "/v1/callbacks/\(name)" : "/gzsq/GZ%202026%2F1/chexiao", body: body,
                                    time: times[i % times.count], nonce: "nonce-\(i)-0f3a", secret: "sécret-\(i)-NOT-A-SECRET",
                                    accessKey: auth.accessKey ?? "", paasId: auth.paasId ?? ""))
                accessKeys.append(auth.accessKey ?? "")
            }
        }
        let expected = try await Self.independent(inputs)
        try #require(expected.count == inputs.count)
        for (input, want) in zip(inputs, expected) {
            let auth = Self.schemes.first { $0.name == input.scheme }!.auth
            let signed = RequestSigner(auth: auth, secret: input.secret)
                .sign(method: input.method, path: input.path, body: Array(input.body.utf8), now: Date(timeIntervalSince1970: input.time), nonce: input.nonce)
            let got = Dictionary(uniqueKeysWithValues: signed.headers.map { ($0.name.lowercased(), $0.value) })
            #expect(got == want, "\(input.scheme) body \(input.body.prefix(20))")
        }
    }

    /// DOMAIN 6's vectors, which the no-body X-BG preset and x-tif keep.
    @Test func domainVectors() {
        let xbg = RequestSigner(auth: AuthSpec(scheme: .hmacSHA256NoBody, secretEnv: "S", accessKey: "testAK"), secret: "testSK")
            .sign(method: "POST", path: "/api/demo", body: [], now: Date(timeIntervalSince1970: 1_700_000_000), nonce: "unused")
        #expect(xbg.headers.first { $0.name == "X-BG-HMAC-SIGNATURE" }?.value == "/GGIObgm+yGJo4mvy3hnrUYVOQvFNotp0H/fOqxRiek=")
        #expect(xbg.stringToSign == "POST\n/api/demo\n\ntestAK\nTue, 14 Nov 2023 22:13:20 GMT\n")
        let xtif = RequestSigner(auth: AuthSpec(scheme: .xTif, secretEnv: "S", paasId: "p"), secret: "testPaasToken0123456789abcdefABCD")
            .sign(method: "POST", path: "/", body: [], now: Date(timeIntervalSince1970: 1_700_000_000), nonce: "123456789abcdefg")
        #expect(xtif.headers.first { $0.name == "x-tif-signature" }?.value == "d5210e8a5f5b75f9a2958c756c5ba8458e35389c3ffe07a5f3b155e4070c39db")
        // The secret never appears in what is printed as signed.
        #expect(xtif.stringToSign == "1700000000[secret]123456789abcdefg1700000000")
    }

    /// A declared SM2 scheme: the gateway's signature verifies with `openssl` over the string
    /// it printed, and a back end's (made by `openssl`) verifies with the public key in the spec.
    @Test func sm2AgreesWithOpenSSL() async throws {
        let (directory, privatePEM, publicPEM) = try await OpenSSLTool.sm2KeyPair()
        defer { try? FileManager.default.removeItem(at: directory) }
        let yaml = """
            {scheme: signed, secretEnv: S, algorithm: sm2, encoding: base64, timestamp: unix, sign: "{timestamp}\\n{nonce}\\n{body}",
             headers: {X-Ts: "{timestamp}", X-Nonce: "{nonce}", X-Sm2: "{signature}"}, publicKey: \(String(reflecting: publicPEM))}
            """
        let auth = try YAMLDecoder().decode(AuthSpec.self, from: yaml)
        let body = Array(#"{"slh":"CM-1","zt":"已受理"}"#.utf8), now = Date(timeIntervalSince1970: 1_796_000_000)
        let signed = RequestSigner(auth: auth, secret: privatePEM).sign(method: "POST", path: "/x", body: body, now: now, nonce: "n-1")
        let signedString = try #require(signed.stringToSign)
        #expect(signedString == "1796000000\nn-1\n" + String(decoding: body, as: UTF8.self))
        let signature = try #require(signed.headers.first { $0.name == "X-Sm2" }.flatMap { Data(base64Encoded: $0.value) })
        try signature.write(to: directory.appendingPathComponent("sig"))
        try Data(signedString.utf8).write(to: directory.appendingPathComponent("msg"))
        let checked = try await OpenSSLTool.run(["dgst", "-sm3", "-verify", "pub.pem", "-sigopt", "distid:1234567812345678", "-signature", "sig", "msg"], in: directory)
        #expect(checked.status == 0 && checked.output.contains("Verified OK"), "\(checked.output)")

        // What the back end sends, signed by openssl: verified with the spec's public key.
        try #require(try await OpenSSLTool.run(["dgst", "-sm3", "-sign", "key.pem", "-sigopt", "distid:1234567812345678", "-out", "theirs", "msg"], in: directory).status == 0)
        let theirs = try Data(contentsOf: directory.appendingPathComponent("theirs")).base64EncodedString()
        var headers = ["x-ts": "1796000000", "x-nonce": "n-1", "x-sm2": theirs]
        let verifier = RequestVerifier(auth: auth, secret: "")
        #expect(verifier.failure(method: "POST", path: "/x", body: body, now: now) { headers[$0.lowercased()] } == nil)
        #expect(verifier.failure(method: "POST", path: "/x", body: body + [0x20], now: now) { headers[$0.lowercased()] } == .wrong("signature (X-Sm2)"))
        headers["x-sm2"] = String(theirs.reversed())
        #expect(verifier.failure(method: "POST", path: "/x", body: body, now: now) { headers[$0.lowercased()] } != nil)
        // A callback may use it (it covers the body and a time); without publicKey it cannot verify.
        #expect(SigningSchemeTests.decode(yaml, callback: true) == nil)
        #expect(SigningSchemeTests.decode(yaml.replacingOccurrences(of: ", publicKey: \(String(reflecting: publicPEM))", with: ""), callback: true)?.contains("publicKey") == true)
    }

    /// The seventh back end's signature against `openssl dgst -sm3 -hmac`.
    @Test func chongmingMatchesOpenSSL() async throws {
        let auth = BackendProfile.all().first { $0.id == "chongming-notary-sandbox" }!.auth
        let body = #"{"ywlsh":"tgt_1","sqr":{"xm":"张秀英"}}"#
        let signed = RequestSigner(auth: auth, secret: "sandbox-chongming-secret")
            .sign(method: "POST", path: "/openapi/v2/notarization/apply", body: Array(body.utf8), now: Date(timeIntervalSince1970: 1_796_182_127.42), nonce: "x")
        #expect(signed.stringToSign == "1796182127420\n" + body)
        let output = try await ExternalTool.run("openssl", ["dgst", "-sm3", "-hmac", "sandbox-chongming-secret"],
                                                input: Array("1796182127420\n\(body)".utf8), errorsApart: true).output
        let hex = try #require(output.split(separator: "=").last?.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(signed.headers.first { $0.name == "X-CM-Sign" }?.value == hex)
    }
}

/// The parts of the mechanism, and the schemes a spec may not declare.
@Suite struct SigningSchemeTests {
    @Test func templatesParseRenderAndExtract() throws {
        let t = try SigningTemplate("v1={signature}")
        #expect(t.fields == [.signature])
        #expect(String(decoding: t.render { _ in Array("abc".utf8) }, as: UTF8.self) == "v1=abc")
        #expect(try SigningTemplate("t={timestamp};").extract(.timestamp, from: "t=123;") == "123")
        #expect(try SigningTemplate("t={timestamp};").extract(.timestamp, from: "x=123;") == nil)
        #expect(try SigningTemplate("{timestamp}").extract(.nonce, from: "1") == nil)
        #expect(throws: SigningTemplate.Invalid.self) { try SigningTemplate("{time}") }
        #expect(throws: SigningTemplate.Invalid.self) { try SigningTemplate("{body") }
        #expect(throws: SigningTemplate.Invalid.self) { try SigningTemplate("body}") }
    }

    @Test(arguments: [
        ("unix", 1_700_000_000.9, "1700000000"), ("unix-ms", 1_700_000_000.123, "1700000000123"),
        ("rfc1123", 1_700_000_000, "Tue, 14 Nov 2023 22:13:20 GMT"), ("iso8601", 1_700_000_000, "2023-11-15T06:13:20+08:00"),
        ("yyyyMMddHHmmss", 1_700_000_000, "20231115061320"), ("yyyy-MM-dd HH:mm:ss", 1_700_000_000, "2023-11-15 06:13:20"),
    ])
    func timestampFormsRoundTrip(_ form: String, _ seconds: Double, _ text: String) throws {
        let stamp = try #require(TimestampForm(form, zone: nil))
        #expect(stamp.format(Date(timeIntervalSince1970: seconds)) == text)
        let back = try #require(stamp.parse(text))
        #expect(abs(back.timeIntervalSince1970 - seconds) < 1)
    }

    @Test func zonesShiftPatternsAndISO8601() throws {
        let utc = try #require(TimestampForm("iso8601", zone: "Z"))
        #expect(utc.format(Date(timeIntervalSince1970: 1_700_000_000)) == "2023-11-14T22:13:20Z")
        let newYork = try #require(TimestampForm("yyyyMMddHHmmss", zone: "-05:00"))
        #expect(newYork.format(Date(timeIntervalSince1970: 1_700_000_000)) == "20231114171320")
        #expect(newYork.parse("20231114171320") == Date(timeIntervalSince1970: 1_700_000_000))
        #expect(TimestampForm("yyyy", zone: nil) == nil)
        #expect(TimestampForm("unix", zone: "+8") == nil)
        #expect(TimestampForm("unix", zone: nil)?.parse("17e8") == nil)
    }

    static func decode(_ yaml: String, callback: Bool = false) -> String? {
        do {
            if callback {
                _ = try YAMLDecoder().decode(CallbackSpec.self, from: "auth: \(yaml)\neventId: /e\ncaseRef: /c\nstatus: /s\nstatuses: {A: accepted}\n")
            } else {
                _ = try YAMLDecoder().decode(AuthSpec.self, from: yaml)
            }
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test(arguments: [
        (#"{scheme: signed, secretEnv: S, algorithm: hmac-sm3, sign: "{timestamp}", headers: {X-T: "{timestamp}"}}"#, "no header carries {signature}"),
        (#"{scheme: signed, secretEnv: S, algorithm: sm3, sign: "{timestamp}{body}", headers: {X-T: "{timestamp}", X-S: "{signature}"}}"#, "can be computed by anyone"),
        (#"{scheme: signed, secretEnv: S, algorithm: hmac-sm3, sign: "{nonce}", headers: {X-S: "{signature}"}}"#, "no header sends it"),
        (#"{scheme: signed, secretEnv: S, algorithm: hmac-sm3, sign: "{digest}", headers: {X-S: "{signature}"}}"#, "no digest algorithm"),
        (#"{scheme: signed, secretEnv: S, algorithm: hmac-sm3, sign: "{body}", headers: {X-S: "{signature}", X-K: "{secret}"}}"#, "in the clear"),
        (#"{scheme: signed, secretEnv: S, algorithm: hmac-sm3, sign: "{body}", headers: {X-S: "{signature}", X-T: "t{timestamp}{nonce}"}}"#, "alone"),
        (#"{scheme: signed, secretEnv: S, algorithm: hmac-sm3, sign: "{body}", headers: {X-S: "{signature}"}, timestamp: yyyy}"#, "pattern"),
        (#"{scheme: signed, secretEnv: S, algorithm: hmac-sm3, sign: "{bodyy}", headers: {X-S: "{signature}"}}"#, "unknown placeholder {bodyy}"),
        (#"{scheme: signed, secretEnv: S, algorithm: hmac-sm3, sign: "{body}", headers: {Content-Type: "{signature}"}}"#, "set by the gateway"),
        (#"{scheme: signed, secretEnv: S, algorithm: hmac-sm3, sign: "{body}"}"#, "names the headers it sends"),
        (#"{scheme: hmac-sm3, secretEnv: S, accessKey: k, sign: "{body}"}"#, "only with scheme: signed"),
        (#"{scheme: x-tif, secretEnv: S}"#, "paasId"),
        (#"{scheme: hmac-sha256, accessKey: k}"#, "secretEnv"),
        (#"{scheme: signed, secretEnv: S, algorithm: sm2, sign: "{body}", headers: {X-S: "{signature}"}, publicKey: "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"}"#, "not an SM2 key"),
        (#"{scheme: signed, secretEnv: S, algorithm: hmac-sm3, sign: "{body}", headers: {X-S: "{signature}"}, publicKey: "x"}"#, "only with algorithm sm2"),
        (#"{scheme: signed, algorithm: sm2, sign: "{body}", headers: {X-S: "{signature}"}}"#, "give publicKey to verify"),
        (#"{scheme: signed, secretEnv: S, algorithm: sm2, sign: "{secret}{body}", headers: {X-S: "{signature}"}}"#, "never goes into the string"),
        (#"{scheme: signed, secretEnv: S, algorithm: sm2, sign: "{body}", headers: {X-S: "v={signature}&k={accessKey}"}, accessKey: k}"#, "SM2 {signature} alone"),
    ])
    func badSchemesAreRefusedWithTheReason(_ yaml: String, _ reason: String) {
        let error = Self.decode(yaml)
        #expect(error?.contains(reason) == true, "\(error ?? "accepted")")
    }

    /// `tongban check` refuses a callback scheme that covers no body (or no time).
    @Test(arguments: [
        ("{scheme: bearer, secretEnv: S}", "covers no body"),
        ("{scheme: x-tif, secretEnv: S, paasId: p}", "covers no body"),
        ("{scheme: hmac-sha256-no-body, secretEnv: S, accessKey: k}", "covers no body"),
        (#"{scheme: signed, secretEnv: S, algorithm: hmac-sm3, sign: "{body}", headers: {X-S: "{signature}"}}"#, "covers no time"),
    ])
    func callbackSchemesMustCoverTheBodyAndATime(_ yaml: String, _ reason: String) {
        let error = Self.decode(yaml, callback: true)
        #expect(error?.contains(reason) == true, "\(error ?? "accepted")")
    }

    /// Only a portal rotates its secret through `previousSecretEnv`; an adapter spec that
    /// names one is refused rather than silently ignoring it.
    @Test func anAdapterSpecRefusesAPreviousSecret() throws {
        let notary = try String(contentsOf: Fixtures.root.appendingPathComponent("Adapters/notary-sandbox.yaml"), encoding: .utf8)
        for (old, new) in [("  secretEnv: TONGBAN_ADAPTER_NOTARY_SECRET\nrequest:", "  secretEnv: TONGBAN_ADAPTER_NOTARY_SECRET\n  previousSecretEnv: OLD\nrequest:"),
                           ("secretEnv: TONGBAN_ADAPTER_NOTARY_SECRET}", "secretEnv: TONGBAN_ADAPTER_NOTARY_SECRET, previousSecretEnv: OLD}")] {
            #expect(notary.contains(old))
            do {
                _ = try YAMLDecoder().decode(AdapterSpec.self, from: notary.replacingOccurrences(of: old, with: new))
                Issue.record("previousSecretEnv was accepted in \(new)")
            } catch {
                #expect("\(error)".contains("applies to portals only"), "\(error)")
            }
        }
    }

    @Test func bodyCoveringSchemesAreAcceptedForCallbacks() {
        for yaml in ["{scheme: hmac-sha256, secretEnv: S, accessKey: k}", "{scheme: hmac-sm3, secretEnv: S, accessKey: k}",
                     #"{scheme: signed, secretEnv: S, algorithm: hmac-sm3, timestamp: unix-ms, sign: "{timestamp}\n{body}", headers: {X-T: "{timestamp}", X-S: "{signature}"}}"#] {
            #expect(Self.decode(yaml, callback: true) == nil, "\(yaml)")
        }
    }
}

/// The vectors printed in Adapters/README.md (body `{"a":1}`, key testAK, secret testSK,
/// 1700000000, nonce n-0001), so the guide cannot drift from the code.
@Suite struct DocumentedVectorTests {
    func headers(_ auth: AuthSpec) -> [String: String] {
        let signed = RequestSigner(auth: auth, secret: "testSK")
            .sign(method: "POST", path: "/api/demo", body: Array(#"{"a":1}"#.utf8), now: Date(timeIntervalSince1970: 1_700_000_000), nonce: "n-0001")
        return Dictionary(uniqueKeysWithValues: signed.headers.map { ($0.name, $0.value) })
    }

    @Test func theGuideShowsWhatTheCodeComputes() throws {
        let guide = try String(contentsOf: Fixtures.root.appendingPathComponent("Adapters/README.md"), encoding: .utf8)
        let sha = headers(AuthSpec(scheme: .hmacSHA256, secretEnv: "S", accessKey: "testAK"))
        let sm3 = headers(AuthSpec(scheme: .hmacSM3, secretEnv: "S", accessKey: "testAK"))
        let declared = BackendProfile.all().first { $0.id == "chongming-notary-sandbox" }!.auth
        let cm = headers(AuthSpec(signing: declared.signing, secretEnv: "S", accessKey: "testAK"))
        for value in [sha["Content-Digest"], sha["X-BG-HMAC-SIGNATURE"], sm3["Content-Digest"], sm3["X-BG-HMAC-SIGNATURE"], cm["X-CM-Sign"]] {
            let value = try #require(value)
            #expect(guide.contains(value), "\(value) is not in Adapters/README.md")
        }
        #expect(sha["X-BG-HMAC-SIGNATURE"] == "EtDSChP7BOhu45DjNnSyd/qGKpkQ5MYppUUdt2fxTTc=")
        #expect(cm["X-CM-Sign"] == "97ad95c70f88085dea0650ad5ec18264bf36713bb1ff9b5ef93f7c64916e1e09")
    }
}
