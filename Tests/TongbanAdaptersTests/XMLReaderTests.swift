import Foundation
import Testing
import TongbanAdapters

/// The XML reader: the trees back ends' answers and callbacks become, and every document
/// it refuses instead of trapping or stalling.
@Suite struct XMLReaderTests {
    @Test func readsElementsTextAndRepeatedNames() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!-- a notary office's answer -->
            <GZSQ attr="x" other='y'>
              <JG>SL</JG><SLBH> GZ2026-001 </SLBH>
              <CL><MC>身份证</MC></CL><CL><MC>户口簿</MC></CL>
              <YY/><NOTE><![CDATA[a <b> & c]]></NOTE><ESC>&lt;&amp;&#x4E2D;&#25991;&quot;</ESC>
            </GZSQ>
            """
        let tree = try XMLReader.parse(Array(xml.utf8))
        #expect(tree.resolve(pointer: "/GZSQ/JG")?.scalarText == "SL")
        #expect(tree.resolve(pointer: "/GZSQ/SLBH")?.scalarText == "GZ2026-001")
        #expect(tree.resolve(pointer: "/GZSQ/CL/1/MC")?.scalarText == "户口簿")
        #expect(tree.resolve(pointer: "/GZSQ/YY")?.scalarText == "")
        #expect(tree.resolve(pointer: "/GZSQ/NOTE")?.scalarText == "a <b> & c")
        #expect(tree.resolve(pointer: "/GZSQ/ESC")?.scalarText == "<&中文\"")
    }

    static let bad: [(String, [UInt8])] = [
        ("not UTF-8", Array("<ev".utf8) + [0xC3, 0x28] + Array("ent/>".utf8)),  // the byte that trapped Foundation's XMLParser
        ("not UTF-8", Array("<a>".utf8) + [0xFF] + Array("</a>".utf8)),
        ("DTDs", Array("<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>".utf8)),
        ("unknown entity", Array("<a>&x;</a>".utf8)),
        ("closes no open element", Array("<a><b></a>".utf8)),
        ("never closed", Array("<a>".utf8)),
        ("second root", Array("<a/><b/>".utf8)),
        ("outside the root", Array("text".utf8)),
        ("no root", []),
        ("encoding gbk", Array("<?xml version=\"1.0\" encoding=\"GBK\"?><a/>".utf8)),
        ("quoted attribute", Array("<a b=c/>".utf8)),
        ("cannot start", Array("<1a/>".utf8)),
        ("unknown entity", Array("<a>&#0;</a>".utf8)),
        ("unterminated CDATA", Array("<a><![CDATA[x</a>".utf8)),
    ]

    @Test(arguments: 0..<bad.count)
    func refuses(_ index: Int) {
        let (reason, bytes) = Self.bad[index]
        do {
            _ = try XMLReader.parse(bytes)
            Issue.record("read \(bytes) without an error")
        } catch {
            #expect(error.reason.contains(reason), "\(error)")
        }
    }

    @Test func boundsElementsAndDepth() {
        let wide = "<a>" + String(repeating: "<b/>", count: 60) + "</a>"
        #expect(throws: XMLReader.Failure.self) { try XMLReader.parse(Array(wide.utf8), limits: .init(maxElements: 50, maxDepth: 64)) }
        let deep = String(repeating: "<a>", count: 70) + String(repeating: "</a>", count: 70)
        #expect(throws: XMLReader.Failure.self) { try XMLReader.parse(Array(deep.utf8)) }
        #expect((try? XMLReader.parse(Array(deep.utf8), limits: .init(maxElements: 100, maxDepth: 80))) != nil)
    }

    /// 40k siblings of one name, the shape that took the old reader seconds: read in one
    /// pass (a tenth as many costs about a tenth as much; a quadratic reader would be 100x).
    @Test func siblingsAreReadInLinearTime() throws {
        func document(_ n: Int) -> [UInt8] { Array(("<r>" + String(repeating: "<e>1</e>", count: n) + "</r>").utf8) }
        func seconds(_ bytes: [UInt8]) throws -> Double {
            let start = ContinuousClock.now
            let tree = try XMLReader.parse(bytes)
            if case .array(let items)? = tree.resolve(pointer: "/r/e") { #expect(items.count > 1) }
            let d = ContinuousClock.now - start
            return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        }
        let small = document(4_000), large = document(40_000)
        _ = try seconds(small)
        let ratio = try seconds(large) / max(try seconds(small), 1e-6)
        #expect(ratio < 40, "40k siblings cost \(ratio)x of 4k")
    }
}
