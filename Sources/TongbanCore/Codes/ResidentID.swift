/// GB 11643 resident identity numbers (DOMAIN 4.1).
public enum ResidentID {
    /// Why a number is not a valid resident ID.
    public enum Failure: Equatable, Sendable {
        case format, birthDate, checkCharacter
    }

    static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    static let checkCharacters = Array("10X98765432")

    /// The check character for the first 17 digits, or nil when they are not 17 digits.
    public static func checkCharacter(for body: some StringProtocol) -> Character? {
        let digits = body.compactMap(\.wholeNumberValue)
        guard body.count == 17, digits.count == 17, body.allSatisfy(\.isASCII) else { return nil }
        let sum = zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 }
        return checkCharacters[sum % 11]
    }

    /// The number with a lower-case `x` made upper-case, the form that is stored.
    public static func normalized(_ number: String) -> String {
        number.hasSuffix("x") ? String(number.dropLast()) + "X" : number
    }

    /// Validates a number; `today` is `yyyyMMdd` so the birth date can be checked against it.
    public static func validate(_ raw: String, today: Int) -> Failure? {
        let number = normalized(raw)
        guard number.count == 18, number.allSatisfy(\.isASCII) else { return .format }
        let body = number.prefix(17)
        guard body.allSatisfy(\.isNumber), let last = number.last, last.isNumber || last == "X" else { return .format }
        let birth = Int(body.dropFirst(6).prefix(8))!
        guard CivilDate(yyyymmdd: birth) != nil, birth <= today, birth >= 18_000_101 else { return .birthDate }
        return checkCharacter(for: body) == last ? nil : .checkCharacter
    }
}
