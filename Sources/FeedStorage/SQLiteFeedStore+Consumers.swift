import GRDB

extension SQLiteFeedStore {
    public func startConsumer(_ consumer: String) async throws -> Int64 {
        try await write("start the consumer \(consumer)") { db in
            // The newest seq ever handed out (sqlite_sequence keeps it even when that item was removed since).
            try db.execute(
                sql: """
                    INSERT INTO consumer (name, last_seq)
                    VALUES (?, COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'item'), 0))
                    ON CONFLICT (name) DO NOTHING
                    """,
                arguments: [consumer])
            return try Self.cursor(of: consumer, in: db)
        }
    }

    public func pendingCount(for consumer: String) async throws -> Int {
        try await read("count what \(consumer) is owed") { db in
            try Self.owed(after: Self.cursor(of: consumer, in: db), in: db)
        }
    }

    public func removeConsumer(_ consumer: String) async throws -> Int? {
        try await write("remove the consumer \(consumer)") { db in
            guard let cursor = try Self.existingCursor(of: consumer, in: db) else { return nil }
            let owed = try Self.owed(after: cursor, in: db)
            try db.execute(sql: "DELETE FROM consumer WHERE name = ?", arguments: [consumer])
            return owed
        }
    }

    /// How many stored items come after `cursor`.
    private static func owed(after cursor: Int64, in db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM item WHERE seq > ?", arguments: [cursor]) ?? 0
    }
}
