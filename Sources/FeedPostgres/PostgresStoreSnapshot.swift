import FeedModel
import FeedStorage
import Foundation
import PostgresNIO

/// A ``StoreSnapshot`` of a PostgreSQL store: a connection of its own holding one REPEATABLE READ, READ ONLY
/// transaction, whose statements all see the database as it was at the transaction's first statement
/// (<https://www.postgresql.org/docs/15/transaction-iso.html#XACT-REPEATABLE-READ>). The connection closes when the
/// snapshot goes away.
actor PostgresStoreSnapshot: StoreSnapshot {
    private let connection: PostgresConnection
    let logger: Logger
    nonisolated let highWater: Int64

    private init(connection: PostgresConnection, logger: Logger, highWater: Int64) {
        self.connection = connection
        self.logger = logger
        self.highWater = highWater
    }

    /// Begins the transaction on `connection` and reads the high water in it (the sequencer, whose value is the
    /// newest committed seq: see PostgresFeedStore).
    static func open(_ connection: PostgresConnection, logger: Logger) async throws -> PostgresStoreSnapshot {
        do {
            try await connection.run("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY", logger: logger)
            let highWater = try await PostgresReads.highWater(connection, logger)
            return PostgresStoreSnapshot(connection: connection, logger: logger, highWater: highWater)
        } catch {
            try? await connection.close()
            throw error
        }
    }

    deinit {
        // Closing ends the transaction; nothing was written in it. The task holds the connection until it closed
        // (PostgresNIO requires a connection to be closed before it goes away).
        let connection = connection
        Task { try? await connection.close() }
    }

    func items(_ query: ItemQuery) async throws -> [StoredItem] {
        try await read("read the items after \(query.after)") { [logger] connection in
            try await PostgresReads.items(query, connection, logger)
        }
    }

    func storyMembers(of storyIDs: Set<Int64>, for audience: ItemAudience, cursor: Int64) async throws
        -> [StoryMember]
    {
        try await read("read the items of \(storyIDs.count) stories") { [logger] connection in
            try await PostgresReads.storyMembers(of: storyIDs, for: audience, cursor: cursor, connection, logger)
        }
    }

    func cursor(of consumer: String) async throws -> Int64 {
        try await read("read the cursor of \(consumer)") { [logger] connection in
            try await PostgresReads.existingCursor(of: consumer, connection, logger) ?? 0
        }
    }

    func read<T: Sendable>(
        _ operation: String, _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        do {
            return try await body(connection)
        } catch {
            throw PostgresFeedStore.wrap(error, operation)
        }
    }
}
