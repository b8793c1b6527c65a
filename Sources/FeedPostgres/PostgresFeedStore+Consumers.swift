import FeedModel
import FeedStorage
import Foundation
import PostgresNIO

// Reads and consumer cursors.
extension PostgresFeedStore {
    public func items(_ query: ItemQuery) async throws -> [StoredItem] {
        try await read("read the items after \(query.after)") { connection in
            try await PostgresReads.items(query, connection, logger)
        }
    }

    public func storyMembers(of storyIDs: Set<Int64>, for audience: ItemAudience, cursor: Int64) async throws
        -> [StoryMember]
    {
        try await read("read the items of \(storyIDs.count) stories") { connection in
            try await PostgresReads.storyMembers(of: storyIDs, for: audience, cursor: cursor, connection, logger)
        }
    }

    public func cursor(of consumer: String) async throws -> Int64 {
        try await read("read the cursor of \(consumer)") { connection in
            try await PostgresReads.existingCursor(of: consumer, connection, logger) ?? 0
        }
    }

    public func snapshot() async throws -> any StoreSnapshot {
        do {
            return try await PostgresStoreSnapshot.open(try await connect(), logger: logger)
        } catch {
            throw Self.wrap(error, "take a snapshot of the store")
        }
    }

    public func lockConsumer(_ consumer: String, wait: Bool) async throws -> (any ConsumerLock)? {
        do {
            return try await PostgresSessionLock.take(
                .consumer, consumer, on: try await connect(), wait: wait, logger: logger)
        } catch {
            throw Self.wrap(error, "lock the consumer \(consumer)")
        }
    }

    /// Compare-and-set: the consumer's row is locked (FOR UPDATE, or the insert of a new one) before its cursor is
    /// compared, so of two advances from the same cursor only the first to commit moves it; the second waits for
    /// that commit, then reads the moved cursor and answers false.
    public func advanceCursor(of consumer: String, from expected: Int64, to seq: Int64, seenAt highWater: Int64)
        async throws -> Bool
    {
        try await transaction("advance the cursor of \(consumer)") { connection in
            try await connection.run(
                "INSERT INTO consumer (name, last_seq) VALUES (\(consumer), 0) ON CONFLICT (name) DO NOTHING",
                logger: logger)
            let current = try await connection.first(
                "SELECT last_seq FROM consumer WHERE name = \(consumer) FOR UPDATE", as: Int64.self, logger: logger)
            guard current == expected else { return false }
            // The receipts of items the reader saw in (expected, seq] that an edit has moved since its snapshot
            // (DeliveryRule.recordAdvance).
            try await connection.run(
                """
                INSERT INTO receipt (consumer, origin)
                SELECT \(consumer), origin FROM item_move
                WHERE new_seq > \(highWater) AND old_seq > \(expected) AND old_seq <= \(min(seq, highWater))
                ON CONFLICT DO NOTHING
                """, logger: logger)
            try await connection.run("UPDATE consumer SET last_seq = \(seq) WHERE name = \(consumer)", logger: logger)
            try await connection.run("DELETE FROM peek WHERE consumer = \(consumer)", logger: logger)
            return true
        }
    }

    public func recordPeek(of consumer: String, seenAt highWater: Int64) async throws {
        try await transaction("record a peek of \(consumer)") { connection in
            try await connection.run(
                """
                INSERT INTO peek (consumer, high_water) VALUES (\(consumer), \(highWater))
                ON CONFLICT (consumer) DO UPDATE SET high_water = excluded.high_water
                WHERE peek.high_water IS DISTINCT FROM excluded.high_water
                """, logger: logger)
        }
    }

    public func lastPeek(of consumer: String) async throws -> Int64? {
        try await read("read the last peek of \(consumer)") { connection in
            try await connection.first(
                "SELECT high_water FROM peek WHERE consumer = \(consumer)", as: Int64.self, logger: logger)
        }
    }

    public func startConsumer(_ consumer: String) async throws -> Int64 {
        try await transaction("start the consumer \(consumer)") { connection in
            // The newest seq ever handed out, read in the same statement (the sequencer keeps it even when that
            // item was removed since).
            try await connection.run(
                """
                INSERT INTO consumer (name, last_seq) SELECT \(consumer), last_seq FROM sequencer WHERE id = 1
                ON CONFLICT (name) DO NOTHING
                """, logger: logger)
            return try await PostgresReads.existingCursor(of: consumer, connection, logger) ?? 0
        }
    }

    public func pendingCount(for consumer: String) async throws -> Int {
        // One snapshot for the cursor and the count.
        try await transaction("count what \(consumer) is owed") { connection in
            try await connection.run("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", logger: logger)
            let cursor = try await PostgresReads.existingCursor(of: consumer, connection, logger) ?? 0
            return try await PostgresReads.owed(to: consumer, after: cursor, connection, logger)
        }
    }

    public func removeConsumer(_ consumer: String) async throws -> Int? {
        try await transaction("remove the consumer \(consumer)") { connection in
            guard
                let cursor = try await connection.first(
                    "SELECT last_seq FROM consumer WHERE name = \(consumer) FOR UPDATE", as: Int64.self,
                    logger: logger)
            else { return nil }
            let owed = try await PostgresReads.owed(to: consumer, after: cursor, connection, logger)
            try await connection.run("DELETE FROM consumer WHERE name = \(consumer)", logger: logger)
            try await connection.run("DELETE FROM receipt WHERE consumer = \(consumer)", logger: logger)
            try await connection.run("DELETE FROM peek WHERE consumer = \(consumer)", logger: logger)
            return owed
        }
    }
}
