import TongbanConfig
import TongbanStore

extension AdapterSource {
    /// The adapter id of a stored spec.
    var adapterId: String? {
        if case .stored(let id, _) = origin { return id }
        return nil
    }
}

extension AdminPrincipal {
    /// What the specs it stores may do.
    var author: SpecAuthor {
        switch role {
        case .operator: .operatorAPI
        case .agency(let code): .agency(creditCode: code)
        }
    }
}

extension StoredAdapterSpec {
    /// The spec as the loader takes it; nil for a deletion.
    public var source: AdapterSource? {
        text.map { AdapterSource(text: $0, origin: .stored(adapterId: adapterId, version: version), author: SpecAuthor(actor: actor)) }
    }
}
