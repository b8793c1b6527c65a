import Foundation
import GRDB

// Internal hooks for tests (`@testable import FeedStorage`): the file's own state, and raw SQL to make the real
// database misbehave (a trigger that aborts, a lock held by another connection).
extension SQLiteFeedStore {
    /// The first value `PRAGMA name` returns (e.g. `journal_mode` → `wal`, `integrity_check` → `ok`).
    func pragma(_ name: String) async throws -> String? {
        try await pool.write { db in try String.fetchOne(db, sql: "PRAGMA \(name)") }
    }

    /// Runs raw SQL in its own write transaction.
    func execute(sql: String) async throws {
        try await pool.write { db in try db.execute(sql: sql) }
    }

    /// Holds the write lock (blocking the store's writer thread, as a slow process would): calls `locked` once it
    /// has it, and lets go when `release` returns true (asked every millisecond).
    func holdWriteLock(locked: @Sendable () -> Void, until release: @Sendable () -> Bool) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE feed SET last_error = last_error")
            locked()
            while !release() { usleep(1000) }
        }
    }
}
