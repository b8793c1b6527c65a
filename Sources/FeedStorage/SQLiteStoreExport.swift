import FeedModel
import Foundation
import GRDB
import Synchronization

/// The rows of a SQLite store as ``StoreTable`` describes them, read from one snapshot (a read transaction that WAL
/// mode keeps as it began while writers go on, https://www.sqlite.org/isolation.html): what `feedd migrate` copies.
///
/// Two tables differ from the shared form. An item's JSON is handed as text, expanded from the frames compressed
/// against the store's own dictionary, which another store does not hold. And `story_url` keys its rows by
/// ``CanonicalURL/key(_:)``, a hash: the URL itself is found again among the stored items whose canonical URL has
/// that key. A row whose item has since changed its link (an edit) or left has no URL to find; it is left out and
/// counted (``unmatchedStoryURLs``): a later copy of that article is then matched by its text alone.
public final class SQLiteStoreExport: StoreExport {
    private let snapshot: DatabaseSnapshot
    public let highWater: Int64
    /// The story URL rows with their URLs, sorted by URL, once read; and how many could not be matched.
    private let storyURLs = Mutex<(rows: [(url: String, story: Int64)], unmatched: Int)?>(nil)

    init(_ snapshot: DatabaseSnapshot) async throws {
        self.snapshot = snapshot
        highWater = try await snapshot.read { db in try SQLiteFeedStore.highWater(in: db) }
    }

    /// How many `story_url` rows no stored item's canonical URL matches (left out of the copy).
    public func unmatchedStoryURLs() async throws -> Int {
        try await storyURLRows().unmatched
    }

    public func rows(of table: StoreTable, after: [StoreValue]?, limit: Int) async throws -> [[StoreValue]] {
        if table == .storyURL {
            let rows = try await storyURLRows().rows
            // The first row after the given URL, by binary search over the sorted rows.
            var start = 0
            if let last = after?.first?.text {
                var end = rows.count
                while start < end {
                    let middle = (start + end) / 2
                    if rows[middle].url <= last { start = middle + 1 } else { end = middle }
                }
            }
            return rows[start...].prefix(limit).map { [.text($0.url), .integer($0.story)] }
        }
        let columns = table.columns
        let key = columns.prefix(table.keyCount).map(\.name).joined(separator: ", ")
        var sql = "SELECT \(table.columnList) FROM \(table.rawValue)"
        var arguments: [(any DatabaseValueConvertible)?] = []
        if let after {
            let marks = Array(repeating: "?", count: table.keyCount).joined(separator: ", ")
            sql += " WHERE (\(key)) > (\(marks))"
            arguments = after.prefix(table.keyCount).map(\.databaseValue)
        }
        sql += " ORDER BY \(key) LIMIT \(limit)"
        let query = sql
        let bound = StatementArguments(arguments)
        return try await snapshot.reading("read the rows of \(table.rawValue)") { db in
            let expander = StoredJSON.Expander(db)
            var rows: [[StoreValue]] = []
            let cursor = try Row.fetchCursor(db, sql: query, arguments: bound)
            while let row = try cursor.next() {
                rows.append(try columns.indices.map { try Self.value(row, $0, columns[$0].kind, expander) })
            }
            return rows
        }
    }

    /// The value of a row's column as a copy holds it.
    private static func value(_ row: Row, _ index: Int, _ kind: StoreValue.Kind, _ expander: StoredJSON.Expander)
        throws -> StoreValue
    {
        if row.hasNull(atIndex: index) { return .null }
        switch kind {
        case .integer: return .integer(row[index])
        case .real: return .real(row[index])
        case .text: return .text(row[index])
        case .boolean: return .boolean(row[index])
        case .blob: return .bytes(Array(row[index] as Data))
        case .json:
            let text = try row.withUnsafeData(atIndex: index) { data in
                try data.flatMap { try $0.withUnsafeBytes(expander.text) }
            }
            guard let text else {
                throw FeedStorageError.corruptItem(seq: row[0], cause: "its compressed JSON is damaged")
            }
            return .bytes(text)
        }
    }

    /// `story_url` with each key's URL, found among the stored items (see ``SQLiteStoreExport``); read once.
    private func storyURLRows() async throws -> (rows: [(url: String, story: Int64)], unmatched: Int) {
        if let known = storyURLs.withLock({ $0 }) { return known }
        let found = try await snapshot.reading("match the story URLs to their items") { db in
            var stories: [Int64: Int64] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT url_key, story_id FROM story_url") {
                stories[row[0]] = row[1]
            }
            var urls: [Int64: String] = [:]
            let expander = StoredJSON.Expander(db)
            let decoder = JSONDecoder()
            let items = try Row.fetchCursor(db, sql: "SELECT json FROM item ORDER BY seq")
            while urls.count < stories.count, let row = try items.next() {
                // A damaged item has no URL to give; the copy of the item itself says so.
                guard
                    let text = try row.withUnsafeData(atIndex: 0, { try $0?.withUnsafeBytes(expander.text) }),
                    let item = try? decoder.decode(Item.self, from: Data(text)),
                    let url = CanonicalURL.of(item)
                else { continue }
                let key = CanonicalURL.key(url)
                if stories[key] != nil, urls[key] == nil { urls[key] = url }
            }
            let rows = urls.map { (url: $0.value, story: stories[$0.key]!) }.sorted { $0.url < $1.url }
            return (rows, stories.count - rows.count)
        }
        storyURLs.withLock { $0 = found }
        return found
    }
}

extension SQLiteFeedStore {
    /// The store's rows for a copy into another store, from a snapshot taken now.
    public func export() async throws -> SQLiteStoreExport {
        do {
            return try await SQLiteStoreExport(pool.makeSnapshot())
        } catch {
            throw Self.wrap(error, "take a snapshot of the store")
        }
    }
}

extension StoreValue {
    /// The value as SQLite binds it.
    var databaseValue: (any DatabaseValueConvertible)? {
        switch self {
        case .null: nil
        case .integer(let value): value
        case .real(let value): value
        case .text(let value): value
        case .boolean(let value): value
        case .bytes(let value): Data(value)
        }
    }
}
