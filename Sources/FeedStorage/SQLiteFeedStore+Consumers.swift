import GRDB

extension SQLiteFeedStore {
    public func startConsumer(_ consumer: String) async throws -> Int64 {
        try await write("start the consumer \(consumer)") { db in
            // The newest seq ever handed out (sqlite_sequence keeps it even when that item was removed since).
            try db.execute(
                sql: "INSERT INTO consumer (name, last_seq) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
                arguments: [consumer, try Self.highWater(in: db)])
            return try Self.cursor(of: consumer, in: db)
        }
    }

    public func pendingCount(for consumer: String) async throws -> Int {
        try await read("count what \(consumer) is owed") { db in
            try Self.owed(to: consumer, after: Self.cursor(of: consumer, in: db), in: db)
        }
    }

    public func removeConsumer(_ consumer: String) async throws -> Int? {
        try await write("remove the consumer \(consumer)") { db in
            guard let cursor = try Self.existingCursor(of: consumer, in: db) else { return nil }
            let owed = try Self.owed(to: consumer, after: cursor, in: db)
            try db.execute(sql: "DELETE FROM consumer WHERE name = ?", arguments: [consumer])
            try db.execute(sql: "DELETE FROM receipt WHERE consumer = ?", arguments: [consumer])
            try db.execute(sql: "DELETE FROM peek WHERE consumer = ?", arguments: [consumer])
            return owed
        }
    }

    public func recordPeek(of consumer: String, seenAt highWater: Int64) async throws {
        try await write("record a peek of \(consumer)") { db in
            // A peek of the same snapshot as the last one (a store that did not change between two) changes no row,
            // so its commit writes nothing and waits for no sync.
            try db.execute(
                sql: """
                    INSERT INTO peek (consumer, high_water) VALUES (?, ?)
                    ON CONFLICT (consumer) DO UPDATE SET high_water = excluded.high_water
                    WHERE peek.high_water IS NOT excluded.high_water
                    """,
                arguments: [consumer, highWater])
        }
    }

    public func lastPeek(of consumer: String) async throws -> Int64? {
        try await read("read the last peek of \(consumer)") { db in
            try Int64.fetchOne(db, sql: "SELECT high_water FROM peek WHERE consumer = ?", arguments: [consumer])
        }
    }

    /// The newest seq ever handed out (0 for a store that never held an item).
    static func highWater(in db: Database) throws -> Int64 {
        try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'item'), 0)")) ?? 0
    }

    /// How many stored items after `cursor` the consumer is owed as new.
    private static func owed(to consumer: String, after cursor: Int64, in db: Database) throws -> Int {
        let received = DeliveryRule.received(.consumer(consumer))
        var arguments: StatementArguments = [cursor]
        _ = arguments.append(contentsOf: received.arguments)
        return try Int.fetchOne(
            db, sql: "SELECT COUNT(*) FROM item WHERE seq > ? AND NOT \(received.sql)", arguments: arguments) ?? 0
    }
}
