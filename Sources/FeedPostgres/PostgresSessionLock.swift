import FeedStorage
import Foundation
import PostgresNIO
import Synchronization

/// A PostgreSQL session advisory lock on a connection of its own, held across every process and host that shares
/// the database: a consumer's delivery lock (one reader per consumer).
/// The server releases it when the connection ends, so a holder that dies (or whose host does) frees it
/// (<https://www.postgresql.org/docs/15/explicit-locking.html#ADVISORY-LOCKS>).
final class PostgresSessionLock: ConsumerLock {
    /// What a lock is for: the first of its two 32-bit keys, so that a consumer's name never meets another use's.
    enum Kind: Int32 {
        case consumer = 0x6665_6564
        /// A host's slots, held for the transaction that grants one (PostgresFeedStore+HostSlots.swift).
        case host = 0x6665_6568
    }

    private let connection: Mutex<PostgresConnection?>

    private init(_ connection: PostgresConnection) { self.connection = Mutex(connection) }

    /// Takes the lock of `kind` and `name` (hashed by the server, the same in every process) on `connection`: at
    /// once, or nil (the connection closed) when another holds it and `wait` is false; else waits for it.
    static func take(_ kind: Kind, _ name: String, on connection: PostgresConnection, wait: Bool, logger: Logger)
        async throws -> PostgresSessionLock?
    {
        let lockClass = kind.rawValue
        do {
            if wait {
                try await connection.run(
                    "SELECT pg_advisory_lock(\(lockClass), hashtext(\(name)))", logger: logger)
                return PostgresSessionLock(connection)
            }
            let taken = try await connection.first(
                "SELECT pg_try_advisory_lock(\(lockClass), hashtext(\(name)))", as: Bool.self, logger: logger)
            if taken == true { return PostgresSessionLock(connection) }
            try await connection.close()
            return nil
        } catch {
            try? await connection.close()
            throw error
        }
    }

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
