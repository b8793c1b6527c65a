/// A store's rows in the form ``StoreTable`` describes, read from one consistent view of it: what `feedd migrate`
/// copies from.
public protocol StoreExport: Sendable {
    /// The newest seq the store has handed out, which the store copied into continues after.
    var highWater: Int64 { get }
    /// At most `limit` rows of `table` whose key comes after that of the row `after` (nil: from the first), in the
    /// order of their key.
    func rows(of table: StoreTable, after: [StoreValue]?, limit: Int) async throws -> [[StoreValue]]
}
