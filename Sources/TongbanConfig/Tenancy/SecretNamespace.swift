/// The environment variables an adapter may read its secrets from without the operator
/// binding them: `TONGBAN_ADAPTER_<ID>__<NAME>`, the id in upper case with '-' as '_'
/// (`notary-xuhui` → `TONGBAN_ADAPTER_NOTARY_XUHUI__SECRET`). The double underscore ends
/// the id, so no adapter's namespace holds another's (`notary` cannot read
/// `TONGBAN_ADAPTER_NOTARY_XUHUI__SECRET`): ids never hold "--" nor end in '-'.
public enum SecretNamespace {
    static let prefix = "TONGBAN_ADAPTER_"

    /// The namespace's prefix for `adapterId`.
    public static func prefix(for adapterId: String) -> String {
        prefix + adapterId.uppercased().replacingOccurrences(of: "-", with: "_") + "__"
    }

    /// Whether `variable` is in the namespace of `adapterId`.
    public static func owns(_ adapterId: String, _ variable: String) -> Bool {
        let own = prefix(for: adapterId)
        guard variable.hasPrefix(own) else { return false }
        let name = variable.dropFirst(own.count)
        return !name.isEmpty && name.first != "_" && isVariableName(String(name))
    }

    /// Whether `name` has the form of a namespaced variable, so some adapter id owns it.
    public static func isAdapterVariable(_ name: String) -> Bool { name.hasPrefix(prefix) && name.dropFirst(prefix.count).contains("__") }

    /// A-Z, 0-9 and '_', not starting with a digit.
    public static func isVariableName(_ name: String) -> Bool {
        guard let first = name.first, !first.isNumber, name.utf8.count <= 128 else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber || $0 == "_") }
    }
}
