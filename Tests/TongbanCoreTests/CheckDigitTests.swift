import Testing
@testable import TongbanCore

@Suite struct ResidentIDTests {
    let today = 20261130

    @Test(arguments: ["11010519491231002X", "31010419900307123X", "310115200002290048", "31010419900307123x"])
    func domainValidNumbersPass(_ number: String) {
        #expect(ResidentID.validate(number, today: today) == nil)
    }

    @Test func domainInvalidNumbersFailForTheRightReason() {
        #expect(ResidentID.validate("340102198805059786", today: today) == .checkCharacter)
        #expect(ResidentID.checkCharacter(for: "34010219880505978") == "3")
        #expect(ResidentID.validate("31011520000230004X", today: today) == .birthDate)
    }

    @Test func futureBirthDatesAndBadShapesFail() {
        let body = "31010420301201123"
        #expect(ResidentID.validate(body + String(ResidentID.checkCharacter(for: body)!), today: today) == .birthDate)
        #expect(ResidentID.validate("3101041990030712", today: today) == .format)
        #expect(ResidentID.validate("31010419900307123Y", today: today) == .format)
        #expect(ResidentID.validate("３1010419900307123X", today: today) == .format)
    }

    @Test func lowerCaseXIsStoredUpperCase() {
        #expect(ResidentID.normalized("31010419900307123x") == "31010419900307123X")
    }

    /// Random valid numbers pass; every single-character change of them fails.
    @Test func propertyRandomValidNumbersPassAndEverySingleChangeFails() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let birth = CivilDate(dayNumber: Int.random(in: -25000...20000, using: &rng))
            let body = "310115" + String(birth.yyyymmdd) + String(format3(Int.random(in: 0...999, using: &rng)))
            let number = body + String(ResidentID.checkCharacter(for: body)!)
            #expect(ResidentID.validate(number, today: today) == nil, "\(number)")
            var chars = Array(number)
            for position in chars.indices {
                let original = chars[position]
                for replacement in Array("0123456789X") where replacement != original {
                    chars[position] = replacement
                    #expect(ResidentID.validate(String(chars), today: today) != nil, "\(String(chars)) from \(number)")
                }
                chars[position] = original
            }
        }
    }

    private func format3(_ n: Int) -> String { String(repeating: "0", count: 3 - String(n).count) + String(n) }
}

@Suite struct CreditCodeTests {
    @Test(arguments: ["91350100M000100Y43", "12441500196720244T", "1135020000413900XC", "11100000000013338W"])
    func domainValidCodesPass(_ code: String) {
        #expect(CreditCode.validate(code) == nil)
    }

    @Test func domainInvalidCodeFails() {
        #expect(CreditCode.validate("91350100M000100Y4A") == .checkCharacter)
        #expect(CreditCode.validate("91350100M000100Y4") == .format)
        #expect(CreditCode.validate("91350100I000100Y43") == .format) // I is not in the alphabet
        #expect(CreditCode.validate("9135A100M000100Y43") == .format) // region must be digits
    }

    /// Random valid codes pass; every single-character change of them fails.
    @Test func propertyRandomValidCodesPassAndEverySingleChangeFails() {
        var rng = SystemRandomNumberGenerator()
        let alphabet = CreditCode.alphabet
        for _ in 0..<200 {
            let head = String(alphabet.randomElement(using: &rng)!) + String(alphabet.randomElement(using: &rng)!)
            let region = String((0..<6).map { _ in Character(String(Int.random(in: 0...9, using: &rng))) })
            let org = String((0..<9).map { _ in alphabet.randomElement(using: &rng)! })
            let body = head + region + org
            let code = body + String(CreditCode.checkCharacter(for: body)!)
            #expect(CreditCode.validate(code) == nil, "\(code)")
            var chars = Array(code)
            for position in chars.indices {
                let original = chars[position]
                for replacement in alphabet where replacement != original {
                    chars[position] = replacement
                    #expect(CreditCode.validate(String(chars)) != nil, "\(String(chars)) from \(code)")
                }
                chars[position] = original
            }
        }
    }
}

@Suite struct SmallCodeTests {
    @Test(arguments: ["13912345678", "+86 139 1234 5678", "021-64001234", "0571-8888888", "021-64001234-802"])
    func validPhones(_ phone: String) { #expect(Phone.isValid(phone)) }

    @Test(arguments: ["12912345678", "1391234567", "139123456789", "21-64001234", "021-123", "abc", "", "021-64001234-1234567"])
    func invalidPhones(_ phone: String) { #expect(!Phone.isValid(phone)) }

    @Test func money() {
        #expect(Money.parse("480000.00") == 480000)
        #expect(Money.parse("0.5") != nil)
        for bad in ["-1", "1.234", "1,000", "", ".5", "1e5", "1234567890123456"] { #expect(Money.parse(bad) == nil, "\(bad)") }
    }

    @Test func itemCodes() {
        #expect(ItemCode.hasNationalShape("12441500196720244T3442199806003"))
        #expect(ItemCode.creditPartIsValid("12441500196720244T3442199806003"))
        #expect(!ItemCode.creditPartIsValid("12441500196720244A3442199806003"))
        #expect(!ItemCode.hasNationalShape("SH-YJS-JC-0001"))
    }

    @Test func regionsAcceptTwelveDigitPadding() {
        #expect(RegionTable.normalized("310104000000") == "310104")
        #expect(RegionTable.normalized("310104") == "310104")
        #expect(RegionTable.normalized("310104001000") == "310104001000")
    }
}
