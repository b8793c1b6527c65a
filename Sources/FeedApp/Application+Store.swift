import FeedPostgres
import FeedStorage
import Foundation
import Logging

extension Application {
    /// The store the database string names, the one place that chooses a backend: a `postgresql://` or
    /// `postgres://` URL is a PostgreSQL database (``PostgresLocation``; its password may be `$NAME` or come from
    /// `PGPASSWORD`), anything else a SQLite file's path.
    static func openStore(_ configuration: Configuration, logger: Logger) throws(FeedAppError) -> any FeedStore {
        let database = configuration.database
        if PostgresLocation.isPostgres(database) {
            do throws(PostgresLocationError) {
                let location = try PostgresLocation(parsing: database)
                return PostgresFeedStore(
                    location: location, storyWindow: configuration.defaults.storyWindow, logger: logger)
            } catch {
                throw .config("database: \(error.description)")
            }
        }
        do {
            return try SQLiteFeedStore(path: database, storyWindow: configuration.defaults.storyWindow, logger: logger)
        } catch {
            throw .io("cannot open the store \(database): \(error)")
        }
    }
}

extension Application {
    /// One `feedd run` per PostgreSQL database for now: the store's run lock (a session advisory lock the server
    /// releases when the process dies), or an error when another process holds it; nil for a SQLite store, whose
    /// ``RunLock`` is a file beside it.
    func lockPostgresRun() async throws -> (any ConsumerLock)? {
        guard let store = store as? PostgresFeedStore else { return nil }
        guard let lock = try await store.lockRun() else {
            throw FeedAppError.usage(
                "another feedd run already polls this PostgreSQL database; fetch, dump, status and parse work beside it"
            )
        }
        return lock
    }
}

extension Configuration {
    /// Whether ``database`` names a PostgreSQL database rather than a SQLite file.
    public var usesPostgres: Bool { PostgresLocation.isPostgres(database) }
}
