import FeedStorage
import Foundation
import PostgresNIO
import Synchronization

/// A consumer's delivery lock as a PostgreSQL session advisory lock, on a connection of its own: one reader per
/// consumer across every process and host that shares the database. The server releases it when the connection
/// ends, so a reader that dies (or whose host does) frees its consumer
/// (<https://www.postgresql.org/docs/15/explicit-locking.html#ADVISORY-LOCKS>).
final class PostgresConsumerLock: ConsumerLock {
    private let connection: Mutex<PostgresConnection?>

    private init(_ connection: PostgresConnection) { self.connection = Mutex(connection) }

    /// Takes the lock of `consumer` on `connection`: at once, or nil (the connection closed) when another holds
    /// it and `wait` is false; else waits for it.
    static func take(_ consumer: String, on connection: PostgresConnection, wait: Bool, logger: Logger)
        async throws -> PostgresConsumerLock?
    {
        do {
            if wait {
                try await connection.run(
                    "SELECT pg_advisory_lock(\(lockClass), hashtext(\(consumer)))", logger: logger)
                return PostgresConsumerLock(connection)
            }
            let taken = try await connection.first(
                "SELECT pg_try_advisory_lock(\(lockClass), hashtext(\(consumer)))", as: Bool.self, logger: logger)
            if taken == true { return PostgresConsumerLock(connection) }
            try await connection.close()
            return nil
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// The first key of every consumer lock (advisory locks with two 32-bit keys).
    private static let lockClass: Int32 = 0x6665_6564

    func release() {
        // Closing the session releases its advisory locks.
        let held = connection.withLock { connection in
            defer { connection = nil }
            return connection
        }
        // The task holds the connection until it closed (PostgresNIO requires that before it goes away).
        if let held { Task { try? await held.close() } }
    }

    deinit { release() }
}
