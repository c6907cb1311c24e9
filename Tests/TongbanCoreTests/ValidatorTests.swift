import TongbanCodecs
import Foundation
import Testing
import TongbanTestSupport
@testable import TongbanCore

@Suite struct ValidatorTests {
    let validator = try! Fixtures.configuration().validator
    let now = RFC3339.parse("2026-11-30T12:00:00+08:00")!

    func decode(_ bytes: [UInt8]) throws -> Application {
        try CanonicalJSON.decoder().decode(Application.self, from: Data(bytes))
    }

    @Test(arguments: try! Fixtures.canonicalNames())
    func everySampleIsValid(_ name: String) throws {
        let problems = validator.validate(try decode(Fixtures.application(name)), now: now)
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test(arguments: ValidationCase.all)
    func eachClassOfProblemIsReportedWithPointerAndCode(_ c: ValidationCase) throws {
        let problems = validator.validate(try decode(Fixtures.bytes(c.object())), now: now)
        #expect(problems.contains { $0.pointer == c.pointer && $0.code == c.code }, "got \(problems)")
        #expect(problems.allSatisfy { !$0.message.isEmpty && $0.message.unicodeScalars.contains { $0.value >= 0x4E00 } })
    }

    @Test func everyProblemIsReportedAtOnce() throws {
        var object = try Fixtures.object("canonical/arbitration-filing.json")
        object.set(["applicant", "phone"], "123")
        object.set(["region"], "999999")
        object.set(["counterparties", 0, "idNumber"], "91310104MA1FL3UQ4A")
        object.set(["form", "arbitration", "claims"], [Any]())
        let codes = Set(validator.validate(try decode(Fixtures.bytes(object)), now: now).map(\.code))
        #expect(codes.isSuperset(of: ["phone.invalid", "region.unknown", "credit_code.check", "required"]))
    }
}

@Suite struct DialectTests {
    let configuration = try! Fixtures.configuration()

    @Test(arguments: ["notary-will.json", "bundle-unpaid-wages.json"])
    func yiwangAndCanonicalSamplesNormalizeToTheSameApplication(_ name: String) throws {
        let yiwang = try CanonicalJSON.decoder().decode(YiwangApplication.self, from: Data(Fixtures.application("yiwang/\(name)")))
        let (fromYiwang, problems) = YiwangNormalizer(documentTypes: configuration.documentTypes, vendor: "vendor-a")
            .normalize(yiwang, portal: "p")
        #expect(problems.isEmpty)
        var canonical = try CanonicalJSON.decoder().decode(Application.self, from: Data(Fixtures.application("canonical/\(name)")))
        canonical.source.portal = "p"
        #expect(fromYiwang == canonical)
        // Vendor code 22 became GA/T 111 and the lower-case x of the ID became X.
        #expect(fromYiwang.applicant.idType == "111")
        #expect(fromYiwang.applicant.idNumber.last != "x")
    }

    @Test func dialectProblemsPointIntoTheYiwangDocument() throws {
        var object = try Fixtures.object("yiwang/notary-will.json")
        object["applyfrom"] = "传真"
        object["receivetime"] = "2026/11/29 09:30"
        object["apply_type"] = "7"
        let yiwang = try CanonicalJSON.decoder().decode(YiwangApplication.self, from: Data(Fixtures.bytes(object)))
        let (_, problems) = YiwangNormalizer(documentTypes: configuration.documentTypes, vendor: "vendor-a").normalize(yiwang, portal: "p")
        #expect(Set(problems.map(\.pointer)) == ["/applyfrom", "/receivetime", "/apply_type"])
        #expect(YiwangNormalizer.pointer(forCanonical: "/applicant/idNumber") == "/apply_cardnumber")
        #expect(YiwangNormalizer.pointer(forCanonical: "/materials/2/files/0/uri") == "/attrs/2/file_url")
    }

    @Test func vendorTablesMapDocumentTypes() {
        let types = configuration.documentTypes
        #expect(types.canonicalCode(for: "22", vendor: "vendor-a") == "111")
        #expect(types.canonicalCode(for: "10", vendor: "vendor-b") == "111")
        #expect(types.canonicalCode(for: "16", vendor: "vendor-a") == "001")
        #expect(types.canonicalCode(for: "414", vendor: "vendor-a") == "414")
    }
}
