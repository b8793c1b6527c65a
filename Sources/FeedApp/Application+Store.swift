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

extension Configuration {
    /// Whether ``database`` names a PostgreSQL database rather than a SQLite file.
    public var usesPostgres: Bool { PostgresLocation.isPostgres(database) }
}
