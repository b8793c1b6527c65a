import Foundation
import GRDB
import Logging

extension SQLiteFeedStore {
    /// SQLite's delays between tries on a busy database, in milliseconds: those of its own `sqlite3_busy_timeout`
    /// handler (sqliteDefaultBusyCallback, <https://www.sqlite.org/c3ref/busy_timeout.html>), the last repeated.
    static let busyDelays = [1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100]

    /// The busy handler of every connection: a connection kept out by another's lock (a `feedd run` committing
    /// while `feedd dump` moves its cursor) sleeps and tries again as `sqlite3_busy_timeout` would, until `timeout`
    /// is spent and the statement fails with SQLITE_BUSY. Unlike SQLite's own handler it says when a wait begins
    /// (at debug level), so that a command held up by another process shows why, and a test can see the wait.
    static func busyHandler(timeout: TimeInterval, path: String, logger: Logger) -> Database.BusyCallback {
        let limit = Int(timeout * 1000)
        return { tries in
            if tries == 0 {
                logger.debug(
                    "waiting for another connection's lock on the store",
                    metadata: ["database": "\(path)", "timeout_ms": "\(limit)"])
            }
            let last = busyDelays.count - 1
            let slept =
                busyDelays.prefix(min(tries, last)).reduce(0, +) + busyDelays[last] * max(0, tries - last)
            let delay = min(busyDelays[min(tries, last)], limit - slept)
            guard delay > 0 else { return false }
            usleep(UInt32(delay * 1000))
            return true
        }
    }
}
