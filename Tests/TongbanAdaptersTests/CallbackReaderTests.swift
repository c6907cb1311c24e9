import Foundation
import Testing
import TongbanAdapters
import TongbanCodecs
import TongbanCore
import TongbanTestSupport

/// A back end's JSON callback with a member twice, or an escaped control character, is
/// unreadable: which `state` would be the real one?
@Suite struct StrictCallbackTests {
    @Test func aCallbackWithADuplicateKeyOrAnEscapedNULIsUnreadable() throws {
        let adapter = try #require(try Fixtures.configuration().adapters.adapters.first { $0.id == "lawyer-sandbox" } as? DeclarativeAdapter)
        let reader = try #require(adapter.callbackReader)
        let good = #"{"eventId":"E-1","consultationNo":"L-1","state":"RECEIVED","at":"2026-12-01T12:00:00+08:00"}"#
        #expect(throws: Never.self) { try reader.read(Array(good.utf8), now: Date()) }
        let twice = good.replacingOccurrences(of: #""state":"RECEIVED""#, with: #""state":"RECEIVED","state":"DECLINED""#)
        #expect(throws: CallbackReader.Unreadable.self) { try reader.read(Array(twice.utf8), now: Date()) }
        let nul = good.replacingOccurrences(of: "L-1", with: #"L-\u00001"#)
        #expect(throws: CallbackReader.Unreadable.self) { try reader.read(Array(nul.utf8), now: Date()) }
    }
}

/// A callback's note and document reference are read where the spec says; a long note is cut.
@Suite struct CallbackNoteTests {
    @Test func theNotaryOpinionAndCertificateAreRead() throws {
        let adapter = try #require(try Fixtures.configuration().adapters.adapters.first { $0.id == "notary-sandbox" } as? DeclarativeAdapter)
        let reader = try #require(adapter.callbackReader)
        let body = "<HD><SJBH>E-1</SJBH><SLBH>GZ-1</SLBH><ZT>05</ZT><SJ>20261201120000</SJ><YJ>准予公证</YJ><GZSH>(2026)沪徐证字第1号</GZSH></HD>"
        let reading = try reader.read(Array(body.utf8), now: Date())
        #expect(reading.note == "准予公证" && reading.document == "(2026)沪徐证字第1号")
        let plain = try reader.read(Array("<HD><SJBH>E-2</SJBH><SLBH>GZ-1</SLBH><ZT>02</ZT><SJ>20261201120000</SJ></HD>".utf8), now: Date())
        #expect(plain.note == nil && plain.document == nil)
        let long = String(repeating: "意", count: 1000)
        let cut = try reader.read(Array("<HD><SJBH>E-3</SJBH><SLBH>GZ-1</SLBH><ZT>06</ZT><SJ>20261201120000</SJ><YJ>\(long)</YJ></HD>".utf8), now: Date())
        #expect((cut.note?.utf8.count ?? 0) <= CallbackReader.maxNoteBytes && cut.note?.hasSuffix("…") == true)
    }
}
