/// One value of a copied row.
public enum StoreValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case boolean(Bool)
    /// Bytes: a signature, or an item's JSON text (each store compresses it in its own way).
    case bytes([UInt8])

    /// What a column holds.
    public enum Kind: Sendable, Hashable {
        case integer, real, text, boolean, blob
        /// An item's JSON: its text in a copied row, compressed as each store does when stored.
        case json
    }

    /// The text, nil for anything else.
    var text: String? {
        if case .text(let value) = self { return value }
        return nil
    }
}
