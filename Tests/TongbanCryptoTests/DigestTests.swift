import Foundation
import Testing
@testable import TongbanCrypto

@Suite struct DigestTests {
    @Test func sm3OfAbcMatchesTheStandardVector() {
        #expect(HashAlgorithm.sm3.hexDigest("abc") == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0")
    }

    @Test func sha256OfAbc() {
        #expect(HashAlgorithm.sha256.hexDigest("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func xTifSignatureMatchesTheDomainVector() {
        let scheme = XTifSignature(algorithm: .sha256)
        let signature = scheme.sign(timestamp: "1700000000", token: "testPaasToken0123456789abcdefABCD", nonce: "123456789abcdefg")
        #expect(signature == "d5210e8a5f5b75f9a2958c756c5ba8458e35389c3ffe07a5f3b155e4070c39db")
        #expect(scheme.verify(signature: signature.uppercased(), timestamp: "1700000000", token: "testPaasToken0123456789abcdefABCD", nonce: "123456789abcdefg"))
        #expect(!scheme.verify(signature: signature, timestamp: "1700000001", token: "testPaasToken0123456789abcdefABCD", nonce: "123456789abcdefg"))
    }

    @Test func xTifWithSM3HashesTheSameString() {
        let text = "1700000000" + "token" + "nonce" + "1700000000"
        #expect(XTifSignature(algorithm: .sm3).sign(timestamp: "1700000000", token: "token", nonce: "nonce") == HashAlgorithm.sm3.hexDigest(text))
    }

    @Test func hmacSHA256MatchesTheGatewayVector() {
        let message = "POST\n/api/demo\n\ntestAK\nTue, 14 Nov 2023 22:13:20 GMT\n"
        let mac = HashAlgorithm.sha256.hmac(key: Array("testSK".utf8), message: Array(message.utf8))
        #expect(Data(mac).base64EncodedString() == "/GGIObgm+yGJo4mvy3hnrUYVOQvFNotp0H/fOqxRiek=")
    }

    @Test func hmacSM3HasThirtyTwoBytesAndDependsOnTheKey() {
        let a = HashAlgorithm.sm3.hmac(key: Array("k1".utf8), message: Array("m".utf8))
        let b = HashAlgorithm.sm3.hmac(key: Array("k2".utf8), message: Array("m".utf8))
        #expect(a.count == 32 && a != b)
    }

    @Test func constantTimeComparison() {
        #expect(constantTimeEquals(Array("abc".utf8), Array("abc".utf8)))
        #expect(!constantTimeEquals(Array("abc".utf8), Array("abd".utf8)))
        #expect(!constantTimeEquals(Array("abc".utf8), Array("ab".utf8)))
    }
}
