/// GB/T 2260 region codes the gateway accepts (DOMAIN 4.4), loaded from `Config/regions.yaml`.
public struct RegionTable: Sendable {
    public private(set) var names: [String: String]

    public init(names: [String: String]) { self.names = names }

    public func contains(_ code: String) -> Bool { names[code] != nil }

    /// Accepts 6 digits, or 12 digits padded with `000000`, and returns the 6-digit form.
    public static func normalized(_ code: String) -> String {
        if code.count == 12, code.hasSuffix("000000") { return String(code.prefix(6)) }
        return code
    }
}
