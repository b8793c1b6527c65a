import FeedStorage
import Foundation
import PostgresNIO

// A snapshot reads a store's rows in the shared form too (StoreTable): what a copy out of this database, or a
// check of a copy into it, reads.
extension PostgresStoreSnapshot: StoreExport {
    /// Rows by key order; an item's JSON is expanded to its text.
    func rows(of table: StoreTable, after: [StoreValue]?, limit: Int) async throws -> [[StoreValue]] {
        let columns = table.columns
        let key = columns.prefix(table.keyCount).map(\.name).joined(separator: ", ")
        var binds = PostgresBindings()
        var sql = "SELECT \(table.columnList) FROM \(table.rawValue)"
        if let after {
            for value in after.prefix(table.keyCount) {
                switch value {
                case .integer(let number): binds.append(number)
                case .text(let text): binds.append(text)
                default: throw PostgresStoreError("a \(table.rawValue) key is an integer or a text")
                }
            }
            sql += " WHERE (\(key)) > (\((1...table.keyCount).map { "$\($0)" }.joined(separator: ", ")))"
        }
        sql += " ORDER BY \(key) LIMIT \(limit)"
        let query = PostgresQuery(unsafeSQL: sql, binds: binds)
        return try await read("read the rows of \(table.rawValue)") { [logger] connection in
            let expander = StoredJSON.Expander(dictionaries: { _ in nil })
            var rows: [[StoreValue]] = []
            for try await row in try await connection.query(query, logger: logger) {
                let cells = row.makeRandomAccess()
                rows.append(try columns.indices.map { try Self.value(cells[$0], columns[$0].kind, expander) })
            }
            return rows
        }
    }

    /// A cell as a copy holds it.
    private static func value(_ cell: PostgresCell, _ kind: StoreValue.Kind, _ expander: StoredJSON.Expander) throws
        -> StoreValue
    {
        guard cell.bytes != nil else { return .null }
        switch kind {
        case .integer: return .integer(try cell.decode(Int64.self))
        case .real: return .real(try cell.decode(Double.self))
        case .text: return .text(try cell.decode(String.self))
        case .boolean: return .boolean(try cell.decode(Bool.self))
        case .blob: return .bytes(Array(try cell.decode(Data.self)))
        case .json:
            let frame = try cell.decode(Data.self)
            guard let text = try frame.withUnsafeBytes(expander.text) else {
                throw PostgresStoreError("an item's compressed JSON is damaged")
            }
            return .bytes(text)
        }
    }
}

extension PostgresFeedStore {
    /// The store's rows for a copy, or to check one, from a snapshot taken now.
    public func export() async throws -> any StoreExport {
        do {
            return try await PostgresStoreSnapshot.open(try await connect(), logger: logger)
        } catch {
            throw Self.wrap(error, "take a snapshot of the store")
        }
    }
}
