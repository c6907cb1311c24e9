/// GB/T 39554.1 implementing-item codes (DOMAIN 4.5): the implementing body's credit code
/// (18), a level digit (1–6) and the 12-character basic code. Local codes of other shapes
/// are accepted when the catalogue lists them.
public enum ItemCode {
    /// Whether the code has the national 31-character shape.
    public static func hasNationalShape(_ code: String) -> Bool {
        guard code.count == 31 else { return false }
        let level = code.dropFirst(18).first
        return level.map { ("1"..."6").contains($0) } ?? false
    }

    /// For a national-shape code, whether its credit-code part is valid.
    public static func creditPartIsValid(_ code: String) -> Bool {
        CreditCode.validate(String(code.prefix(18))) == nil
    }
}
