import Foundation

/// CNY amounts travel as decimal strings (`"125000.00"`) so no binary rounding touches them.
public enum Money {
    /// Parses a non-negative amount with at most two decimals and at most 15 integer digits.
    public static func parse(_ text: String) -> Decimal? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), (1...15).contains(parts[0].count),
              parts[0].allSatisfy(\.isASCIIDigit) else { return nil }
        if parts.count == 2 {
            guard (1...2).contains(parts[1].count), parts[1].allSatisfy(\.isASCIIDigit) else { return nil }
        }
        return Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
    }
}
