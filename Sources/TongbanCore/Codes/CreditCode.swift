/// GB 32100 unified social credit codes (DOMAIN 4.2).
public enum CreditCode {
    /// Why a code is not a valid credit code.
    public enum Failure: Equatable, Sendable {
        case format, checkCharacter
    }

    /// The 31 characters a code may use (no I, O, S, V, Z).
    public static let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    static let values: [Character: Int] = Dictionary(uniqueKeysWithValues: alphabet.enumerated().map { ($1, $0) })

    /// The check character for the first 17 characters, or nil when they use foreign characters.
    public static func checkCharacter(for body: some StringProtocol) -> Character? {
        guard body.count == 17 else { return nil }
        var sum = 0
        for (character, weight) in zip(body, weights) {
            guard let value = values[character] else { return nil }
            sum += value * weight
        }
        let r = 31 - sum % 31
        return alphabet[r == 31 ? 0 : r]
    }

    /// Validates a code: length, alphabet, the 6-digit region part and the check character.
    public static func validate(_ code: String) -> Failure? {
        guard code.count == 18, code.allSatisfy({ values[$0] != nil }) else { return .format }
        guard code.dropFirst(2).prefix(6).allSatisfy(\.isNumber) else { return .format }
        return checkCharacter(for: code.prefix(17)) == code.last ? nil : .checkCharacter
    }
}
