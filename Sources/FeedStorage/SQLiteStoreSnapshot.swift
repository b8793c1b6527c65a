import GRDB

/// A ``StoreSnapshot`` of a SQLite store: one reader connection holding one read transaction, in which WAL mode
/// keeps the database as it was when the transaction began while writers go on
/// (https://www.sqlite.org/isolation.html).
final class SQLiteStoreSnapshot: StoreSnapshot {
    private let snapshot: DatabaseSnapshot
    let highWater: Int64

    init(_ snapshot: DatabaseSnapshot) async throws {
        self.snapshot = snapshot
        highWater = try await snapshot.read { db in try SQLiteFeedStore.highWater(in: db) }
    }

    func items(_ query: ItemQuery) async throws -> [StoredItem] {
        try await read("read the items after \(query.after)") { db in try SQLiteFeedStore.items(query, in: db) }
    }

    func itemPage(_ query: ItemQuery) async throws -> StoredItemPage {
        try await read("read the items after \(query.after)") { db in try SQLiteFeedStore.itemPage(query, in: db) }
    }

    func storyMembers(of storyIDs: Set<Int64>, for audience: ItemAudience, cursor: Int64) async throws
        -> [StoryMember]
    {
        try await read("read the items of \(storyIDs.count) stories") { db in
            try SQLiteFeedStore.storyMembers(of: storyIDs, for: audience, cursor: cursor, in: db)
        }
    }

    func cursor(of consumer: String) async throws -> Int64 {
        try await read("read the cursor of \(consumer)") { db in try SQLiteFeedStore.cursor(of: consumer, in: db) }
    }

    private func read<T: Sendable>(_ operation: String, _ body: @escaping @Sendable (Database) throws -> T)
        async throws -> T
    {
        try await snapshot.reading(operation, body)
    }
}

extension DatabaseSnapshot {
    /// Runs `body` on the snapshot, its errors naming `operation` as the store's do.
    func reading<T: Sendable>(_ operation: String, _ body: @escaping @Sendable (Database) throws -> T)
        async throws -> T
    {
        do {
            return try await read(body)
        } catch {
            throw SQLiteFeedStore.wrap(error, operation)
        }
    }
}
